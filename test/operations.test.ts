import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcknowledgeIssue,
  BulkRetry,
  BulkRetryProgress,
  CancelEvent,
  DestinationHealth,
  DisableDestination,
  EnableDestination,
  EventById,
  Issues,
  IssueUpdates,
  ResolveIssue,
  RetryEvent,
} from './documents.ts';
import { eventually, startTestApp, subscribe, wsClient, type TestApp } from './helpers/app.ts';
import { createTestDatabase, queryDatabase, type TestDatabase } from './helpers/database.ts';
import { deliveryFlows } from './helpers/flows.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { SLOT_TOLERANCE_MS } from '../src/delivery/rate-limit.ts';

const ALERT_SECRET = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;

let database: TestDatabase;
let alerts: Receiver;
let app: TestApp;
const receivers: Receiver[] = [];

beforeAll(async () => {
  alerts = await startReceiver();
  database = await createTestDatabase();
  app = await startTestApp(database.url, {
    deliveryTimeoutMs: 1_000,
    recoveryIntervalMs: 1_000,
    disableAfterFailures: 20,
    alertUrl: alerts.url,
    alertSecret: ALERT_SECRET,
  });
});
afterAll(async () => {
  await app?.stop();
  await database?.drop();
  await Promise.all([alerts, ...receivers].map((r) => r?.close()));
});

const { connect, publish, eventById, settled } = deliveryFlows(() => app, 'ops');

/** A receiver that answers 503 while `down` is true, and 200 afterwards. */
async function switchableReceiver() {
  const state = { down: true };
  const receiver = await startReceiver({ respond: () => (state.down ? { status: 503, body: 'down for maintenance' } : { status: 200, body: 'ok' }) });
  receivers.push(receiver);
  return { receiver, state };
}

async function metric(name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${app.app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const noRetries = { retry: { strategy: 'LINEAR' as const, count: 0, intervalMs: 100 } };

describe('a destination down for 25 events, then back', () => {
  it('is disabled after 20 failures with an issue and alerts; enabled and bulk-retried, every event arrives exactly once more', async () => {
    const { receiver, state } = await switchableReceiver();
    const connection = await connect(receiver.url, noRetries);
    const source = connection.source.name;
    const ws = wsClient(app.app);
    const updates = subscribe(ws, IssueUpdates, { sourceName: source });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const attemptsFailedBefore = await metric('hookrelay_attempts_total', '{outcome="failure",status_class="5xx"}');

    const eventIds: string[] = [];
    for (let n = 1; n <= 25; n += 1) {
      const published = await publish(source, { n });
      const id = published.events[0].id;
      eventIds.push(id);
      await eventually(async () => {
        const event = await eventById(id);
        return ['FAILED', 'HOLD'].includes(event.status) ? event : undefined;
      });
    }

    const statuses = await Promise.all(eventIds.map(async (id) => (await eventById(id)).status));
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill('FAILED'));
    expect(statuses.slice(20)).toEqual(Array(5).fill('HOLD'));
    expect(receiver.requests).toHaveLength(20);

    const health = await app.gql(DestinationHealth, { sourceName: source });
    const destination = health.source?.connections.edges[0]?.node.destination;
    expect(destination).toMatchObject({ id: connection.destination.id, consecutiveFailures: 20, disabledReason: '20 consecutive events failed' });
    expect(destination?.disabledAt).not.toBeNull();

    const { issues } = await app.gql(Issues, { sourceName: source, status: ['OPEN'] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ failureCount: 20, lastResponseStatus: 503, connection: { id: connection.id } });

    // Both alerts arrive signed; receivers verify them with the public standardwebhooks library.
    const alertRequests = await eventually(async () => {
      const mine = alerts.requests.filter((r) => r.body.includes(source));
      return mine.length >= 2 ? mine : undefined;
    });
    const alertBodies = alertRequests.map((r) => new Webhook(ALERT_SECRET).verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> });
    expect(alertBodies.map((b) => b.type).sort()).toEqual(['destination.disabled', 'issue.opened']);
    expect(alertBodies.find((b) => b.type === 'issue.opened')?.data).toMatchObject({ issueId: issues[0]?.id, source, lastResponseStatus: 503 });
    expect(alertBodies.find((b) => b.type === 'destination.disabled')?.data).toMatchObject({ source, consecutiveFailures: 20 });

    await updates.waitFor((items) => {
      const changes = items.map((i) => i.issueUpdates.change);
      return changes.includes('OPENED') && changes.includes('DESTINATION_DISABLED');
    });

    expect(await metric('hookrelay_destinations_disabled')).toBeGreaterThanOrEqual(1);
    expect(await metric('hookrelay_issues_open')).toBeGreaterThanOrEqual(1);
    expect(await metric('hookrelay_events_held')).toBeGreaterThanOrEqual(5);
    expect((await metric('hookrelay_attempts_total', '{outcome="failure",status_class="5xx"}')) - attemptsFailedBefore).toBe(20);
    const latencyCountBefore = await metric('hookrelay_delivery_latency_seconds_count');

    // The endpoint is back: enabling releases the held five, bulk retry the failed twenty.
    state.down = false;
    const { enableDestination } = await app.gql(EnableDestination, { id: connection.destination.id });
    expect(enableDestination).toMatchObject({ disabledAt: null, consecutiveFailures: 0 });
    const { bulkRetry } = await app.gql(BulkRetry, { filter: { sourceName: source, status: ['FAILED'] } });
    expect(bulkRetry.count).toBe(20);

    // The bulk retry runs in the background: the failed events are final until it reaches them.
    const finalEvents = await Promise.all(
      eventIds.map((id) => eventually(async () => ((await eventById(id)).status === 'SUCCESSFUL' ? eventById(id) : undefined), 20_000)),
    );
    const delivered = receiver.requests.slice(20).map((r) => r.headers['webhook-id']);
    expect(delivered.sort()).toEqual([...eventIds].sort());
    expect(finalEvents.slice(0, 20).every((e) => e.attempts.at(-1)?.trigger === 'BULK_RETRY')).toBe(true);
    expect(finalEvents.slice(20).every((e) => e.attempts.length === 1 && e.attempts[0]?.trigger === 'INITIAL')).toBe(true);

    // The issue resolved itself with the first success.
    await eventually(async () => ((await app.gql(Issues, { sourceName: source, status: ['OPEN', 'ACKNOWLEDGED'] })).issues.length === 0 ? true : undefined));
    await updates.waitFor((items) => items.some((i) => i.issueUpdates.change === 'RESOLVED'));
    expect(await metric('hookrelay_delivery_latency_seconds_count')).toBe(latencyCountBefore + 25);
    expect(await metric('hookrelay_attempts_total', '{outcome="success",status_class="2xx"}')).toBeGreaterThanOrEqual(25);
    updates.stop();
    await ws.dispose();
  });
});

