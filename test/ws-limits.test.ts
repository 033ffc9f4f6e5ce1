import { beforeAll, describe, expect, it } from 'vitest';
import { CreateTenantToken, UpsertConnection } from './documents.ts';
import { useTestApp } from './helpers/app.ts';
import { errorCode, openGraphqlSocket, type GraphqlSocket } from './helpers/graphql-socket.ts';
import { closeCode, closedBy, rawWebSocket, textFrameHeader } from './helpers/raw-socket.ts';

// Tokens raised so that a document can be nested deep enough to overflow the parser's stack.
const fixture = useTestApp({ wsMaxSubscriptions: 3, wsMaxSocketsPerPrincipal: 2, maxQueryTokens: 100_000, maxQueryDepth: 100 });
const LIVE = 'subscription { deliveryStatus(sourceName: "ws") { event { id } } }';
let tenant = '';

beforeAll(async () => {
  await fixture.t.gql(UpsertConnection, { input: { name: 'ws', source: { name: 'ws' }, destination: { name: 'ws', url: 'http://127.0.0.1:9/x' } } });
  tenant = `Bearer ${(await fixture.t.gql(CreateTenantToken, { sourceName: 'ws' })).createTenantToken}`;
});

async function connected(authorization?: string): Promise<GraphqlSocket> {
  const socket = await openGraphqlSocket(fixture.t.app.url);
  await socket.init(authorization);
  return socket;
}

async function runs(socket: GraphqlSocket, id: string): Promise<void> {
  socket.subscribe(id, '{ source(name: "ws") { name } }');
  const next = await socket.waitFor((message) => message.id === id && message.type === 'next');
  expect(next.payload).toEqual({ data: { source: { name: 'ws' } } });
}

describe('WebSocket authentication', () => {
  it.each([
    [null, 'Missing API key: send connectionParams { authorization: "Bearer <key>" }.'],
    ['Bearer wrong-key-000000000000', 'Invalid API key: check HOOKRELAY_API_KEY or the key printed at first start.'],
    ['Bearer hrt_no-such-token', 'Invalid tenant token: ask the platform for a new one (createTenantToken).'],
  ])('closes a socket authenticating with %s with 4403 and the reason', async (authorization, reason) => {
    const socket = await openGraphqlSocket(fixture.t.app.url);
    await expect(socket.init(authorization)).rejects.toThrow(/socket closed/);
    expect(await socket.closed).toEqual({ code: 4403, reason });
  });
});

