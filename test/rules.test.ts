import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DestinationSecret, EventRequestById, PauseConnection, UnpauseConnection, UpsertConnection } from './documents.ts';
import type { UpsertConnectionInput } from './generated/graphql.ts';
import { eventually, useTestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';
import { deliveryFlows } from './helpers/flows.ts';
import { failTimes, useReceivers } from './helpers/receiver.ts';

const fixture = useTestApp({ deliveryTimeoutMs: 1_000, recoveryIntervalMs: 1_000 });
const receiver = useReceivers();
const { connect: connectTenant, publish, eventById, settled } = deliveryFlows(() => fixture.t, 'r');
const connect = (url: string, rules: UpsertConnectionInput['rules'] = {}) =>
  connectTenant(url, { retry: { strategy: 'LINEAR', count: 3, intervalMs: 100 }, ...rules });
const requestById = async (id: string) => (await fixture.t.gql(EventRequestById, { id })).eventRequest!;

describe('filter', () => {
  it('delivers only matching requests and records the filtered ones on the request', async () => {
    const hook = await receiver();
    const filter = { body: { event_type: { $in: ['order.created', 'order.paid'] } }, headers: { 'x-region': 'eu' } };
    const connection = await connect(hook.url, { filter });
    expect(connection.rules.filter).toEqual(filter);

    const matching = await publish(connection.source.name, { event_type: 'order.paid', id: 1 }, { headers: { 'X-Region': 'eu' } });
    const other = await publish(connection.source.name, { event_type: 'order.refunded', id: 2 }, { headers: { 'x-region': 'eu' } });
    expect(matching.events).toHaveLength(1);
    expect(other.events).toEqual([]);
    expect((await requestById(other.eventRequestId)).skipped).toEqual([{ connectionId: connection.id, connectionName: connection.name, reason: 'FILTERED' }]);
    expect((await requestById(matching.eventRequestId)).skipped).toEqual([]);
    await hook.waitForRequests(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hook.requests.map((r) => JSON.parse(r.body).id)).toEqual([1]);
  });

  it('matches path and query', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, { filter: { path: { $startsWith: '/orders' }, query: { tag: 'vip' } } });
    expect((await publish(connection.source.name, { a: 1 }, { path: '/orders/7', query: { tag: ['vip', 'new'] } })).events).toHaveLength(1);
    expect((await publish(connection.source.name, { a: 2 }, { path: '/users/7', query: { tag: 'vip' } })).events).toHaveLength(0);
  });

  it.each([
    [{ body: { amount: { $gt: [1] } } }, 'input.rules.filter.body.amount.$gt'],
    [{ body: { amount: { $between: 1 } } }, 'input.rules.filter.body.amount.$between'],
    [{ payload: {} }, 'input.rules.filter'],
  ])('refuses the invalid filter %j naming %s', async (filter, path) => {
    const result = await fixture.t.raw(UpsertConnection, {
      input: { name: 'bad-filter', source: { name: 'bad-filter' }, destination: { name: 'd', url: 'http://127.0.0.1:9/x' }, rules: { filter } },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result.errors?.[0]?.extensions?.field).toContain(path);
    expect(await queryDatabase(fixture.databaseUrl, `SELECT 1 FROM source WHERE name = 'bad-filter'`)).toEqual([]);
  });
});