describe('retryEvent and cancelEvent', () => {
  it('retries a delivered event on demand (trigger MANUAL) and refuses a pending one', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const connection = await connect(receiver.url);
    const id = (await publish(connection.source.name, { once: true })).events[0].id;
    await settled(id);
    const { retryEvent } = await app.gql(RetryEvent, { id });
    expect(['QUEUED', 'SUCCESSFUL']).toContain(retryEvent.status);
    const [first, second] = await receiver.waitForRequests(2);
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    const event = await eventually(async () => {
      const e = await eventById(id);
      return e.attempts.length === 2 && e.status === 'SUCCESSFUL' ? e : undefined;
    });
    expect(event.attempts.map((a) => a.trigger)).toEqual(['INITIAL', 'MANUAL']);
  });

  it('cancels pending retries; a cancelled event can be retried, a final one cannot be cancelled', async () => {
    const receiver = await startReceiver({ respond: () => ({ status: 500 }) });
    receivers.push(receiver);
    const connection = await connect(receiver.url, { retry: { strategy: 'LINEAR', count: 5, intervalMs: 60_000 } });
    const id = (await publish(connection.source.name, { cancel: true })).events[0].id;
    await eventually(async () => ((await eventById(id)).status === 'SCHEDULED' ? true : undefined));

    const pending = await app.raw(RetryEvent, { id });
    expect(pending.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(pending.errors?.[0]?.message).toMatch(/not final/);

    const { cancelEvent } = await app.gql(CancelEvent, { id });
    expect(cancelEvent).toMatchObject({ status: 'CANCELLED', nextAttemptAt: null });
    const again = await app.raw(CancelEvent, { id });
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const { retryEvent } = await app.gql(RetryEvent, { id });
    expect(retryEvent.status).toBe('QUEUED');
    await receiver.waitForRequests(2);
    const missing = await app.raw(RetryEvent, { id: 'evt_00000000000000000000000000' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('issues by hand', () => {
  it('acknowledges and resolves an issue; a resolved issue cannot be resolved again', async () => {
    const receiver = await startReceiver({ respond: () => ({ status: 500 }) });
    receivers.push(receiver);
    const connection = await connect(receiver.url, noRetries);
    await settled((await publish(connection.source.name, { n: 1 })).events[0].id);
    const [issue] = (await app.gql(Issues, { sourceName: connection.source.name })).issues;
    expect(issue).toMatchObject({ status: 'OPEN', failureCount: 1, lastResponseStatus: 500 });
    const { acknowledgeIssue } = await app.gql(AcknowledgeIssue, { id: issue!.id });
    expect(acknowledgeIssue.status).toBe('ACKNOWLEDGED');
    // Failures go on adding to the acknowledged issue rather than opening another.
    await settled((await publish(connection.source.name, { n: 2 })).events[0].id);
    const grown = (await app.gql(Issues, { sourceName: connection.source.name })).issues;
    expect(grown).toHaveLength(1);
    expect(grown[0]).toMatchObject({ status: 'ACKNOWLEDGED', failureCount: 2 });
    const { resolveIssue } = await app.gql(ResolveIssue, { id: issue!.id });
    expect(resolveIssue.status).toBe('RESOLVED');
    const twice = await app.raw(ResolveIssue, { id: issue!.id });
    expect(twice.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The next failure opens a new issue.
    await settled((await publish(connection.source.name, { n: 3 })).events[0].id);
    const reopened = (await app.gql(Issues, { sourceName: connection.source.name, status: ['OPEN'] })).issues;
    expect(reopened).toHaveLength(1);
    expect(reopened[0]?.id).not.toBe(issue!.id);
  });
});

describe('disableDestination by hand', () => {
  it('holds new events until enabled, then delivers them in publish order', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const connection = await connect(receiver.url);
    const { disableDestination } = await app.gql(DisableDestination, { id: connection.destination.id });
    expect(disableDestination.disabledReason).toBe('MANUAL');
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) ids.push((await publish(connection.source.name, { n })).events[0].id);
    expect((await eventById(ids[0]!)).status).toBe('HOLD');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(0);
    await app.gql(EnableDestination, { id: connection.destination.id });
    const requests = await receiver.waitForRequests(5);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(ids));
  });
});

describe('rate limit', () => {
  it('spreads 50 events at 10/s over about 4 to 5 s, and every one arrives', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const connection = await connect(receiver.url);
    const { UpsertConnection } = await import('./documents.ts');
    await app.gql(UpsertConnection, {
      input: { name: connection.name, source: { name: connection.source.name }, destination: { name: connection.destination.name, url: receiver.url, rateLimitPerSecond: 10 } },
    });
    const started = performance.now();
    const published = await Promise.all(Array.from({ length: 50 }, (_, n) => publish(connection.source.name, { n })));
    const requests = await receiver.waitForRequests(50, 15_000);
    const elapsed = performance.now() - started;
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(50);
    expect(new Set(published.map((p) => p.events[0].id)).size).toBe(50);
    // One every 100 ms from the first: the last of 50 after about 4.9 s.
    expect(elapsed).toBeGreaterThan(3_500);
    expect(elapsed).toBeLessThan(8_000);
    // The limit binds the sends, so the sliding second is read from the attempts' send times. Arrival
    // times here are recorded late by as much as the 50 publishes hold up the receiver on the shared
    // event loop (11 arrivals fell within 950 ms on a loaded CI machine, while the sends kept their
    // 100 ms); destination-protection.test.ts measures arrivals on a quiet loop.
    const sent = await queryDatabase<{ at: number }>(
      database.url,
      `SELECT (extract(epoch FROM a.requested_at) * 1000)::float8 AS at FROM attempt a WHERE a.event_id = ANY($1::text[]) ORDER BY a.requested_at`,
      [published.map((p) => p.events[0].id)],
    );
    expect(sent).toHaveLength(50);
    const times = sent.map((row) => row.at);
    // The 11th send after any send leaves a second after it, less the timer slack a late send may
    // take before the schedule is pushed back (SLOT_TOLERANCE_MS) and the millisecond of rounding.
    const tightestSecond = Math.min(...times.slice(10).map((time, i) => time - times[i]!));
    expect(tightestSecond).toBeGreaterThanOrEqual(1_000 - SLOT_TOLERANCE_MS - 1);
  });
});

describe('bulkRetry', () => {
  it('retries 10,000 failed events in the background, with progress, each delivered once', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const connection = await connect(receiver.url);
    const count = 10_000;
    // Seeded in SQL: publishing and failing 10,000 events would only slow the test down.
    await queryDatabase(
      database.url,
      `WITH requests AS (
         INSERT INTO event_request (id, source_id, headers, body, received_at)
         SELECT 'req_bulk' || lpad(n::text, 6, '0'), $1, '{}', jsonb_build_object('n', n), now() FROM generate_series(1, $3) AS n
         RETURNING id)
       INSERT INTO event (id, request_id, connection_id, source_id, status, attempt_count, last_response_status)
       SELECT 'evt_bulk' || substr(id, 9), id, $2, $1, 'FAILED', 1, 500 FROM requests ORDER BY id`,
      [connection.source.id, connection.id, count],
    );
    const ws = wsClient(app.app);
    const { bulkRetry } = await app.gql(BulkRetry, { filter: { sourceId: connection.source.id, status: ['FAILED'] } });
    expect(bulkRetry.count).toBe(count);
    const progress = subscribe(ws, BulkRetryProgress, { id: bulkRetry.id });
    const seen = await progress.waitFor((items) => items.at(-1)?.bulkRetryProgress.status === 'COMPLETED', 60_000);
    const scheduled = seen.map((item) => item.bulkRetryProgress.scheduled);
    expect(scheduled.at(-1)).toBe(count);
    expect([...scheduled].sort((a, b) => a - b)).toEqual(scheduled);
    await eventually(
      async () => {
        const [{ pending }] = await queryDatabase<{ pending: string }>(
          database.url,
          `SELECT count(*) AS pending FROM event WHERE connection_id = $1 AND status <> 'SUCCESSFUL'`,
          [connection.id],
        );
        return pending === '0' ? true : undefined;
      },
      90_000,
      'every retried event to be delivered',
    );
    const ids = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(count);
    const [attempts] = await queryDatabase<{ triggers: string[]; failed: string }>(
      database.url,
      `SELECT array_agg(DISTINCT a.trigger::text) AS triggers, count(*) FILTER (WHERE a.status = 'FAILED') AS failed
         FROM attempt a JOIN event e ON e.id = a.event_id WHERE e.connection_id = $1 AND a.trigger <> 'AUTOMATIC'`,
      [connection.id],
    );
    expect(attempts?.triggers).toEqual(['BULK_RETRY']);
    // A second request for an event only follows an attempt recorded as failed (a timeout on this busy machine).
    const [{ retried }] = await queryDatabase<{ retried: string }>(
      database.url,
      `SELECT count(*) AS retried FROM attempt a JOIN event e ON e.id = a.event_id WHERE e.connection_id = $1 AND a.trigger = 'AUTOMATIC'`,
      [connection.id],
    );
    expect(receiver.requests.length).toBe(count + Number(retried));
    progress.stop();
    await ws.dispose();
  }, 150_000);
});

describe('alerts', () => {
  it('sends an alert that was written with what it reports but never woken for (the process died in between)', async () => {
    const connection = await connect('http://127.0.0.1:9/in');
    const alertId = `alr_${Date.now().toString(36)}crashgap`;
    // What the outcome transaction writes when it disables a destination; the wake that follows it never came.
    await queryDatabase(database.url, `INSERT INTO alert (id, type, subject_id) VALUES ($1, 'destination.disabled', $2)`, [alertId, connection.destination.id]);
    const request = await eventually(async () => alerts.requests.find((r) => r.headers['webhook-id'] === alertId), 10_000, 'the left-behind alert');
    const body = new Webhook(ALERT_SECRET).verify(request.body, request.headers as Record<string, string>) as { type: string; data: { destination: { id: string } } };
    expect(body).toMatchObject({ type: 'destination.disabled', data: { destination: { id: connection.destination.id } } });
    const [row] = await queryDatabase<{ attempts: number; sent_at: Date | null; next_attempt_at: Date | null }>(
      database.url,
      'SELECT attempts, sent_at, next_attempt_at FROM alert WHERE id = $1',
      [alertId],
    );
    expect(row).toMatchObject({ attempts: 1, next_attempt_at: null });
    expect(row?.sent_at).toBeInstanceOf(Date);
    expect(alerts.requests.filter((r) => r.headers['webhook-id'] === alertId)).toHaveLength(1);
  });
});
