import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeleteConnection, DisableDestination, EnableDestination, PauseConnection, PublishEvent, UnpauseConnection, UpsertConnection, UpsertEventType } from './documents.ts';
import { startTestApp, useTestApp, type TestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';

/**
 * A process keeps its publish lookups (src/events/publish-targets.ts). These tests change the
 * connections through one process and publish through another, whose kept lookup is then out of
 * date: each publish must follow the change all the same.
 */
const fixture = useTestApp();
let publisher: TestApp;
let lookups: () => number;
/** Changes committed between a publish's lookup and its insert, one per insert, while this is above 0. */
let changesBeforeInserts = 0;

const named = (config: unknown, name: string) => typeof config === 'object' && config !== null && 'name' in config && config.name === name;
const configVersion = async () => BigInt((await queryDatabase<{ version: string }>(fixture.databaseUrl, 'SELECT version::text FROM publish_config'))[0]?.version ?? 0);

beforeAll(async () => {
  publisher = await startTestApp(fixture.databaseUrl);
  const { pool } = publisher.app.services;
  const original = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const query = vi.spyOn(pool, 'query').mockImplementation((async (...args: unknown[]) => {
    if (changesBeforeInserts > 0 && named(args[0], 'insert-requests-with-events')) {
      changesBeforeInserts -= 1;
      await queryDatabase(fixture.databaseUrl, 'UPDATE publish_config SET version = version + 1');
    }
    return original(...args);
  }) as never);
  lookups = () => query.mock.calls.filter(([config]) => named(config, 'find-publish-targets')).length;
});
afterAll(() => publisher?.stop());

// Due in an hour: nothing is delivered while the test looks at what publishing stored.
const upsert = (name: string, rules: Record<string, unknown> = {}) =>
  fixture.t.gql(UpsertConnection, { input: { name, source: { name }, destination: { name, url: 'http://127.0.0.1:9/kept' }, rules: { delayMs: 3_600_000, ...rules } } });
const publish = async (source: string, body: Record<string, unknown> = { n: 1 }, eventType?: string) =>
  (await publisher.gql(PublishEvent, { input: { source, body, eventType } })).publishEvent.events.map((event) => event.status);

describe('kept publish lookups', () => {
  it('read a source once: later publishes to it store with one statement', async () => {
    await upsert('kept-once');
    const before = lookups();
    for (let n = 0; n < 5; n += 1) expect(await publish('kept-once', { n })).toEqual(['SCHEDULED']);
    expect(lookups() - before).toBe(1);
  });

  it("follow another process's pause, unpause, filter, disable and delete at the next publish", async () => {
    const { upsertConnection: connection } = await upsert('kept-changes');
    expect(await publish('kept-changes')).toEqual(['SCHEDULED']);

    await fixture.t.gql(PauseConnection, { id: connection.id });
    expect(await publish('kept-changes')).toEqual(['HOLD']);
    await fixture.t.gql(UnpauseConnection, { id: connection.id });
    expect(await publish('kept-changes')).toEqual(['SCHEDULED']);

    await upsert('kept-changes', { filter: { body: { region: 'eu' } } });
    expect(await publish('kept-changes', { region: 'us' })).toEqual([]);
    expect(await publish('kept-changes', { region: 'eu' })).toEqual(['SCHEDULED']);

    await fixture.t.gql(DisableDestination, { id: connection.destination.id });
    expect(await publish('kept-changes', { region: 'eu' })).toEqual(['HOLD']);
    await fixture.t.gql(EnableDestination, { id: connection.destination.id });
    expect(await publish('kept-changes', { region: 'eu' })).toEqual(['SCHEDULED']);

    await fixture.t.gql(DeleteConnection, { id: connection.id });
    expect(await publish('kept-changes', { region: 'eu' })).toEqual([]);
  });

  it("check a published type against the schema another process gave it since", async () => {
    await upsert('kept-types');
    expect(await publish('kept-types', { total: 'twelve' }, 'kept.order')).toEqual(['SCHEDULED']);
    await fixture.t.gql(UpsertEventType, {
      input: { name: 'kept.order', schema: { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] } },
    });
    const refused = await publisher.raw(PublishEvent, { input: { source: 'kept-types', body: { total: 'twelve' }, eventType: 'kept.order' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await publish('kept-types', { total: 12 }, 'kept.order')).toEqual(['SCHEDULED']);
  });

  it('follow a change written straight into the database, as a migration or an operator would', async () => {
    await upsert('kept-sql');
    expect(await publish('kept-sql')).toEqual(['SCHEDULED']);
    await queryDatabase(fixture.databaseUrl, `UPDATE connection SET paused_at = now() WHERE name = 'kept-sql'`);
    expect(await publish('kept-sql')).toEqual(['HOLD']);
  });

  it('are not made stale by the outcomes of deliveries, only by what a publish plans against', async () => {
    const { upsertConnection: connection } = await upsert('kept-outcomes');
    const before = await configVersion();
    // What recording outcomes writes with every batch of attempts.
    await queryDatabase(fixture.databaseUrl, 'UPDATE destination SET consecutive_failures = consecutive_failures + 1, probe_until = now(), updated_at = now() WHERE id = $1', [
      connection.destination.id,
    ]);
    expect(await configVersion()).toBe(before);
    await queryDatabase(fixture.databaseUrl, 'UPDATE destination SET disabled_at = now() WHERE id = $1', [connection.destination.id]);
    expect(await configVersion()).toBeGreaterThan(before);
  });

  it('plan a publish again when a change commits between its lookup and its insert, and give up after five tries', async () => {
    await upsert('kept-race');
    expect(await publish('kept-race')).toEqual(['SCHEDULED']);
    const stored = async () => (await queryDatabase(fixture.databaseUrl, `SELECT e.id FROM event e JOIN source s ON s.id = e.source_id WHERE s.name = 'kept-race'`)).length;

    const before = lookups();
    changesBeforeInserts = 1;
    expect(await publish('kept-race', { n: 2 })).toEqual(['SCHEDULED']);
    expect(lookups() - before).toBe(1);
    expect(await stored()).toBe(2);

    changesBeforeInserts = 5;
    const refused = await publisher.raw(PublishEvent, { input: { source: 'kept-race', body: { n: 3 } } });
    expect(changesBeforeInserts).toBe(0);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringMatching(/changed during each of 5 tries.*nothing was stored/) });
    expect(await stored()).toBe(2);
  });
});
