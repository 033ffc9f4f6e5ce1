import { describe, expect, it } from 'vitest';
import { Connections, DeleteConnection, DestinationSecret, SourceByName, UpsertConnection } from './documents.ts';
import { useTestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';

const fixture = useTestApp();

const input = (overrides: Record<string, unknown> = {}) => ({
  name: 'orders-to-acme',
  source: { name: 'acme' },
  destination: { name: 'acme-prod', url: 'https://hooks.acme.test/in' },
  ...overrides,
});

async function countRows(table: string): Promise<number> {
  const [row] = await queryDatabase<{ count: string }>(fixture.databaseUrl, `SELECT count(*) FROM ${table}`);
  return Number(row.count);
}

describe('upsertConnection', () => {
  it('creates source, destination and connection with the default rules', async () => {
    const { upsertConnection: c } = await fixture.t.gql(UpsertConnection, { input: input() });
    expect(c.id).toMatch(/^con_/);
    expect(c.source).toMatchObject({ name: 'acme', id: expect.stringMatching(/^src_/) });
    expect(c.destination).toMatchObject({ name: 'acme-prod', url: 'https://hooks.acme.test/in', auth: { strategy: 'STANDARD_WEBHOOKS' } });
    expect(c.rules).toEqual({
      delayMs: 0,
      retry: { strategy: 'EXPONENTIAL', count: 5, intervalMs: 30000, responseStatusCodes: null },
      filter: null,
      transformCode: null,
      deduplicate: null,
      ordered: false,
      eventTypes: null,
    });
    expect(c.pausedAt).toBeNull();
    const { destinationSecret } = await fixture.t.gql(DestinationSecret, { destinationId: c.destination.id });
    expect(destinationSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(destinationSecret!.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
  });

  it('is idempotent: the same input twice changes nothing and returns the same ids', async () => {
    const first = (await fixture.t.gql(UpsertConnection, { input: input({ name: 'idempotent' }) })).upsertConnection;
    const secret = (await fixture.t.gql(DestinationSecret, { destinationId: first.destination.id })).destinationSecret;
    const second = (await fixture.t.gql(UpsertConnection, { input: input({ name: 'idempotent' }) })).upsertConnection;
    expect(second).toEqual(first);
    expect((await fixture.t.gql(DestinationSecret, { destinationId: first.destination.id })).destinationSecret).toBe(secret);
  });

  it('is idempotent with every rule set, and null resets a rule', async () => {
    const rules = {
      filter: { body: { type: { $in: ['a', 'b'] }, nested: { z: 1, a: [1, 2] } } },
      transformCode: '(request) => request',
      deduplicate: { windowMs: 1000, fields: ['id'] },
      ordered: true,
      delayMs: 5,
      retry: { strategy: 'LINEAR' as const, count: 1, intervalMs: 10, responseStatusCodes: ['429', '500-599', '!503'] },
    };
    const first = (await fixture.t.gql(UpsertConnection, { input: input({ name: 'all-rules', rules }) })).upsertConnection;
    const second = (await fixture.t.gql(UpsertConnection, { input: input({ name: 'all-rules', rules }) })).upsertConnection;
    expect(second).toEqual(first);
    expect(first.rules).toMatchObject({ filter: rules.filter, transformCode: rules.transformCode, deduplicate: rules.deduplicate, ordered: true });
    const reset = (
      await fixture.t.gql(UpsertConnection, { input: input({ name: 'all-rules', rules: { filter: null, transformCode: null, deduplicate: null } }) })
    ).upsertConnection;
    expect(reset.rules).toMatchObject({ filter: null, transformCode: null, deduplicate: null, ordered: true, delayMs: 5 });
  });

  it('updates what changed and keeps what was left out', async () => {
    const created = (
      await fixture.t.gql(UpsertConnection, {
        input: input({ name: 'updatable', rules: { delayMs: 500, retry: { strategy: 'LINEAR', count: 2, intervalMs: 1000, responseStatusCodes: ['500-599', '!503'] } } }),
      })
    ).upsertConnection;
    const updated = (
      await fixture.t.gql(UpsertConnection, {
        input: input({ name: 'updatable', destination: { name: 'acme-prod', url: 'https://hooks.acme.test/v2' } }),
      })
    ).upsertConnection;
    expect(updated.id).toBe(created.id);
    expect(updated.destination.url).toBe('https://hooks.acme.test/v2');
    expect(updated.rules).toEqual(created.rules);
  });

  it.each([
    [{ destination: { name: 'd', url: 'not a url' } }, 'input.destination.url'],
    [{ destination: { name: 'd', url: 'ftp://files.test/x' } }, 'input.destination.url'],
    [{ destination: { name: 'd', url: 'https://user:pw@hooks.test/x' } }, 'input.destination.url'],
    [{ destination: { name: 'd', url: 'https://h.test', auth: { strategy: 'STANDARD_WEBHOOKS', secret: 'short' } } }, 'input.destination.auth.secret'],
    [{ name: '  ' }, 'input.name'],
    [{ source: { name: '' } }, 'input.source.name'],
    // Sent as the x-hookrelay-source-name header: undici refused 東京 on every delivery.
    [{ source: { name: '東京' } }, 'input.source.name'],
    [{ source: { name: 'Zoë' } }, 'input.source.name'],
    [{ rules: { retry: { strategy: 'LINEAR', count: -1, intervalMs: 10 } } }, 'input.rules.retry.count'],
    [{ rules: { retry: { strategy: 'LINEAR', count: 1, intervalMs: 0 } } }, 'input.rules.retry.intervalMs'],
    [{ rules: { retry: { strategy: 'LINEAR', count: 1, intervalMs: 10, responseStatusCodes: ['5xx'] } } }, 'input.rules.retry.responseStatusCodes'],
    [{ rules: { delayMs: -5 } }, 'input.rules.delayMs'],
  ])('refuses bad input %j naming %s, storing nothing', async (overrides, field) => {
    const before = await Promise.all(['source', 'destination', 'connection'].map(countRows));
    const result = await fixture.t.raw(UpsertConnection, { input: input({ name: 'bad-one', source: { name: 'bad-tenant' }, ...overrides }) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.errors?.[0]?.message).toContain(field);
    expect(await Promise.all(['source', 'destination', 'connection'].map(countRows))).toEqual(before);
  });
});

describe('connections query', () => {
  it('filters by source and pages newest first with opaque cursors', async () => {
    for (let i = 0; i < 5; i++) {
      await fixture.t.gql(UpsertConnection, { input: input({ name: `paged-${i}`, source: { name: 'pager' } }) });
    }
    await fixture.t.gql(UpsertConnection, { input: input({ name: 'other', source: { name: 'someone-else' } }) });
    const firstPage = (await fixture.t.gql(Connections, { filter: { sourceName: 'pager' }, first: 2 })).connections;
    expect(firstPage.edges.map((e) => e.node.name)).toEqual(['paged-4', 'paged-3']);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    expect(firstPage.pageInfo.endCursor).not.toContain('con_');
    const rest = (await fixture.t.gql(Connections, { filter: { sourceName: 'pager' }, first: 10, after: firstPage.pageInfo.endCursor })).connections;
    expect(rest.edges.map((e) => e.node.name)).toEqual(['paged-2', 'paged-1', 'paged-0']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const sourceId = (await fixture.t.gql(SourceByName, { name: 'pager' })).source!.id;
    const byId = (await fixture.t.gql(Connections, { filter: { sourceId }, first: 10 })).connections;
    expect(byId.edges.every((e) => e.node.source.name === 'pager')).toBe(true);
    expect(byId.edges).toHaveLength(5);
  });

  it('deleteConnection hides the connection and frees its name', async () => {
    const created = (await fixture.t.gql(UpsertConnection, { input: input({ name: 'short-lived', source: { name: 'deleter' } }) })).upsertConnection;
    expect((await fixture.t.gql(DeleteConnection, { id: created.id })).deleteConnection).toBe(true);
    expect((await fixture.t.gql(DeleteConnection, { id: created.id })).deleteConnection).toBe(false);
    expect((await fixture.t.gql(Connections, { filter: { sourceName: 'deleter' } })).connections.edges).toEqual([]);
    const again = (await fixture.t.gql(UpsertConnection, { input: input({ name: 'short-lived', source: { name: 'deleter' } }) })).upsertConnection;
    expect(again.id).not.toBe(created.id);
  });
});
