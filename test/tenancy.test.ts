import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BulkRetryOperation,
  Connections,
  CreateTenantToken,
  DeleteConnection,
  DeliveryStatus,
  DestinationStats,
  DestinationSecret,
  EventById,
  EventRequestById,
  Events,
  EventTypes,
  Issues,
  PauseConnection,
  PublishEvent,
  RetryEvent,
  RotateDestinationSecret,
  SourceByName,
  UnpauseConnection,
  UpsertConnection,
  UpsertEventType,
} from './documents.ts';
import { ADMIN_KEY, subscribe, useTestApp, wsClient } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';
import { useReceivers } from './helpers/receiver.ts';

const fixture = useTestApp();
const receiver = useReceivers();

interface Tenant {
  sourceId: string;
  connectionId: string;
  destinationId: string;
  eventId: string;
  requestId: string;
}
const tenants: Record<'A' | 'B', Tenant> = {} as Record<'A' | 'B', Tenant>;
const tokens: Record<string, string | null> = {};

beforeAll(async () => {
  const { t } = fixture;
  for (const name of ['A', 'B'] as const) {
    const { upsertConnection: c } = await t.gql(UpsertConnection, {
      input: { name: `${name}-hook`, source: { name }, destination: { name: `${name}-dest`, url: 'http://127.0.0.1:9/x' }, rules: { delayMs: 3_600_000 } },
    });
    const { publishEvent: p } = await t.gql(PublishEvent, { input: { source: name, body: { tenant: name } } });
    tenants[name] = { sourceId: c.source.id, connectionId: c.id, destinationId: c.destination.id, eventId: p.events[0].id, requestId: p.eventRequestId };
  }
  const token = async (sourceName: string, canManage = false) =>
    (await t.gql(CreateTenantToken, { sourceName, ttlSeconds: 3600, canManage })).createTenantToken;
  tokens.admin = ADMIN_KEY;
  tokens.tenantA = await token('A');
  tokens.managerA = await token('A', true);
  tokens.tenantB = await token('B');
  tokens.none = null;
  const expired = await token('A');
  await queryDatabase(fixture.databaseUrl, `UPDATE tenant_token SET expires_at = now() - interval '1 second' WHERE expires_at = (SELECT max(expires_at) FROM tenant_token)`);
  tokens.expired = expired;
  tokens.tampered = `${tokens.tenantA!.slice(0, -2)}xx`;
});

const as = (who: string) => (tokens[who] === null ? null : `Bearer ${tokens[who]}`);
type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'empty';

