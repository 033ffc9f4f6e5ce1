import { beforeAll, describe, expect, it } from 'vitest';
import { CreateTenantToken, PauseConnection, PublishEvent, RevokeTenantToken, UpsertConnection } from './documents.ts';
import { startTestApp, useTestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';
import { publishUntilStreamed, readEventStream } from './helpers/event-stream.ts';
import { errorCode, openGraphqlSocket } from './helpers/graphql-socket.ts';

// Rechecks far apart in this app: what closes its sockets sooner is the expiry timer or the
// operation's own authentication. The second app, on the same database, rechecks often.
const fixture = useTestApp({ wsRecheckMs: 600_000 });
let connectionId = '';

beforeAll(async () => {
  const { upsertConnection } = await fixture.t.gql(UpsertConnection, {
    input: { name: 'life', source: { name: 'life' }, destination: { name: 'life', url: 'http://127.0.0.1:9/x' } },
  });
  connectionId = upsertConnection.id;
});

const issue = async (ttlSeconds = 60) =>
  (await fixture.t.gql(CreateTenantToken, { sourceName: 'life', ttlSeconds, canManage: true })).createTenantToken;
const expireAt = (token: string, sql: string) =>
  queryDatabase(fixture.databaseUrl, `UPDATE tenant_token SET expires_at = ${sql} WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [token]);
const PAUSE = `mutation($id: ID!) { pauseConnection(id: $id) { id } }`;
const LIVE = 'subscription { deliveryStatus(sourceName: "life") { event { id } } }';

describe('a tenant token on an open socket', () => {
  it('runs nothing once expired: the operation is UNAUTHENTICATED, as over HTTP, and the socket closes with 4401', async () => {
    const token = await issue();
    const socket = await openGraphqlSocket(fixture.t.app.url);
    await socket.init(`Bearer ${token}`);
    socket.subscribe('before', PAUSE, { id: connectionId });
    expect((await socket.waitFor((message) => message.id === 'before')).type).toBe('next');

    // As at 61 s of a 60 s token.
    await expireAt(token, "now() - interval '1 second'");
    socket.subscribe('after', PAUSE, { id: connectionId });
    const refused = await socket.waitFor((message) => message.id === 'after');
    expect(refused.type).toBe('error');
    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    const { code, reason } = await socket.closed;
    expect(code).toBe(4401);
    expect(reason).toMatch(/^Tenant token expired at .*: ask the platform for a new one\.$/);
    const http = await fixture.t.raw(PauseConnection, { id: connectionId }, `Bearer ${token}`);
    expect(http.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('closes at the moment the token expires, with nothing sent on it', async () => {
    const token = await issue();
    await expireAt(token, "now() + interval '1500 milliseconds'");
    const socket = await openGraphqlSocket(fixture.t.app.url);
    await socket.init(`Bearer ${token}`);
    socket.subscribe('live', LIVE);
    const started = Date.now();
    const { code, reason } = await socket.closed;
    expect(code).toBe(4401);
    expect(reason).toMatch(/^Tenant token expired at .*: reconnect with a new one\.$/);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('is closed on every process once revoked, and the token is refused everywhere', async () => {
    const other = await startTestApp(fixture.databaseUrl, { wsRecheckMs: 200 });
    try {
      const token = await issue(3600);
      const socket = await openGraphqlSocket(other.app.url);
      await socket.init(`Bearer ${token}`);
      socket.subscribe('live', LIVE);
      // Server-sent events, as GraphiQL subscribes: nothing but the revocation ends this stream.
      const sse = await fetch(`${other.app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: LIVE }),
      });

      // Until then, both carry the source's updates.
      const stream = readEventStream(sse);
      const publishOne = async () => (await fixture.t.gql(PublishEvent, { input: { source: 'life', body: { live: true } } })).publishEvent.events[0].id;
      expect(await publishUntilStreamed(stream, publishOne)).toBe(true);
      expect((await socket.waitFor((message) => message.id === 'live' && message.type === 'next')).type).toBe('next');

      // Only the admin revokes; a tenant token cannot, not even its own.
      const byTenant = await fixture.t.raw(RevokeTenantToken, { token }, `Bearer ${token}`);
      expect(byTenant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const revokedAt = Date.now();
      expect((await fixture.t.gql(RevokeTenantToken, { token })).revokeTenantToken).toBe(true);
      expect(await socket.closed).toEqual({ code: 4401, reason: 'Tenant token revoked: reconnect with a new one.' });
      const streamed = await stream.rest();
      expect(streamed).toContain('"code":"UNAUTHENTICATED"');
      expect(streamed).toContain('event: complete');
      expect(Date.now() - revokedAt).toBeLessThan(1_500);

      for (const app of [fixture.t, other]) {
        const answer = await app.raw(PauseConnection, { id: connectionId }, `Bearer ${token}`);
        expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(answer.errors?.[0]?.message).toMatch(/^Tenant token revoked at /);
      }
      const again = await openGraphqlSocket(other.app.url);
      await expect(again.init(`Bearer ${token}`)).rejects.toThrow(/socket closed/);
      expect((await again.closed).code).toBe(4403);
      expect((await fixture.t.gql(RevokeTenantToken, { token })).revokeTenantToken).toBe(false);
      expect((await fixture.t.gql(RevokeTenantToken, { token: 'hrt_unknown' })).revokeTenantToken).toBe(false);
    } finally {
      await other.stop();
    }
  });
});
