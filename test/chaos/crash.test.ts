import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { useReceivers } from '../helpers/receiver.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { splitPublishes, tallyDeliveries } from './support/deliveries.ts';
import { createPublisher, forEachConcurrently, range, viaFor } from './support/publish-load.ts';
import { connectSource, remoteApi } from './support/remote-api.ts';
import { abandonedSessions, hookrelayEnv, useServerProcesses } from './support/servers.ts';

const TOTAL = 2_000;
const PUBLISHERS = 16;
const CONCURRENCY = 50;
// Only deliveries sent but not yet recorded at the kill can go out again: those in flight plus
// finished ones waiting for their group commit. A small share of the load, not a second round.
const MAX_DUPLICATE_SHARE = 0.05;
const SOURCE = 'chaos-crash';

describe('crash', () => {
  const databaseUrl = useTestDatabase();
  const startServer = useServerProcesses();
  const startReceiver = useReceivers();

  it('delivers every accepted event at least once after kill -9 and a restart, duplicates under their own webhook-id', async () => {
    // A few milliseconds per answer keep deliveries in flight when the kill comes.
    const receiver = await startReceiver({ respond: () => ({ status: 200, delayMs: 20 }) });
    const env = hookrelayEnv(databaseUrl(), { HOOKRELAY_CONCURRENCY: String(CONCURRENCY) });
    let server: ServerProcess | undefined = await startServer(env);
    const api = remoteApi(() => server?.url);
    await connectSource(api, SOURCE, receiver.url);
    const deliveries = tallyDeliveries(receiver);
    const publisher = createPublisher(api, SOURCE);
    const abandonedBefore = await abandonedSessions(databaseUrl());

    const loadStarted = performance.now();
    const load = forEachConcurrently(range(0, TOTAL), PUBLISHERS, (n) => publisher.publishUntilAccepted(n));
    // Mid-way: half the events accepted, and deliveries flowing while publishes are in flight.
    await eventually(async () => (publisher.accepted.size >= TOTAL / 2 && deliveries.count() > 0 ? true : undefined), 60_000, 'half the load');
    const killedAt = performance.now();
    const killed = server;
    server = undefined;
    killed.kill('SIGKILL');
    expect(await killed.exited).toBeNull();
    const acceptedAtKill = publisher.accepted.size;
    const deliveredAtKill = deliveries.count();
    server = await startServer(env);
    const restartMs = performance.now() - killedAt;

    await load;
    const loadMs = performance.now() - loadStarted;
    const drainMs = await deliveries.waitForAll(range(0, TOTAL), 120_000);
    await deliveries.settle(1_500);

    // Every publish was answered with a success in the end (retries reuse the idempotency key).
    expect(publisher.accepted.size).toBe(TOTAL);
    // One publish, one event: no n arrived under two webhook-ids.
    expect(splitPublishes(deliveries)).toEqual([]);
    // GraphQL answers name the event; that is the webhook-id the receiver saw.
    const misnamed = [...publisher.accepted]
      .filter(([n]) => viaFor(n) === 'graphql')
      .filter(([n, answer]) => !deliveries.idsByN().get(n)?.has(answer.eventIds?.[0] ?? ''));
    expect(misnamed).toEqual([]);
    const duplicates = deliveries.duplicates();
    expect(duplicates).toBeLessThanOrEqual(TOTAL * MAX_DUPLICATE_SHARE);
    // The killed process could not close its sessions; graceful-shutdown.test.ts relies on this probe.
    await eventually(async () => ((await abandonedSessions(databaseUrl())) > abandonedBefore ? true : undefined), 5_000, 'abandoned sessions');

    const unanswered = publisher.records.filter((record) => record.outcome.kind !== 'accepted').length;
    const replayed = [...publisher.accepted.values()].filter((answer) => answer.replayed).length;
    console.log(
      `[chaos crash] ${TOTAL} accepted in ${Math.round(loadMs)} ms (${acceptedAtKill} before the kill at ` +
        `${Math.round(killedAt - loadStarted)} ms, ${deliveredAtKill} deliveries by then); ` +
        `${unanswered} publish calls failed around the kill and were retried, ${replayed} of those answered as replays; ` +
        `back up ${Math.round(restartMs)} ms after the kill; all delivered ${Math.round(drainMs)} ms after the load ended; ` +
        `${deliveries.count()} requests, ${duplicates} duplicates (${((duplicates / TOTAL) * 100).toFixed(2)} %)`,
    );
  });
});
