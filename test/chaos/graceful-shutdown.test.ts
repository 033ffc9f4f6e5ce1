import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EventById } from '../documents.ts';
import { eventually } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { useReceivers, type ReceiverResponse } from '../helpers/receiver.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { tallyDeliveries } from './support/deliveries.ts';
import { createPublisher, forEachConcurrently, range } from './support/publish-load.ts';
import { connectSource, remoteApi } from './support/remote-api.ts';
import { abandonedSessions, hookrelayEnv, otherSessions, useServerProcesses } from './support/servers.ts';

const CONCURRENCY = 4;
const EVENTS = 12;
const SLOW_MS = 3_000;
// HOOKRELAY_SHUTDOWN_TIMEOUT_MS: attempts under way get this long to finish; SLOW_MS fits, a hang does not.
const SHUTDOWN_TIMEOUT_MS = 5_000;
// main.ts gives up and exits with 1 after this long.
const HARD_DEADLINE_MS = 20_000;
const SOURCE = 'chaos-shutdown';

describe('graceful shutdown', () => {
  const databaseUrl = useTestDatabase();
  const startServer = useServerProcesses();
  const startReceiver = useReceivers();

  it('on SIGTERM takes no new deliveries, exits 0 with its sessions closed, and the restarted process retries what it interrupted', async () => {
    let slow = true;
    // While the first process runs, one delivery never gets an answer (it cannot finish before the
    // process must exit) and the others take SLOW_MS; afterwards every answer is immediate.
    const receiver = await startReceiver({
      respond: (_request, index): ReceiverResponse => (!slow ? { status: 200 } : index === 0 ? 'hang' : { status: 200, delayMs: SLOW_MS }),
    });
    const env = hookrelayEnv(databaseUrl(), {
      HOOKRELAY_CONCURRENCY: String(CONCURRENCY),
      HOOKRELAY_DELIVERY_TIMEOUT_MS: '15000',
      HOOKRELAY_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    let server: ServerProcess = await startServer(env);
    const first = server;
    const api = remoteApi(() => server.url);
    await connectSource(api, SOURCE, receiver.url);
    const abandonedBefore = await abandonedSessions(databaseUrl());
    const publisher = createPublisher(api, SOURCE);
    await forEachConcurrently(range(0, EVENTS), CONCURRENCY, (n) => publisher.publishUntilAccepted(n));
    await receiver.waitForRequests(CONCURRENCY, 10_000);
    // Every slot busy, and the rest of the events due and waiting.
    await sleep(300);
    const inFlight = [...receiver.requests];
    expect(inFlight).toHaveLength(CONCURRENCY);

    const terminatedAt = performance.now();
    first.kill('SIGTERM');
    const code = await first.exited;
    const exitMs = performance.now() - terminatedAt;
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(HARD_DEADLINE_MS);
    // The unanswered delivery was given up at the shutdown timeout, not waited for until the
    // attempt timeout (15 s); a few seconds more close the rest.
    expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 4_000);
    // Slots freed by the slow answers did not take the waiting events.
    expect(receiver.requests.filter((request) => request.receivedAt > terminatedAt)).toEqual([]);
    // It closed its pools: no session of this database ended by the client just vanishing.
    await eventually(async () => ((await otherSessions(databaseUrl())) === 0 ? true : undefined), 5_000, 'sessions of the stopped process to end');
    expect(await abandonedSessions(databaseUrl())).toBe(abandonedBefore);

    slow = false;
    const restartedAt = performance.now();
    const restartedAtClock = Date.now();
    server = await startServer(env);
    const deliveries = tallyDeliveries(receiver);
    await deliveries.waitForAll(range(0, EVENTS), 60_000);
    const settled = await eventually(
      async () => {
        const events = await api.eventsOf(SOURCE);
        return events.length === EVENTS && events.every((event) => event.status === 'SUCCESSFUL') ? events : undefined;
      },
      60_000,
      'every event to succeed after the restart',
    );
    expect(settled).toHaveLength(EVENTS);

    const sentAfterRestart = (id: string) => (deliveries.byId().get(id) ?? []).filter((request) => request.receivedAt > restartedAt);
    const hungId = inFlight[0].headers['webhook-id'];
    // The delivery the first process could not finish was sent again, by the restarted process.
    expect(sentAfterRestart(hungId).length).toBeGreaterThan(0);
    const hung = (await api.gql(EventById, { id: hungId })).event;
    expect(hung?.attempts.at(-1)).toMatchObject({ status: 'SUCCESSFUL', responseStatus: 200 });
    // Each slow one was either recorded by the first process or sent again by the second: never dropped.
    const slowOutcomes = await Promise.all(
      inFlight.slice(1).map(async (request) => {
        const id = request.headers['webhook-id'];
        const event = (await api.gql(EventById, { id })).event;
        const recordedBeforeExit = event?.attempts.some((attempt) => attempt.status === 'SUCCESSFUL' && Date.parse(attempt.requestedAt) < restartedAtClock);
        return { id, recordedBeforeExit, sentAgain: sentAfterRestart(id).length > 0 };
      }),
    );
    expect(slowOutcomes.filter((outcome) => !outcome.recordedBeforeExit && !outcome.sentAgain)).toEqual([]);
    // Events that were only waiting at SIGTERM went out from the restarted process alone.
    const inFlightIds = new Set(inFlight.map((request) => request.headers['webhook-id']));
    const waitingIds = [...deliveries.byId().keys()].filter((id) => !inFlightIds.has(id));
    expect(waitingIds).toHaveLength(EVENTS - CONCURRENCY);
    expect(waitingIds.filter((id) => sentAfterRestart(id).length !== deliveries.byId().get(id)?.length)).toEqual([]);

    const hungRetryMs = Math.min(...sentAfterRestart(hungId).map((request) => request.receivedAt)) - restartedAt;
    console.log(
      `[chaos shutdown] exit code ${code} ${Math.round(exitMs)} ms after SIGTERM with ${CONCURRENCY} deliveries in flight; ` +
        `slow ones recorded before exit: ${slowOutcomes.filter((outcome) => outcome.recordedBeforeExit).length}, sent again: ` +
        `${slowOutcomes.filter((outcome) => outcome.sentAgain).length}; the unanswered one sent again ${Math.round(hungRetryMs)} ms after the restart began`,
    );
  });
});
