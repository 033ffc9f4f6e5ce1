import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { useReceivers } from '../helpers/receiver.ts';
import { splitPublishes, tallyDeliveries } from './support/deliveries.ts';
import { countWhile, createPublisher, forEachConcurrently, range, type PublishRecord } from './support/publish-load.ts';
import { connectSource, remoteApi } from './support/remote-api.ts';
import { startRestartablePostgres, type RestartablePostgres } from './support/restartable-postgres.ts';
import { hookrelayEnv, useServerProcesses } from './support/servers.ts';

const OUTAGE_MS = 10_000;
const PUBLISHERS = 4;
const SOURCE = 'chaos-outage';
// Published just before the outage with a delay that makes them due in the middle of it.
const DELAYED_SOURCE = 'chaos-outage-delayed';
const DELAYED = { from: 1_000_000, count: 20, delayMs: 5_000 };

/** The answer the API promises while the database is away: 503 over REST, SERVICE_UNAVAILABLE in GraphQL. */
const isUnavailable = ({ via, outcome }: PublishRecord) =>
  outcome.kind === 'refused' && outcome.code === 'SERVICE_UNAVAILABLE' && (via === 'graphql' || outcome.httpStatus === 503);

describe('database outage', () => {
  const startServer = useServerProcesses();
  const startReceiver = useReceivers();
  let database: RestartablePostgres | undefined;
  afterEach(async () => {
    await database?.close();
  });

  it('answers 503 while PostgreSQL is down, never a false success, and delivers every accepted event once it is back, without a restart', async () => {
    database = await startRestartablePostgres();
    const receiver = await startReceiver();
    const server = await startServer(hookrelayEnv(database.url));
    const api = remoteApi(() => server.url);
    await connectSource(api, SOURCE, receiver.url);
    await connectSource(api, DELAYED_SOURCE, receiver.url, { delayMs: DELAYED.delayMs });
    const deliveries = tallyDeliveries(receiver);
    const publisher = createPublisher(api, SOURCE);
    const delayedPublisher = createPublisher(api, DELAYED_SOURCE);

    let publishing = true;
    const load = forEachConcurrently(countWhile(() => publishing), PUBLISHERS, async (n) => {
      const outcome = await publisher.publishOnce(n);
      // A refused caller backs off a little; this phase records answers, it does not retry.
      await sleep(outcome.kind === 'accepted' ? 20 : 100);
    });
    await sleep(1_000);
    await forEachConcurrently(range(DELAYED.from, DELAYED.from + DELAYED.count), PUBLISHERS, (n) => delayedPublisher.publishUntilAccepted(n, 5_000));
    await sleep(1_000);
    const outageStarted = performance.now();
    await database.stop();
    await sleep(OUTAGE_MS - 1_000);
    // Nothing is published from here until every accepted event has arrived: whatever arrives
    // after the database is back, Hookrelay found and sent on its own.
    publishing = false;
    await load;
    await sleep(Math.max(0, OUTAGE_MS - (performance.now() - outageStarted)));
    const loadRecords = [...publisher.records];
    // Still the process that started: it must ride out the outage, not exit (a supervisor's
    // restart would hide a crash).
    expect(server.running(), `Hookrelay exited during the outage:\n${server.output().slice(-3_000)}`).toBe(true);
    await database.start();
    const outageEnded = performance.now();
    const accepted = [...publisher.accepted.keys(), ...delayedPublisher.accepted.keys()];
    const pendingAtReturn = accepted.filter((n) => !deliveries.idsByN().has(n)).length;
    const resumeMs = await deliveries.waitForAll(accepted, 60_000);

    // Publishing works again: what was refused goes through when sent again with its idempotency key.
    const refusedNs = [...new Set(loadRecords.map((record) => record.n))].filter((n) => !publisher.accepted.has(n));
    await forEachConcurrently(refusedNs, PUBLISHERS, (n) => publisher.publishUntilAccepted(n, 30_000));
    const allNs = [...new Set([...loadRecords.map((record) => record.n), ...delayedPublisher.accepted.keys()])];
    await deliveries.waitForAll(allNs, 30_000);
    await deliveries.settle(1_000);

    expect(server.running()).toBe(true);
    // Every answer under load was a success or the documented refusal: no 500s, no hangs.
    expect(loadRecords.filter((record) => record.outcome.kind !== 'accepted' && !isUnavailable(record))).toEqual([]);
    // Publishes made entirely inside the outage were all refused, and there were some.
    const inside = loadRecords.filter((record) => record.startedAt > outageStarted && record.finishedAt < outageEnded);
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.filter((record) => record.outcome.kind === 'accepted')).toEqual([]);
    // The delayed events came due during the outage; they were delivered after it, unprompted.
    const delayedBeforeReturn = receiver.requests.filter(
      (request) => request.receivedAt < outageEnded && (JSON.parse(request.body) as { n: number }).n >= DELAYED.from,
    );
    expect(delayedBeforeReturn).toEqual([]);
    // Every accepted publish arrived (waitForAll above), each as one event.
    expect(splitPublishes(deliveries)).toEqual([]);

    const refusedThenStored = refusedNs.filter((n) => publisher.accepted.get(n)?.replayed).length;
    console.log(
      `[chaos outage] ${loadRecords.length} publishes under load: ${loadRecords.length - refusedNs.length} accepted, ` +
        `${loadRecords.filter(isUnavailable).length} SERVICE_UNAVAILABLE (${inside.length} made inside the ${OUTAGE_MS} ms outage); ` +
        `${pendingAtReturn} accepted events (${DELAYED.count} of them delayed) still to deliver when PostgreSQL came back, all delivered ` +
        `${Math.round(resumeMs)} ms later without a publish or restart; ${refusedNs.length} refused publishes sent again and accepted, ` +
        `${refusedThenStored} of them had been stored despite the refusal (replayed); ${deliveries.duplicates()} duplicates`,
    );
  });
});