describe('transformation', () => {
  it('delivers and signs the transformed body and headers; the request keeps the original', async () => {
    const hook = await receiver();
    const transformCode = `(request) => {
      request.body = { kind: request.body.type.toUpperCase(), cents: Math.round(request.body.amount * 100) };
      request.headers['x-transformed'] = 'yes';
      delete request.headers['x-secret-internal'];
      return request;
    }`;
    const connection = await connect(hook.url, { transformCode });
    const published = await publish(connection.source.name, { type: 'invoice.paid', amount: 12.34 }, { headers: { 'x-secret-internal': 'k' } });
    const [delivered] = await hook.waitForRequests(1);
    expect(JSON.parse(delivered.body)).toEqual({ kind: 'INVOICE.PAID', cents: 1234 });
    expect(delivered.headers['x-transformed']).toBe('yes');
    expect(delivered.headers['x-secret-internal']).toBeUndefined();
    const { destinationSecret } = await fixture.t.gql(DestinationSecret, { destinationId: connection.destination.id });
    expect(new Webhook(destinationSecret!).verify(delivered.body, delivered.headers as Record<string, string>)).toEqual({ kind: 'INVOICE.PAID', cents: 1234 });
    const event = await settled(published.events[0].id);
    expect(event.body).toEqual({ kind: 'INVOICE.PAID', cents: 1234 });
    expect((await requestById(published.eventRequestId)).body).toEqual({ type: 'invoice.paid', amount: 12.34 });
  });

  it('drops the event when the transformation returns null', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, { transformCode: 'function transform(request) { return request.body.test ? null : request; }' });
    const dropped = await publish(connection.source.name, { test: true });
    expect(dropped.events).toEqual([]);
    expect((await requestById(dropped.eventRequestId)).skipped).toEqual([expect.objectContaining({ reason: 'TRANSFORM_DROPPED' })]);
    expect((await publish(connection.source.name, { test: false })).events).toHaveLength(1);
  });

  it.each([
    ['an endless loop', '(request) => { for (;;) {} }', /time|interrupt/i],
    ['a huge allocation', "(request) => { request.body.big = 'x'.repeat(50e6); return request; }", /memory/i],
    ['require', "(request) => { require('fs'); return request; }", /require/],
    ['process', '(request) => { request.body.env = process.env; return request; }', /process/],
    ['fetch', "(request) => { fetch('http://127.0.0.1:9'); return request; }", /fetch/],
    ['a thrown error', "(request) => { throw new Error('bad input ' + request.body.n); }", /bad input 1/],
  ])('fails the event with TRANSFORM_ERROR for %s, without any attempt, and stays healthy', async (_what, transformCode, message) => {
    const hook = await receiver();
    const connection = await connect(hook.url, { transformCode });
    const published = await publish(connection.source.name, { n: 1 });
    const event = await eventById(published.events[0].id);
    expect(event).toMatchObject({ status: 'FAILED', errorCode: 'TRANSFORM_ERROR', attemptCount: 0, attempts: [] });
    expect(event.errorMessage).toMatch(message);
    expect((await fetch(`${fixture.t.app.url}/healthz`)).status).toBe(200);
    const healthy = await connect(hook.url);
    await publish(healthy.source.name, { still: 'working' });
    await hook.waitForRequests(1);
    expect(hook.requests.map((r) => JSON.parse(r.body))).toEqual([{ still: 'working' }]);
  });

  it('refuses code that does not compile, with line and column', async () => {
    const result = await fixture.t.raw(UpsertConnection, {
      input: {
        name: 'bad-code',
        source: { name: 'bad-code' },
        destination: { name: 'd', url: 'http://127.0.0.1:9/x' },
        rules: { transformCode: '(request) => {\n  return request.body.;\n}' },
      },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rules.transformCode' });
    expect(result.errors?.[0]?.message).toMatch(/line 2, column \d+/);
  });
});

