import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRequestById, PublishEvent, UpsertConnection } from './documents.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createTestDatabase } from './helpers/database.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  // Deliveries here go nowhere reachable; these tests are about what publish stores.
  t = await startTestApp(database.url);
  for (const name of ['first', 'second']) {
    await t.gql(UpsertConnection, {
      input: { name, source: { name: 'shop' }, destination: { name, url: 'http://127.0.0.1:9/unreachable' }, rules: { delayMs: 3_600_000 } },
    });
  }
});
afterAll(async () => {
  await t?.stop();
  await database?.drop();
});

async function counts(): Promise<{ requests: number; events: number }> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ requests: string; events: string }>(
      'SELECT (SELECT count(*) FROM event_request) AS requests, (SELECT count(*) FROM event) AS events',
    );
    return { requests: Number(rows[0].requests), events: Number(rows[0].events) };
  } finally {
    await client.end();
  }
}

describe('publishEvent', () => {
  it('stores the request and one event per connection, scheduled for its first attempt', async () => {
    const { publishEvent: result } = await t.gql(PublishEvent, {
      input: { source: 'shop', headers: { 'X-Tenant': '42' }, body: { type: 'order.created', total: 12.5, note: 'für dich ✓' } },
    });
    expect(result.eventRequestId).toMatch(/^req_/);
    expect(result.replayed).toBe(false);
    expect(result.events.map((e) => e.connection.name).sort()).toEqual(['first', 'second']);
    expect(result.events.every((e) => e.status === 'SCHEDULED' && e.nextAttemptAt)).toBe(true);
    const { eventRequest } = await t.gql(EventRequestById, { id: result.eventRequestId });
    expect(eventRequest).toMatchObject({
      headers: { 'x-tenant': '42' },
      body: { type: 'order.created', total: 12.5, note: 'für dich ✓' },
      source: { name: 'shop' },
    });
    expect(eventRequest!.events).toHaveLength(2);
  });

  it('returns the first request for a repeated idempotency key and stores nothing new', async () => {
    const first = (await t.gql(PublishEvent, { input: { source: 'shop', body: { n: 1 }, idempotencyKey: 'order-7' } })).publishEvent;
    const before = await counts();
    const again = (await t.gql(PublishEvent, { input: { source: 'shop', body: { n: 2 }, idempotencyKey: 'order-7' } })).publishEvent;
    expect(again.eventRequestId).toBe(first.eventRequestId);
    expect(again.events.map((e) => e.id).sort()).toEqual(first.events.map((e) => e.id).sort());
    expect(again.replayed).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('keeps idempotency under concurrent publishes with one key', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.gql(PublishEvent, { input: { source: 'shop', body: { n: 3 }, idempotencyKey: 'race-1' } })),
    );
    expect(new Set(results.map((r) => r.publishEvent.eventRequestId)).size).toBe(1);
  });

  it('stores the request with zero events when the source has no live connection', async () => {
    await t.gql(UpsertConnection, {
      input: { name: 'gone', source: { name: 'no-connections' }, destination: { name: 'x', url: 'http://127.0.0.1:9/x' } },
    });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`UPDATE connection SET deleted_at = now() WHERE name = 'gone'`);
    await client.end();
    const { publishEvent: result } = await t.gql(PublishEvent, { input: { source: 'no-connections', body: { hello: 'world' } } });
    expect(result.events).toEqual([]);
    const { eventRequest } = await t.gql(EventRequestById, { id: result.eventRequestId });
    expect(eventRequest).toMatchObject({ body: { hello: 'world' }, events: [] });
  });

  it.each([
    [{ source: 'nobody', body: {} }, 'NOT_FOUND', 'nobody'],
    [{ source: 'shop', body: { blob: 'x'.repeat(1_048_577) } }, 'PAYLOAD_TOO_LARGE', 'input.body'],
    [{ source: 'shop', body: { blob: 'é'.repeat(524_285) } }, 'PAYLOAD_TOO_LARGE', 'input.body'],
    [{ source: 'shop', headers: ['a'], body: {} }, 'BAD_USER_INPUT', 'input.headers'],
    [{ source: 'shop', headers: { 'x-n': 5 }, body: {} }, 'BAD_USER_INPUT', 'input.headers.x-n'],
    [{ source: 'shop', headers: { 'bad header': 'v' }, body: {} }, 'BAD_USER_INPUT', 'input.headers'],
    [{ source: 'shop', headers: { 'x-evil': 'a\r\nb' }, body: {} }, 'BAD_USER_INPUT', 'input.headers.x-evil'],
  ])('refuses %#: %s with a clear error and stores nothing', async (publishInput, code, mentions) => {
    const before = await counts();
    const result = await t.raw(PublishEvent, { input: publishInput as never });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.message).toContain(mentions);
    expect(await counts()).toEqual(before);
  });
});
