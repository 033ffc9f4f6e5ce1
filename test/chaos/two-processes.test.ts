import { describe, expect, it } from 'vitest';
import { DeliveryStatus } from '../documents.ts';
import { subscribe } from '../helpers/app.ts';
import { createTestDatabase, useTestDatabase } from '../helpers/database.ts';
import { useReceivers } from '../helpers/receiver.ts';
import { tallyDeliveries } from './support/deliveries.ts';
import { createPublisher, forEachConcurrently, range } from './support/publish-load.ts';
import { connectSource, remoteApi } from './support/remote-api.ts';
import { attemptsMadeBy, hookrelayEnv, useServerProcesses } from './support/servers.ts';

const TOTAL = 500;
const SOURCE = 'chaos-pair';

describe('two processes on one database', () => {
  const databaseUrl = useTestDatabase();
  const startServer = useServerProcesses();
  const startReceiver = useReceivers();

  it('start at the same moment on a fresh database', async () => {
    // Two replicas of one deployment come up together; both must set the database up or wait for it.
    const database = await createTestDatabase();
    const env = hookrelayEnv(database.url);
    const started = await Promise.allSettled([startServer(env), startServer(env)]);
    try {
      expect(started.filter((result) => result.status === 'rejected')).toEqual([]);
    } finally {
      await Promise.all(started.map((result) => result.status === 'fulfilled' && result.value.stop(5_000)));
      await database.drop();
    }
  });

  it('share the deliveries, each event delivered exactly once, and either one streams the other’s attempts', async () => {
    const receiver = await startReceiver();
    const env = hookrelayEnv(databaseUrl());
    // One after the other: starting together is the test above.
    const a = await startServer(env);
    const b = await startServer(env);
    const apiA = remoteApi(() => a.url);
    const apiB = remoteApi(() => b.url);
    await connectSource(apiA, SOURCE, receiver.url);
    const deliveries = tallyDeliveries(receiver);

    // Subscribed on A before anything is published; no message says a subscription is live, so
    // a first event published through B must come back on it before the load starts.
    const ws = apiA.ws();
    const connected = new Promise<void>((resolve) => ws.on('connected', () => resolve()));
    const live = subscribe(ws, DeliveryStatus, { sourceName: SOURCE });
    try {
      await connected;
      const publishers = [createPublisher(apiA, SOURCE), createPublisher(apiB, SOURCE)];
      await publishers[1].publishUntilAccepted(0);
      await live.waitFor((items) => items.some((item) => item.deliveryStatus.attempt !== null), 10_000);

      // Half the events published through each process.
      await forEachConcurrently(range(1, TOTAL), 8, (n) => publishers[n % 2].publishUntilAccepted(n));
      await deliveries.waitForAll(range(0, TOTAL), 60_000);
      await deliveries.settle(1_500);

      // Exactly once at the receiver...
      expect(deliveries.count()).toBe(TOTAL);
      expect(deliveries.byId().size).toBe(TOTAL);
      // ... and in the stored history: one successful attempt per event.
      const events = await apiB.eventsOf(SOURCE);
      expect(events).toHaveLength(TOTAL);
      expect(events.filter((event) => event.status !== 'SUCCESSFUL' || event.attemptCount !== 1)).toEqual([]);

      // Both processes made attempts, and together exactly one per event.
      const [byA, byB] = await Promise.all([attemptsMadeBy(a), attemptsMadeBy(b)]);
      expect(byA).toBeGreaterThan(0);
      expect(byB).toBeGreaterThan(0);
      expect(byA + byB).toBe(TOTAL);

      // A's subscriber saw every attempt, B's among them.
      const attemptsSeenOnA = () => new Set(live.items.flatMap((item) => item.deliveryStatus.attempt?.id ?? []));
      await live.waitFor(() => attemptsSeenOnA().size >= TOTAL, 15_000).catch(() => undefined);
      expect(attemptsSeenOnA().size).toBe(TOTAL);
      console.log(
        `[chaos pair] ${TOTAL} events: ${byA} attempts by A (pid ${a.pid}), ${byB} by B (pid ${b.pid}); ` +
          `A's subscriber got ${live.items.length} updates`,
      );
    } finally {
      live.stop();
      await ws.dispose();
    }
  });
});
