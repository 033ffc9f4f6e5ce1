import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, useTestApp } from './helpers/app.ts';
import { closedBy, openSocket } from './helpers/raw-socket.ts';

const fixture = useTestApp({ httpHeadersTimeoutMs: 1_000, httpRequestTimeoutMs: 2_000, httpKeepAliveTimeoutMs: 500, httpMaxConnections: 6 });

/** Writes `text` one byte a second (a slow loris) until the server closes the connection. */
function dribble(socket: Socket, text: string): void {
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || sent === text.length) return clearInterval(timer);
    socket.write(text[sent++]);
  }, 1_000);
  socket.once('close', () => clearInterval(timer));
}

describe('slow and idle clients', () => {
  it.each([
    ['its headers', 'GET /healthz HTTP/1.1\r\n', 'Host: 127.0.0.1\r\nX-Slow: 111111111111111111111111111111\r\n\r\n', 3_000],
    ['its body', 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n', '{"query":"{ __typename }"}'.padEnd(100), 4_000],
  ])('cuts off a client sending %s one byte a second with 408', async (_what, start, slowly, withinMs) => {
    const socket = await openSocket(fixture.t.app.url);
    const closed = closedBy(socket);
    socket.write(start);
    dribble(socket, slowly);
    const { received, ms } = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(withinMs);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const socket = await openSocket(fixture.t.app.url);
    const closed = closedBy(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const { received, ms } = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    // Node's default is 5 s.
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(ms).toBeLessThan(3_000);
  });

  it('keeps a server-sent events stream open past the request timeout: it limits receiving the request only', async () => {
    const controller = new AbortController();
    const response = await fetch(`${fixture.t.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ query: 'subscription { issueUpdates { change } }' }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let ended = false;
    const drain = async () => {
      while (!(await reader.read()).done);
    };
    void drain().finally(() => (ended = true)).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(ended).toBe(false);
    controller.abort();
  });

  it('drops connections past the cap, and takes new ones once some close', async () => {
    const held = await Promise.all(Array.from({ length: 6 }, () => openSocket(fixture.t.app.url)));
    // The server counts a connection once it accepted it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = await openSocket(fixture.t.app.url);
    const { received } = await closedBy(extra);
    expect(received).toBe('');
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`${fixture.t.app.url}/healthz`)).status).toBe(200);
  });
});