describe('WebSocket caps', () => {
  it('closes the socket past the per-key cap with 4429, counting each key apart', async () => {
    const first = await connected();
    const second = await connected();
    const third = await openGraphqlSocket(fixture.t.app.url);
    await expect(third.init()).rejects.toThrow(/socket closed/);
    expect(await third.closed).toEqual({ code: 4429, reason: 'Too many sockets for this key: the limit is 2 (HOOKRELAY_WS_MAX_SOCKETS_PER_PRINCIPAL); close one.' });
    const ofTenant = await connected(tenant);
    await runs(ofTenant, 'tenant');
    first.close();
    await first.closed;
    const again = await connected();
    await runs(again, 'again');
    for (const socket of [second, ofTenant, again]) socket.close();
  });

  it('refuses the operation past the per-socket cap with an error for its id, and keeps the socket', async () => {
    const socket = await connected();
    for (const id of ['1', '2', '3']) socket.subscribe(id, LIVE);
    socket.subscribe('4', LIVE);
    const refused = await socket.waitFor((message) => message.id === '4');
    expect(refused.type).toBe('error');
    expect(errorCode(refused)).toBe('TOO_MANY_REQUESTS');
    expect(JSON.stringify(refused.payload)).toContain('the limit is 3 (HOOKRELAY_WS_MAX_SUBSCRIPTIONS)');
    socket.complete('1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await runs(socket, '5');
    socket.close();
  });
});

describe('broken operations on a socket', () => {
  it('answer an error for that id only, whatever broke them', async () => {
    const socket = await connected();
    const deepest = `{ ${'source(name: "ws") { connections { edges { node { '.repeat(10_000)} id ${'} } } } '.repeat(10_000)}}`;
    // The codes HTTP answers with too.
    const cases: [string, string, string, RegExp][] = [
      ['syntax', '{ source(name: ', 'BAD_USER_INPUT', /Syntax Error/],
      ['unknown field', '{ nope }', 'GRAPHQL_VALIDATION_FAILED', /Cannot query field .*nope/],
      ['stack overflow', deepest, 'BAD_USER_INPUT', /nested too deeply to parse/],
      ['bad variable', 'query($n: Int) { events(first: $n) { edges { cursor } } }', 'BAD_USER_INPUT', /Int cannot represent/],
    ];
    for (const [id, query, code, message] of cases) {
      socket.subscribe(id, query, id === 'bad variable' ? { n: 'many' } : undefined);
      const answer = await socket.waitFor((received) => received.id === id);
      expect(answer.type === 'error' || (answer.type === 'next' && !('data' in (answer.payload as object))), id).toBe(true);
      const errors = answer.type === 'error' ? answer : { ...answer, payload: (answer.payload as { errors: unknown[] }).errors };
      expect(errorCode(errors), id).toBe(code);
      expect(JSON.stringify(answer.payload), id).toMatch(message);
    }
    await runs(socket, 'still open');
    socket.close();
    expect((await socket.closed).code).toBe(1005);
  });
});

describe('WebSocket payload limit', () => {
  it('closes a frame over the limit with 1009 before reading it, and a flood of them before authentication stays small', async () => {
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const ping = JSON.stringify({ type: 'ping', payload: { pad: 'a'.repeat(1_000_000) } });
    const bigPing = Buffer.concat([textFrameHeader(ping.length), Buffer.from(ping)]);
    const flood = await Promise.all(
      Array.from({ length: 80 }, async (_, i) => {
        const socket = await rawWebSocket(fixture.t.app.url);
        const closed = closedBy(socket);
        if (i % 2 === 0) {
          // Announces 64 MiB and starts sending it: 2.5 GiB for 40 sockets if the server buffered them.
          socket.write(textFrameHeader(64 * 1024 * 1024));
          for (let sent = 0; sent < 4 && !socket.destroyed; sent++) socket.write(chunk);
        } else {
          // 1 MB pings, under the limit, as fast as the server reads them.
          const send = () => !socket.destroyed && socket.write(bigPing) && setImmediate(send);
          socket.on('drain', send);
          send();
        }
        return closed;
      }),
    );
    clearInterval(sampler);
    const rssAfter = process.memoryUsage().rss;
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.info(`RSS during a flood of 40 sockets × 64 MiB frames and 40 × 1 MB pings, unauthenticated: before ${mib(rssBefore)} MiB, peak ${mib(peak)} MiB, after ${mib(rssAfter)} MiB`);
    for (const { received, ms } of flood) {
      expect(closeCode(received)).toBe(1009);
      expect(ms).toBeLessThan(2_000);
    }
    expect(peak - rssBefore).toBeLessThan(200 * 1024 * 1024);

    // A frame under the limit is read: the socket gets to authenticate.
    const socket = await connected();
    await runs(socket, 'under the limit');
    socket.close();
  });

  it('ends an unauthenticated socket sending small frames at the connection_init timeout', async () => {
    const ping = JSON.stringify({ type: 'ping', payload: { pad: 'a'.repeat(10_000) } });
    const frame = Buffer.concat([textFrameHeader(ping.length), Buffer.from(ping)]);
    const socket = await rawWebSocket(fixture.t.app.url);
    const closed = closedBy(socket);
    const timer = setInterval(() => socket.destroyed || socket.write(frame), 50);
    const { received, ms } = await closed.finally(() => clearInterval(timer));
    // 4408: graphql-ws's "Connection initialisation timeout" (3 s).
    expect(closeCode(received)).toBe(4408);
    expect(ms).toBeLessThan(5_000);
  });
});
