import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { DestinationHealth, IssueUpdates, PauseConnection, SetRateLimit, UnpauseConnection, UpsertConnection } from './documents.ts';
import type { UpsertConnectionInput } from './generated/graphql.ts';
import { eventually, startTestApp, subscribe, useTestApp, wsClient } from './helpers/app.ts';
import { deliveryFlows } from './helpers/flows.ts';
import { startReceiver, type Receiver, type Respond } from './helpers/receiver.ts';

/**
 * What keeps Hookrelay from overwhelming a receiver: strict rate limits, one attempt at a time to
 * a failing destination, 410 Gone, and a user-agent receivers can recognise.
 */
const ALERT_SECRET = `whsec_${Buffer.alloc(24, 5).toString('base64')}`;
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/**
 * Slots are exact in the database, and sends kept to them within 3 ms here. Arrivals are less
 * exact: the first request of each process also opens its connection, so it arrives later after
 * leaving than those that reuse one, and the receiver shares its event loop with both apps. Over
 * six runs the tightest second measured 988 ms.
 */
const ARRIVAL_TOLERANCE_MS = 30;

// Started before the app, which needs its URL; closed with the receivers after the file.
const alerts = await startReceiver();
const receivers: Receiver[] = [alerts];
afterAll(() => Promise.all(receivers.map((r) => r.close())));
const fixture = useTestApp({ deliveryTimeoutMs: 1_000, disableAfterFailures: 20, alertUrl: alerts.url, alertSecret: ALERT_SECRET });
const app = () => fixture.t;

const { connect, publish, eventById } = deliveryFlows(app, 'guard');
const noRetries = { retry: { strategy: 'LINEAR' as const, count: 0, intervalMs: 100 } };

async function receiver(respond?: Respond) {
  const started = await startReceiver(respond ? { respond } : {});
  receivers.push(started);
  return started;
}

type Connection = Awaited<ReturnType<typeof connect>>;
const setDestination = (connection: Connection, url: string, destination: Partial<UpsertConnectionInput['destination']>) =>
  app().raw(SetRateLimit, { input: { name: connection.name, source: { name: connection.source.name }, destination: { name: connection.destination.name, url, ...destination } } });

/** The shortest time from an arrival to the `limit`-th after it: under 1 s, some second held more than `limit`. */
const tightestSecond = (times: number[], limit: number) => Math.min(...times.slice(limit).map((time, i) => time - (times[i] as number)));

describe('rate limits', () => {
  it('never lets more than the limit into any sliding second, with two processes delivering', async () => {
    const target = await receiver();
    const connection = await connect(target.url);
    expect((await setDestination(connection, target.url, { rateLimitPerSecond: 10 })).errors).toBeUndefined();
    // A second process on the same database: both claim, and share the one schedule.
    const other = await startTestApp(fixture.databaseUrl, { deliveryTimeoutMs: 1_000 });
    try {
      // Published while paused, so that the publishes do not share the event loop with the sends.
      await app().gql(PauseConnection, { id: connection.id });
      const published = await Promise.all(Array.from({ length: 40 }, (_, n) => publish(connection.source.name, { n })));
      await app().gql(UnpauseConnection, { id: connection.id });
      const requests = await target.waitForRequests(40, 15_000);
      expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(published.map((p) => p.events[0].id)));
      const times = requests.map((r) => r.receivedAt).sort((a, b) => a - b);
      // Before: 21 arrived within one second (a full bucket of 10, then its refill).
      expect(tightestSecond(times, 10)).toBeGreaterThanOrEqual(1_000 - ARRIVAL_TOLERANCE_MS);
      // Slots are 100 ms apart from the first: 40 take 3.9 s, and nothing held them back longer.
      expect((times.at(-1) as number) - (times[0] as number)).toBeLessThan(5_000);
    } finally {
      await other.stop();
    }
  });

  it('takes a count per minute: the second of two per minute is due 30 s after the first', async () => {
    const target = await receiver();
    const connection = await connect(target.url);
    const { data } = await setDestination(connection, target.url, { rateLimit: { count: 2, period: 'MINUTE' } });
    expect(data?.upsertConnection.destination).toMatchObject({ rateLimit: { count: 2, period: 'MINUTE' }, rateLimitPerSecond: null });
    const publishedAt = Date.now();
    const [first, second] = (await publish(connection.source.name, { n: 1 })).events.concat((await publish(connection.source.name, { n: 2 })).events);
    await target.waitForRequests(1);
    const waiting = await eventually(async () => {
      const event = await eventById(second!.id);
      return event.nextAttemptAt && new Date(event.nextAttemptAt).getTime() - publishedAt > 1_000 ? event : undefined;
    });
    expect(waiting.status).toBe('QUEUED');
    expect(new Date(waiting.nextAttemptAt!).getTime() - publishedAt).toBeGreaterThan(29_000);
    expect(new Date(waiting.nextAttemptAt!).getTime() - publishedAt).toBeLessThan(31_000);
    expect(target.requests.map((r) => r.headers['webhook-id'])).toEqual([first!.id]);
  });

  it('reads rateLimitPerSecond as a limit per second, and refuses both at once', async () => {
    const connection = await connect('http://127.0.0.1:9/in');
    const url = 'http://127.0.0.1:9/in';
    const perSecond = await setDestination(connection, url, { rateLimitPerSecond: 7 });
    expect(perSecond.data?.upsertConnection.destination).toMatchObject({ rateLimit: { count: 7, period: 'SECOND' }, rateLimitPerSecond: 7 });
    const both = await setDestination(connection, url, { rateLimitPerSecond: 7, rateLimit: { count: 7, period: 'SECOND' } });
    expect(both.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/rateLimit.*not both/) });
    const removed = await setDestination(connection, url, { rateLimit: null });
    expect(removed.data?.upsertConnection.destination).toMatchObject({ rateLimit: null, rateLimitPerSecond: null });
  });
});

