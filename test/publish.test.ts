import { beforeAll, describe, expect, it } from 'vitest';
import { EventRequestById, PublishEvent, UpsertConnection } from './documents.ts';
import { useTestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';

const fixture = useTestApp();

// Deliveries here go nowhere reachable; these tests are about what publish stores.
beforeAll(async () => {
  for (const name of ['first', 'second']) {
    await fixture.t.gql(UpsertConnection, {
      input: { name, source: { name: 'shop' }, destination: { name, url: 'http://127.0.0.1:9/unreachable' }, rules: { delayMs: 3_600_000 } },
    });
  }
});

async function counts(): Promise<{ requests: number; events: number }> {
  const [row] = await queryDatabase<{ requests: string; events: string }>(
    fixture.databaseUrl,
    'SELECT (SELECT count(*) FROM event_request) AS requests, (SELECT count(*) FROM event) AS events',
  );
  return { requests: Number(row.requests), events: Number(row.events) };
}

describe('publishEvent', () => {
  it('stores the request and one event per connection, scheduled for its first attempt', async () => {
    const { publishEvent: result } = await fixture.t.gql(PublishEvent, {
      input: { source: 'shop', headers: { 'X-Tenant': '42' }, body: { type: 'order.created', total: 12.5, note: 'für dich ✓' } },
    });
    expect(result.eventRequestId).toMatch(/^req_/);
    expect(result.replayed).toBe(false);
    expect(result.events.map((e) => e.connection.name).sort()).toEqual(['first', 'second']);
    expect(result.events.every((e) => e.status === 'SCHEDULED' && e.nextAttemptAt)).toBe(true);
    const { eventRequest } = await fixture.t.gql(EventRequestById, { id: result.eventRequestId });
    expect(eventRequest).toMatchObject({
      headers: { 'x-tenant': '42' },
      body: { type: 'order.created', total: 12.5, note: 'für dich ✓' },
      source: { name: 'shop' },
    });
    expect(eventRequest!.events).toHaveLength(2);
  });

  it('returns the first request for a repeated idempotency key and stores nothing new', async () => {
    const first = (await fixture.t.gql(PublishEvent, { input: { source: 'shop', body: { n: 1 }, idempotencyKey: 'order-7' } })).publishEvent;
    const before = await counts();
    const again = (await fixture.t.gql(PublishEvent, { input: { source: 'shop', body: { n: 2 }, idempotencyKey: 'order-7' } })).publishEvent;
    expect(again.eventRequestId).toBe(first.eventRequestId);
    expect(again.events.map((e) => e.id).sort()).toEqual(first.events.map((e) => e.id).sort());
    expect(again.replayed).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('keeps idempotency under concurrent publishes with one key', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => fixture.t.gql(PublishEvent, { input: { source: 'shop', body: { n: 3 }, idempotencyKey: 'race-1' } })),
    );
    expect(new Set(results.map((r) => r.publishEvent.eventRequestId)).size).toBe(1);
  });

  it('stores concurrent publishes together yet apart: each its own request and events, an unknown source refused alone', async () => {
    const before = await counts();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, n) => fixture.t.gql(PublishEvent, { input: { source: n === 7 ? 'nobody-here' : 'shop', body: { n, batch: true } } })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    const stored = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.publishEvent] : []));
    expect(new Set(stored.map((r) => r.eventRequestId)).size).toBe(29);
    expect(stored.every((r) => r.events.length === 2)).toBe(true);
    expect(await counts()).toEqual({ requests: before.requests + 29, events: before.events + 58 });
    const rows = await queryDatabase<{ n: string; events: string }>(
      fixture.databaseUrl,
      `SELECT r.body->>'n' AS n, (SELECT count(*) FROM event e WHERE e.request_id = r.id) AS events FROM event_request r WHERE r.body->>'batch' = 'true'`,
    );
    expect(rows.map((row) => Number(row.n)).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, n) => n).filter((n) => n !== 7));
    expect(rows.every((row) => row.events === '2')).toBe(true);
  });

  it('stores the request with zero events when the source has no live connection', async () => {
    await fixture.t.gql(UpsertConnection, {
      input: { name: 'gone', source: { name: 'no-connections' }, destination: { name: 'x', url: 'http://127.0.0.1:9/x' } },
    });
    await queryDatabase(fixture.databaseUrl, `UPDATE connection SET deleted_at = now() WHERE name = 'gone'`);
    const { publishEvent: result } = await fixture.t.gql(PublishEvent, { input: { source: 'no-connections', body: { hello: 'world' } } });
    expect(result.events).toEqual([]);
    const { eventRequest } = await fixture.t.gql(EventRequestById, { id: result.eventRequestId });
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
    const result = await fixture.t.raw(PublishEvent, { input: publishInput as never });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.message).toContain(mentions);
    expect(await counts()).toEqual(before);
  });
});