async function outcome(who: string, run: (authorization: string | null) => Promise<{ data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }>, isEmpty?: (data: unknown) => boolean): Promise<Outcome> {
  const result = await run(as(who));
  const code = result.errors?.[0]?.extensions?.code;
  if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') return code;
  if (result.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return isEmpty?.(result.data) ? 'empty' : 'ok';
}

describe('tenant token matrix', () => {
  // For each operation: what admin, tenant A, tenant B and no token get when reaching A's data.
  type Run = (auth: string | null) => Promise<{ data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }>;
  const reads: [string, Run, ((data: unknown) => boolean) | undefined, Outcome[]][] = [
    ['source(name: A)', (auth) => fixture.t.raw(SourceByName, { name: 'A' }, auth), undefined, ['ok', 'ok', 'FORBIDDEN', 'UNAUTHENTICATED']],
    ['event(id: A)', (auth) => fixture.t.raw(EventById, { id: tenants.A.eventId }, auth), undefined, ['ok', 'ok', 'FORBIDDEN', 'UNAUTHENTICATED']],
    ['eventRequest(id: A)', (auth) => fixture.t.raw(EventRequestById, { id: tenants.A.requestId }, auth), undefined, ['ok', 'ok', 'FORBIDDEN', 'UNAUTHENTICATED']],
    ['destinationSecret(A)', (auth) => fixture.t.raw(DestinationSecret, { destinationId: tenants.A.destinationId }, auth), undefined, ['ok', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']],
    [
      'events(filter: { sourceId: A })',
      (auth) => fixture.t.raw(Events, { filter: { sourceId: tenants.A.sourceId } }, auth),
      (data) => (data as { events: { edges: unknown[] } }).events.edges.length === 0,
      ['ok', 'ok', 'empty', 'UNAUTHENTICATED'],
    ],
    [
      'connections(filter: { sourceName: A })',
      (auth) => fixture.t.raw(Connections, { filter: { sourceName: 'A' } }, auth),
      (data) => (data as { connections: { edges: unknown[] } }).connections.edges.length === 0,
      ['ok', 'ok', 'empty', 'UNAUTHENTICATED'],
    ],
  ];
  it.each(reads)('%s', async (_name, run, isEmpty, expected) => {
    const got = [];
    for (const who of ['admin', 'tenantA', 'tenantB', 'none']) got.push(await outcome(who, run, isEmpty));
    expect(got).toEqual(expected);
  });

  it('answers a tenant the same for a missing source as for another one', async () => {
    expect(await outcome('tenantA', (auth) => fixture.t.raw(SourceByName, { name: 'no-such-source' }, auth))).toBe('FORBIDDEN');
    expect(await outcome('admin', (auth) => fixture.t.raw(SourceByName, { name: 'no-such-source' }, auth))).toBe('ok');
  });

  it("never widens a tenant's list to the source a filter names", async () => {
    const B = tenants.B;
    const lists: Array<[string, () => Promise<{ data?: unknown; errors?: readonly unknown[] }>, (data: never) => unknown[]]> = [
      ['connections(sourceId: B)', () => fixture.t.raw(Connections, { filter: { sourceId: B.sourceId } }, as('tenantA')), (d: { connections: { edges: unknown[] } }) => d.connections.edges],
      ['connections(sourceName: B)', () => fixture.t.raw(Connections, { filter: { sourceName: 'B' } }, as('tenantA')), (d: { connections: { edges: unknown[] } }) => d.connections.edges],
      ['connections(destinationId: B)', () => fixture.t.raw(Connections, { filter: { destinationId: B.destinationId } }, as('tenantA')), (d: { connections: { edges: unknown[] } }) => d.connections.edges],
      ['events(sourceId: B)', () => fixture.t.raw(Events, { filter: { sourceId: B.sourceId } }, as('tenantA')), (d: { events: { edges: unknown[] } }) => d.events.edges],
      ['events(sourceName: B)', () => fixture.t.raw(Events, { filter: { sourceName: 'B' } }, as('tenantA')), (d: { events: { edges: unknown[] } }) => d.events.edges],
      ['events(connectionId: B)', () => fixture.t.raw(Events, { filter: { connectionId: B.connectionId } }, as('tenantA')), (d: { events: { edges: unknown[] } }) => d.events.edges],
      ['issues(sourceName: B)', () => fixture.t.raw(Issues, { sourceName: 'B' }, as('tenantA')), (d: { issues: unknown[] }) => d.issues],
    ];
    await queryDatabase(fixture.databaseUrl, `INSERT INTO issue (id, connection_id, source_id, first_failure_at, last_failure_at, failure_count) VALUES ('iss_b', $1, $2, now(), now(), 1)`, [
      B.connectionId,
      B.sourceId,
    ]);
    for (const [name, run, rows] of lists) {
      const result = await run();
      expect({ name, errors: result.errors ?? [], rows: rows(result.data as never) }).toEqual({ name, errors: [], rows: [] });
    }
  });

  it("refuses a tenant another source's row and a missing one in the same words", async () => {
    const refusal = async (run: () => Promise<{ errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>, id: string) => {
      const [error] = (await run()).errors ?? [];
      return { code: error?.extensions?.code, message: error?.message.replaceAll(id, '<id>') };
    };
    const missing = { event: 'evt_00000000000000000000000000', request: 'req_00000000000000000000000000', source: 'no-such-source' };
    const pairs: Array<[string, (id: string) => Promise<{ errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>, string, string]> = [
      ['source(name)', (name) => fixture.t.raw(SourceByName, { name }, as('tenantA')), 'B', missing.source],
      ['event(id)', (id) => fixture.t.raw(EventById, { id }, as('tenantA')), tenants.B.eventId, missing.event],
      ['eventRequest(id)', (id) => fixture.t.raw(EventRequestById, { id }, as('tenantA')), tenants.B.requestId, missing.request],
      ['retryEvent(id)', (id) => fixture.t.raw(RetryEvent, { id }, as('managerA')), tenants.B.eventId, missing.event],
      ['bulkRetryOperation(id)', (id) => fixture.t.raw(BulkRetryOperation, { id }, as('tenantA')), 'blk_of_b', 'blk_missing'],
    ];
    await queryDatabase(fixture.databaseUrl, `INSERT INTO bulk_retry (id, source_id, filter, total, max_seq) VALUES ('blk_of_b', $1, '{}', 0, 0)`, [tenants.B.sourceId]);
    for (const [name, run, foreign, absent] of pairs) {
      const other = await refusal(() => run(foreign), foreign);
      const none = await refusal(() => run(absent), absent);
      expect({ name, ...other }).toEqual({ name, code: 'FORBIDDEN', message: expect.any(String) });
      expect({ name, ...none }).toEqual({ name, ...other });
    }
  });

  it('unfiltered lists show a tenant only its own rows', async () => {
    for (const [who, source] of [['tenantA', 'A'], ['tenantB', 'B']] as const) {
      const events = (await fixture.t.raw(Events, { first: 100 }, as(who))).data!.events.edges;
      expect(events.map((e) => e.node.connection.source.name)).toEqual([source]);
      const connections = (await fixture.t.raw(Connections, { first: 100 }, as(who))).data!.connections.edges;
      expect(connections.map((e) => e.node.source.name)).toEqual([source]);
    }
    const all = (await fixture.t.raw(Events, { first: 100 }, as('admin'))).data!.events.edges;
    expect(all.map((e) => e.node.connection.source.name).sort()).toEqual(['A', 'B']);
  });

  it.each(['expired', 'tampered'])('refuses an %s token with UNAUTHENTICATED', async (who) => {
    expect(await outcome(who, (auth) => fixture.t.raw(Events, {}, auth))).toBe('UNAUTHENTICATED');
  });

  it('lets every token read the event type catalog and its own stats, and only the platform change the catalog', async () => {
    const read = (auth: string | null) => fixture.t.raw(EventTypes, {}, auth);
    const change = (auth: string | null) => fixture.t.raw(UpsertEventType, { input: { name: 'tenant.attempt' } }, auth);
    const stats = (auth: string | null) => fixture.t.raw(DestinationStats, { name: 'A' }, auth);
    const got = { read: [] as Outcome[], change: [] as Outcome[], stats: [] as Outcome[] };
    for (const who of ['admin', 'managerA', 'tenantB', 'none']) {
      got.read.push(await outcome(who, read));
      got.change.push(await outcome(who, change));
      got.stats.push(await outcome(who, stats));
    }
    expect(got).toEqual({
      read: ['ok', 'ok', 'ok', 'UNAUTHENTICATED'],
      change: ['ok', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED'],
      stats: ['ok', 'ok', 'FORBIDDEN', 'UNAUTHENTICATED'],
    });
  });

  it('lets only the platform publish and issue tokens', async () => {
    const publish = (auth: string | null) => fixture.t.raw(PublishEvent, { input: { source: 'A', body: { x: 1 } } }, auth);
    const issue = (auth: string | null) => fixture.t.raw(CreateTenantToken, { sourceName: 'A' }, auth);
    for (const run of [publish, issue]) {
      const got = [];
      for (const who of ['admin', 'managerA', 'tenantA', 'tenantB', 'none']) got.push(await outcome(who, run));
      expect(got).toEqual(['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    }
  });

  it("lets a managing token change its own source's connections, and nothing else", async () => {
    const upsert = (source: string) => (auth: string | null) =>
      fixture.t.raw(UpsertConnection, { input: { name: 'extra', source: { name: source }, destination: { name: 'extra', url: 'http://127.0.0.1:9/y' } } }, auth);
    expect(await outcome('tenantA', upsert('A'))).toBe('FORBIDDEN');
    expect(await outcome('managerA', upsert('A'))).toBe('ok');
    expect(await outcome('managerA', upsert('B'))).toBe('FORBIDDEN');
    expect(await outcome('managerA', upsert('brand-new'))).toBe('FORBIDDEN');
    expect(await queryDatabase(fixture.databaseUrl, `SELECT 1 FROM source WHERE name = 'brand-new'`)).toEqual([]);
    for (const document of [PauseConnection, UnpauseConnection, DeleteConnection] as TypedDocumentNode<unknown, { id: string }>[]) {
      expect(await outcome('managerA', (auth) => fixture.t.raw(document, { id: tenants.B.connectionId }, auth))).toBe('FORBIDDEN');
      expect(await outcome('tenantB', (auth) => fixture.t.raw(document, { id: tenants.A.connectionId }, auth))).toBe('FORBIDDEN');
    }
    expect(await outcome('managerA', (auth) => fixture.t.raw(PauseConnection, { id: tenants.A.connectionId }, auth))).toBe('ok');
    const rotate = (destinationId: string) => (auth: string | null) => fixture.t.raw(RotateDestinationSecret, { destinationId }, auth);
    expect(await outcome('tenantA', rotate(tenants.A.destinationId))).toBe('FORBIDDEN');
    expect(await outcome('managerA', rotate(tenants.B.destinationId))).toBe('FORBIDDEN');
    expect(await outcome('none', rotate(tenants.A.destinationId))).toBe('UNAUTHENTICATED');
    expect(await outcome('managerA', rotate(tenants.A.destinationId))).toBe('ok');
  });
});

describe('tenant subscriptions', () => {
  it("stream a tenant's own source and refuse another's", async () => {
    const hook = await receiver();
    await fixture.t.gql(UpsertConnection, { input: { name: 'live', source: { name: 'A' }, destination: { name: 'live', url: hook.url } } });
    const clientA = wsClient(fixture.t.app, as('tenantA'));
    const own = subscribe(clientA, DeliveryStatus, { sourceName: 'A' });
    const other = subscribe(clientA, DeliveryStatus, { sourceId: tenants.B.sourceId });
    try {
      await other.waitFor(() => other.errors.length > 0, 5_000);
      expect(other.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await fixture.t.gql(PublishEvent, { input: { source: 'A', body: { live: true } } });
      await own.waitFor((items) => items.some((item) => item.deliveryStatus.attempt?.status === 'SUCCESSFUL'));
      expect(own.errors).toEqual([]);
    } finally {
      own.stop();
      other.stop();
      await clientA.dispose();
    }
  });
});