describe('a failing destination', () => {
  it('gets one attempt at a time: with 25 events it sees exactly 20, is disabled, and holds the other 5', async () => {
    const target = await receiver(() => ({ status: 503, delayMs: 50 }));
    const connection = await connect(target.url, noRetries);
    const first = (await publish(connection.source.name, { n: 0 })).events[0].id;
    await eventually(async () => ((await eventById(first)).status === 'FAILED' ? true : undefined));
    // The destination is failing now: 24 more at once. Before: all 24 were sent side by side.
    const ids = (await Promise.all(Array.from({ length: 24 }, (_, n) => publish(connection.source.name, { n: n + 1 })))).map((p) => p.events[0].id);
    const statuses = await eventually(async () => {
      const all = await Promise.all(ids.map(async (id) => (await eventById(id)).status));
      return all.every((status) => status === 'FAILED' || status === 'HOLD') ? all : undefined;
    }, 20_000);
    expect(statuses.filter((s) => s === 'FAILED')).toHaveLength(19);
    expect(statuses.filter((s) => s === 'HOLD')).toHaveLength(5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(target.requests).toHaveLength(20);
    // One at a time: each request came after the one before had been answered (50 ms later).
    const times = target.requests.map((r) => r.receivedAt);
    expect(Math.min(...times.slice(1).map((time, i) => time - (times[i] as number)))).toBeGreaterThanOrEqual(50);
    const health = await app().gql(DestinationHealth, { sourceName: connection.source.name });
    expect(health.source?.connections.edges[0]?.node.destination).toMatchObject({ consecutiveFailures: 20, disabledReason: '20 consecutive events failed' });
  });

  it('gets its whole concurrency back once a probe succeeds', async () => {
    const state = { down: true };
    const target = await receiver(() => (state.down ? { status: 500 } : { status: 200, delayMs: 300 }));
    const connection = await connect(target.url, noRetries);
    const failing = (await publish(connection.source.name, { n: 0 })).events[0].id;
    await eventually(async () => ((await eventById(failing)).status === 'FAILED' ? true : undefined));
    state.down = false;
    await Promise.all(Array.from({ length: 10 }, (_, n) => publish(connection.source.name, { n: n + 1 })));
    const requests = await target.waitForRequests(11);
    const times = requests.slice(1).map((r) => r.receivedAt);
    // The probe alone, answered after 300 ms; then the other nine together.
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(300);
    expect((times.at(-1) as number) - (times[1] as number)).toBeLessThan(250);
  });
});

describe('410 Gone', () => {
  it('disables the destination at once, does not retry, holds its pending events, and alerts (with our user-agent)', async () => {
    const target = await receiver(() => ({ status: 410, body: 'gone' }));
    const connection = await connect(target.url, { retry: { strategy: 'LINEAR', count: 5, intervalMs: 50 } });
    // A second connection to the same destination, its event waiting: pending when the 410 comes.
    await app().gql(UpsertConnection, {
      input: { name: `${connection.name}-later`, source: { name: connection.source.name }, destination: { name: connection.destination.name, url: target.url }, rules: { delayMs: 60_000 } },
    });
    const ws = wsClient(app().app);
    const updates = subscribe(ws, IssueUpdates, { sourceName: connection.source.name });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { events } = await publish(connection.source.name, { gone: true });
    const now = events.find((e) => e.connection.id === connection.id);
    const later = events.find((e) => e.connection.id !== connection.id);
    const failed = await eventually(async () => {
      const event = await eventById(now!.id);
      return event.status === 'FAILED' ? event : undefined;
    });
    expect(failed).toMatchObject({ attemptCount: 1, nextAttemptAt: null, lastResponseStatus: 410 });
    expect((await eventById(later!.id)).status).toBe('HOLD');
    const health = await app().gql(DestinationHealth, { sourceName: connection.source.name });
    expect(health.source?.connections.edges[0]?.node.destination).toMatchObject({ consecutiveFailures: 1, disabledReason: 'the receiver answered 410 Gone' });
    await updates.waitFor((items) => items.some((i) => i.issueUpdates.change === 'DESTINATION_DISABLED'));
    const alert = await eventually(async () => alerts.requests.find((r) => r.body.includes('destination.disabled') && r.body.includes(connection.destination.id)));
    const body = new Webhook(ALERT_SECRET).verify(alert.body, alert.headers as Record<string, string>) as { data: { reason: string } };
    expect(body.data.reason).toBe('the receiver answered 410 Gone');
    expect(alert.headers['user-agent']).toBe(`Hookrelay/${VERSION}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(target.requests).toHaveLength(1);
    updates.stop();
    await ws.dispose();
  });
});

describe('user-agent', () => {
  it('is Hookrelay/<version> on every delivery; a published user-agent does not replace it', async () => {
    const target = await receiver();
    const connection = await connect(target.url);
    await publish(connection.source.name, { n: 1 }, { headers: { 'User-Agent': 'acme-backend/9', 'x-acme': 'kept' } });
    const [request] = await target.waitForRequests(1);
    expect(request?.headers['user-agent']).toBe(`Hookrelay/${VERSION}`);
    expect(request?.headers['x-acme']).toBe('kept');
  });
});