describe('retry policy and delay', () => {
  it('honours Retry-After on 429 beyond the configured interval', async () => {
    const hook = await receiver({ respond: (_req, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }) });
    const connection = await connect(hook.url, { retry: { strategy: 'LINEAR', count: 2, intervalMs: 10 } });
    const published = await publish(connection.source.name, { n: 1 });
    const scheduled = await eventually(async () => {
      const event = await eventById(published.events[0].id);
      return event.status === 'SCHEDULED' ? event : undefined;
    });
    expect(new Date(scheduled.nextAttemptAt!).getTime() - Date.now()).toBeGreaterThan(500);
    const requests = await hook.waitForRequests(2, 5_000);
    expect(requests[1].receivedAt - requests[0].receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('holds the first attempt for delayMs (SCHEDULED until then)', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, { delayMs: 800 });
    const started = Date.now();
    const published = await publish(connection.source.name, { n: 1 });
    expect(published.events[0].status).toBe('SCHEDULED');
    expect(new Date(published.events[0].nextAttemptAt!).getTime()).toBeGreaterThanOrEqual(started + 750);
    await hook.waitForRequests(1, 5_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(790);
  });
});

describe('deduplication', () => {
  it('drops an equal body within the window, and accepts it again after', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, { deduplicate: { windowMs: 1_500 } });
    const first = await publish(connection.source.name, { order: 1, items: [1, 2] });
    const again = await publish(connection.source.name, { items: [1, 2], order: 1 });
    const different = await publish(connection.source.name, { order: 2, items: [1, 2] });
    expect(first.events).toHaveLength(1);
    expect(again.events).toEqual([]);
    expect((await requestById(again.eventRequestId)).skipped).toEqual([expect.objectContaining({ reason: 'DUPLICATE', connectionId: connection.id })]);
    expect(different.events).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await publish(connection.source.name, { order: 1, items: [1, 2] })).events).toHaveLength(1);
  });

  it('compares only the listed fields', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, { deduplicate: { windowMs: 60_000, fields: ['order.id', 'type'] } });
    expect((await publish(connection.source.name, { type: 'paid', order: { id: 5, at: 'a' } })).events).toHaveLength(1);
    expect((await publish(connection.source.name, { type: 'paid', order: { id: 5, at: 'b' } })).events).toHaveLength(0);
    expect((await publish(connection.source.name, { type: 'refund', order: { id: 5, at: 'b' } })).events).toHaveLength(1);
  });

  it('is exact under concurrent publishes of one body', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, { deduplicate: { windowMs: 60_000 } });
    const results = await Promise.all(Array.from({ length: 8 }, () => publish(connection.source.name, { same: true })));
    expect(results.flatMap((r) => r.events)).toHaveLength(1);
  });
});

describe('ordered delivery', () => {
  it('holds later events until the earlier one succeeded, then delivers them in order', async () => {
    const hook = await receiver({ respond: failTimes(2, 500) });
    const connection = await connect(hook.url, { ordered: true, retry: { strategy: 'LINEAR', count: 5, intervalMs: 150 } });
    const ids: string[] = [];
    for (let n = 1; n <= 4; n++) ids.push((await publish(connection.source.name, { n })).events[0].id);
    const requests = await hook.waitForRequests(6, 10_000);
    expect(requests.map((r) => JSON.parse(r.body).n)).toEqual([1, 1, 1, 2, 3, 4]);
    for (const id of ids) expect((await settled(id)).status).toBe('SUCCESSFUL');
  });

  it('lets a later event pass a retrying one when not ordered (the default)', async () => {
    const hook = await receiver({ respond: failTimes(1, 500) });
    const connection = await connect(hook.url, { retry: { strategy: 'LINEAR', count: 2, intervalMs: 600 } });
    await publish(connection.source.name, { n: 1 });
    await hook.waitForRequests(1);
    await publish(connection.source.name, { n: 2 });
    const requests = await hook.waitForRequests(3, 5_000);
    expect(requests.map((r) => JSON.parse(r.body).n)).toEqual([1, 2, 1]);
  });
});

describe('pause', () => {
  it('holds events while paused, across a restart, and releases them in publish order', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, { ordered: true });
    const paused = (await fixture.t.gql(PauseConnection, { id: connection.id })).pauseConnection;
    expect(paused.pausedAt).not.toBeNull();
    const ids: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const { events } = await publish(connection.source.name, { n });
      expect(events[0].status).toBe('HOLD');
      ids.push(events[0].id);
    }
    await fixture.restart();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hook.requests).toEqual([]);
    for (const id of ids) expect((await eventById(id)).status).toBe('HOLD');

    const unpaused = (await fixture.t.gql(UnpauseConnection, { id: connection.id })).unpauseConnection;
    expect(unpaused.pausedAt).toBeNull();
    const requests = await hook.waitForRequests(3, 10_000);
    expect(requests.map((r) => JSON.parse(r.body).n)).toEqual([1, 2, 3]);
  });
});
