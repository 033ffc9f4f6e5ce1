import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BulkRetry,
  CancelEvent,
  CreatePortalSession,
  CreateScopedTenantToken,
  CreateTenantToken,
  DeleteConnection,
  DestinationSecret,
  DisableDestination,
  PauseConnection,
  PublishEvent,
  RetryEvent,
  RevokeTenantToken,
  RotateDestinationSecret,
  SendTestEvent,
  UpsertConnection,
  Viewer,
} from './documents.ts';
import type { PortalCapability } from './generated/graphql.ts';
import { useTestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';

const PUBLIC_URL = 'https://hooks.example.com';
const fixture = useTestApp({ publicUrl: PUBLIC_URL });

let connectionId: string;
let destinationId: string;

beforeAll(async () => {
  const { upsertConnection } = await fixture.t.gql(UpsertConnection, {
    input: { name: 'acme-hook', source: { name: 'acme' }, destination: { name: 'acme-dest', url: 'http://127.0.0.1:9/x' }, rules: { delayMs: 3_600_000 } },
  });
  connectionId = upsertConnection.id;
  destinationId = upsertConnection.destination.id;
  await fixture.t.gql(UpsertConnection, { input: { name: 'other-hook', source: { name: 'other' }, destination: { name: 'o', url: 'http://127.0.0.1:9/o' } } });
});

const session = async (capabilities: PortalCapability[], extra: { ttlSeconds?: number; returnUrl?: string } = {}) =>
  (await fixture.t.gql(CreatePortalSession, { input: { sourceName: 'acme', capabilities, ...extra } })).createPortalSession;

const bearer = async (capabilities: PortalCapability[]) => `Bearer ${(await session(capabilities)).token}`;

async function refusal<R, V>(document: TypedDocumentNode<R, V>, variables: V, authorization: string) {
  const { errors } = await fixture.t.raw(document, variables, authorization);
  return errors?.[0] ? { code: errors[0].extensions?.code, capability: errors[0].extensions?.capability, message: errors[0].message } : null;
}

/** An event of acme held by its delay: cancellable now, retryable once cancelled. */
async function pendingEvent(): Promise<string> {
  const { publishEvent } = await fixture.t.gql(PublishEvent, { input: { source: 'acme', body: { n: 1 } } });
  return publishEvent.events[0].id;
}

describe('createPortalSession', () => {
  it('returns a link with the token in the fragment, its expiry and its capabilities', async () => {
    const before = Date.now();
    const created = await session(['RETRY', 'RETRY', 'MANAGE_ENDPOINTS'], { ttlSeconds: 600, returnUrl: 'https://app.example.com/webhooks' });
    expect(created.url).toBe(`${PUBLIC_URL}/portal#token=${created.token}`);
    expect(created.token).toMatch(/^hrt_[A-Za-z0-9_-]{43}$/);
    expect(new Date(created.expiresAt).getTime() - before).toBeGreaterThanOrEqual(599_000);
    expect(new Date(created.expiresAt).getTime() - before).toBeLessThanOrEqual(601_000);
    expect(created.capabilities.sort()).toEqual(['MANAGE_ENDPOINTS', 'RETRY']);

    const { data } = await fixture.t.raw(Viewer, {}, `Bearer ${created.token}`);
    expect(data?.viewer).toEqual({
      source: { id: expect.any(String), name: 'acme' },
      capabilities: expect.arrayContaining(['MANAGE_ENDPOINTS', 'RETRY']),
      expiresAt: created.expiresAt,
      returnUrl: 'https://app.example.com/webhooks',
    });
    // Only its hash is stored.
    const rows = await queryDatabase<{ token_hash: string }>(fixture.databaseUrl, 'SELECT token_hash FROM tenant_token');
    expect(rows.map((row) => row.token_hash)).not.toContain(created.token);
  });

  it('shows the admin key as the platform: no source, every capability', async () => {
    const { viewer } = await fixture.t.gql(Viewer);
    expect(viewer).toEqual({ source: null, capabilities: ['MANAGE_ENDPOINTS', 'VIEW_SECRETS', 'RETRY'], expiresAt: null, returnUrl: null });
  });

  it('names the field and the fix for a bad lifetime, return URL or source', async () => {
    const attempt = async (input: { sourceName: string; ttlSeconds?: number; returnUrl?: string }) => {
      const { errors } = await fixture.t.raw(CreatePortalSession, { input });
      return { code: errors?.[0].extensions?.code, field: errors?.[0].extensions?.field, message: errors?.[0].message };
    };
    expect(await attempt({ sourceName: 'acme', ttlSeconds: 59 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ttlSeconds', message: expect.stringContaining('60 to 604800 (7 days)') });
    expect(await attempt({ sourceName: 'acme', ttlSeconds: 7 * 86_400 + 1 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ttlSeconds' });
    for (const returnUrl of ['javascript:alert(1)', 'data:text/html,hi', '/relative', `https://a.example/${'x'.repeat(2_000)}`]) {
      expect(await attempt({ sourceName: 'acme', returnUrl })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.returnUrl', message: expect.stringContaining('http(s) URL') });
    }
    expect(await attempt({ sourceName: '東京' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sourceName', message: expect.stringContaining('printable ASCII') });
    expect(await attempt({ sourceName: ' ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sourceName' });
  });

  it('creates the source of a customer that has no endpoint yet, once however many sessions open at once', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 5 }, () => fixture.t.gql(CreatePortalSession, { input: { sourceName: 'newcomer', capabilities: ['MANAGE_ENDPOINTS'] } })),
    );
    const viewers = await Promise.all(sessions.map(({ createPortalSession }) => fixture.t.raw(Viewer, {}, `Bearer ${createPortalSession.token}`)));
    expect(new Set(viewers.map(({ data }) => data?.viewer.source?.id)).size).toBe(1);
    expect(viewers[0].data?.viewer.source?.name).toBe('newcomer');
    // A tenant token, by contrast, is for a source the platform already set up.
    const { errors } = await fixture.t.raw(CreateTenantToken, { sourceName: 'nobody' });
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: expect.stringContaining('Unknown source "nobody"') });
  });

  it('is the platform’s call alone', async () => {
    expect(await refusal(CreatePortalSession, { input: { sourceName: 'acme', capabilities: ['VIEW_SECRETS'] } }, await bearer(['MANAGE_ENDPOINTS', 'VIEW_SECRETS', 'RETRY']))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('capabilities', () => {
  // Each change with the capability it needs; a session without it is refused before anything is looked up.
  type Attempt = (authorization: string) => ReturnType<typeof refusal>;
  const changes: [string, PortalCapability, () => Promise<Attempt>][] = [
    ['upsertConnection', 'MANAGE_ENDPOINTS', async () => (auth) => refusal(UpsertConnection, { input: { name: 'acme-new', source: { name: 'acme' }, destination: { name: 'n', url: 'https://hooks.test/n' } } }, auth)],
    ['pauseConnection', 'MANAGE_ENDPOINTS', async () => (auth) => refusal(PauseConnection, { id: connectionId }, auth)],
    ['disableDestination', 'MANAGE_ENDPOINTS', async () => (auth) => refusal(DisableDestination, { id: destinationId }, auth)],
    ['sendTestEvent', 'MANAGE_ENDPOINTS', async () => (auth) => refusal(SendTestEvent, { connectionId }, auth)],
    ['destinationSecret', 'VIEW_SECRETS', async () => (auth) => refusal(DestinationSecret, { destinationId }, auth)],
    ['rotateDestinationSecret', 'VIEW_SECRETS', async () => (auth) => refusal(RotateDestinationSecret, { destinationId }, auth)],
    ['cancelEvent', 'RETRY', async () => {
      const id = await pendingEvent();
      return (auth) => refusal(CancelEvent, { id }, auth);
    }],
    ['bulkRetry', 'RETRY', async () => (auth) => refusal(BulkRetry, { filter: { status: ['FAILED'] } }, auth)],
  ];

  for (const [name, needed, prepare] of changes) {
    it(`${name} needs ${needed}`, async () => {
      const others = (['MANAGE_ENDPOINTS', 'VIEW_SECRETS', 'RETRY'] as const).filter((capability) => capability !== needed);
      const attempt = await prepare();
      for (const capabilities of [[], others]) {
        const refused = await attempt(await bearer([...capabilities]));
        expect(refused, `${name} with [${capabilities.join(', ')}]`).toEqual({ code: 'FORBIDDEN', capability: needed, message: expect.stringContaining(`lacks the ${needed} capability`) });
      }
      expect(await attempt(await bearer([needed]))).toBeNull();
    });
  }

  it('retryEvent needs RETRY, and deleteConnection MANAGE_ENDPOINTS', async () => {
    const eventId = await pendingEvent();
    await fixture.t.gql(CancelEvent, { id: eventId });
    expect(await refusal(RetryEvent, { id: eventId }, await bearer(['MANAGE_ENDPOINTS', 'VIEW_SECRETS']))).toMatchObject({ code: 'FORBIDDEN', capability: 'RETRY' });
    expect(await refusal(RetryEvent, { id: eventId }, await bearer(['RETRY']))).toBeNull();

    const { upsertConnection } = await fixture.t.gql(UpsertConnection, { input: { name: 'acme-doomed', source: { name: 'acme' }, destination: { name: 'doomed', url: 'https://hooks.test/d' } } });
    expect(await refusal(DeleteConnection, { id: upsertConnection.id }, await bearer(['RETRY', 'VIEW_SECRETS']))).toMatchObject({ code: 'FORBIDDEN', capability: 'MANAGE_ENDPOINTS' });
    expect(await refusal(DeleteConnection, { id: upsertConnection.id }, await bearer(['MANAGE_ENDPOINTS']))).toBeNull();
  });

  it('never reach another source, whatever the capabilities', async () => {
    const { data } = await fixture.t.raw(UpsertConnection, { input: { name: 'x', source: { name: 'other' }, destination: { name: 'x', url: 'https://hooks.test/x' } } }, await bearer(['MANAGE_ENDPOINTS']));
    expect(data).toBeNull();
    expect(await refusal(UpsertConnection, { input: { name: 'x', source: { name: 'other' }, destination: { name: 'x', url: 'https://hooks.test/x' } } }, await bearer(['MANAGE_ENDPOINTS']))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('come with tenant tokens too: listed, or all of them with canManage', async () => {
    const scoped = (await fixture.t.gql(CreateScopedTenantToken, { sourceName: 'acme', capabilities: ['VIEW_SECRETS'] })).createTenantToken;
    expect((await fixture.t.raw(Viewer, {}, `Bearer ${scoped}`)).data?.viewer.capabilities).toEqual(['VIEW_SECRETS']);
    const managing = (await fixture.t.gql(CreateTenantToken, { sourceName: 'acme', canManage: true })).createTenantToken;
    expect((await fixture.t.raw(Viewer, {}, `Bearer ${managing}`)).data?.viewer.capabilities).toEqual(['MANAGE_ENDPOINTS', 'VIEW_SECRETS', 'RETRY']);
    const readOnly = (await fixture.t.gql(CreateTenantToken, { sourceName: 'acme' })).createTenantToken;
    expect((await fixture.t.raw(Viewer, {}, `Bearer ${readOnly}`)).data?.viewer.capabilities).toEqual([]);
  });
});

describe('an ended session', () => {
  it('is refused with where to go: its returnUrl once expired or revoked, nothing for an unknown token', async () => {
    const ended = await session([], { returnUrl: 'https://app.example.com/back' });
    await fixture.t.gql(RevokeTenantToken, { token: ended.token });
    const revoked = await fixture.t.raw(Viewer, {}, `Bearer ${ended.token}`);
    expect(revoked.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', returnUrl: 'https://app.example.com/back' });

    const expiring = await session([], { returnUrl: 'https://app.example.com/expired' });
    await queryDatabase(fixture.databaseUrl, `UPDATE tenant_token SET expires_at = now() - interval '1 second' WHERE return_url = $1`, ['https://app.example.com/expired']);
    const expired = await fixture.t.raw(Viewer, {}, `Bearer ${expiring.token}`);
    expect(expired.errors?.[0]).toMatchObject({ message: expect.stringContaining('expired'), extensions: { code: 'UNAUTHENTICATED', returnUrl: 'https://app.example.com/expired' } });

    const unknown = await fixture.t.raw(Viewer, {}, `Bearer hrt_${'A'.repeat(43)}`);
    expect(unknown.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0].extensions).not.toHaveProperty('returnUrl');
  });
});
