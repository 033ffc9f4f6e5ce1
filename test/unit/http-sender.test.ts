import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSender, type HttpSender, type SendOutcome } from '../../src/delivery/http/sender.ts';
import { ALLOW_ALL_NETWORKS, parseNetworkPolicy, PUBLIC_NETWORKS_ONLY, type NetworkPolicy } from '../../src/security/network-policy.ts';

// Each test registers what it starts; afterEach closes it, passing or failing.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const defaults = { timeoutMs: 5_000, responseBodyLimit: 1024 };

function track(created: HttpSender): HttpSender {
  cleanups.push(() => created.close());
  return created;
}

/** The receivers here listen on 127.0.0.1, so every policy is explicit; the default has its own test. */
function sender(options: Partial<Parameters<typeof createHttpSender>[0]> = {}): HttpSender {
  return track(createHttpSender({ ...defaults, networkPolicy: ALLOW_ALL_NETWORKS, ...options }));
}

/** Listens on 127.0.0.1 port 0; closing also destroys open sockets, hanging ones included. */
async function listen(server: net.Server): Promise<string> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

function httpServer(handler: http.RequestListener): Promise<string> {
  return listen(http.createServer(handler)).then((host) => `http://${host}/hook`);
}

const post = { headers: { 'content-type': 'application/json' }, body: '{"a":1}' };

function expectError(outcome: SendOutcome, errorCode: string): void {
  expect(outcome.kind === 'error' ? outcome.errorCode : `response ${JSON.stringify(outcome)}`).toBe(errorCode);
}

describe('createHttpSender', () => {
  it('POSTs the body and headers and returns status, body and timings', async () => {
    let received: { method?: string; headers: http.IncomingHttpHeaders; body: string } | undefined;
    const url = await httpServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received = { method: req.method, headers: req.headers, body };
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('thanks, Zoë ✓');
      });
    });
    const before = new Date();
    const outcome = await sender().send({ url, headers: { ...post.headers, 'x-hookrelay-attempt': '1' }, body: '{"name":"東京"}' });

    expect(outcome).toMatchObject({ kind: 'response', status: 200, body: 'thanks, Zoë ✓' });
    if (outcome.kind !== 'response') return;
    expect(outcome.durationMs).toBeGreaterThan(0);
    expect(outcome.respondedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(received?.method).toBe('POST');
    expect(received?.body).toBe('{"name":"東京"}');
    expect(received?.headers['content-length']).toBe(String(Buffer.byteLength('{"name":"東京"}')));
    expect(received?.headers['x-hookrelay-attempt']).toBe('1');
  });

  it('returns a 500 as a response, not an error', async () => {
    const url = await httpServer((_req, res) => res.writeHead(500).end('boom'));
    expect(await sender().send({ url, ...post })).toMatchObject({ kind: 'response', status: 500, body: 'boom' });
  });

  it('passes on a Retry-After header for the retry policy', async () => {
    const url = await httpServer((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    const outcome = await sender().send({ url, ...post });
    expect(outcome).toMatchObject({ kind: 'response', status: 429, retryAfter: '120' });
  });

  it('keeps the connection alive between sends', async () => {
    const ports = new Set<number>();
    const url = await httpServer((req, res) => {
      ports.add(req.socket.remotePort ?? 0);
      req.resume().on('end', () => res.end('ok'));
    });
    const client = sender();
    for (let i = 0; i < 3; i++) {
      expect(await client.send({ url, ...post })).toMatchObject({ status: 200 });
      // The pool sees the connection free only a moment after the body ends; a send in the same
      // tick may rightly open a second one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(ports.size).toBe(1);
  });

  describe('response body limit', () => {
    it('does not cut a multi-byte character in half', async () => {
      const url = await httpServer((req, res) => req.resume().on('end', () => res.end('ab€€')));
      // "ab" + "€" (3 bytes) fits in 5 bytes; the next "€" would not.
      expect(await sender({ responseBodyLimit: 6 }).send({ url, ...post })).toMatchObject({ body: 'ab€' });
      expect(await sender({ responseBodyLimit: 8 }).send({ url, ...post })).toMatchObject({ body: 'ab€€' });
    });

    it('keeps the response when the connection breaks after the limit', async () => {
      const url = await httpServer((req, res) => {
        req.resume();
        res.writeHead(502, { 'content-length': '100' });
        res.write('0123456789', () => setTimeout(() => req.socket.destroy(), 20));
      });
      expect(await sender({ responseBodyLimit: 5 }).send({ url, ...post })).toMatchObject({ kind: 'response', status: 502, body: '01234' });
    });

    it('still reuses the connection when a short remainder is dropped', async () => {
      const ports = new Set<number>();
      const url = await httpServer((req, res) => {
        ports.add(req.socket.remotePort ?? 0);
        req.resume().on('end', () => res.end('x'.repeat(5_000)));
      });
      const client = sender({ responseBodyLimit: 10 });
      for (let i = 0; i < 3; i++) {
        expect(await client.send({ url, ...post })).toMatchObject({ body: 'x'.repeat(10) });
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(ports.size).toBe(1);
    });

    it('reads nothing with a limit of 0', async () => {
      const url = await httpServer((req, res) => req.resume().on('end', () => res.writeHead(503).end('unavailable')));
      expect(await sender({ responseBodyLimit: 0 }).send({ url, ...post })).toMatchObject({ kind: 'response', status: 503, body: '' });
    });
  });

  describe('failures become error outcomes', () => {
    it('TIMEOUT when the server never answers', async () => {
      const url = await httpServer(() => {});
      const outcome = await sender({ timeoutMs: 300 }).send({ url, ...post });
      expectError(outcome, 'TIMEOUT');
      expect(outcome).toMatchObject({ message: 'no complete response within 300 ms' });
      expect(outcome.durationMs).toBeGreaterThanOrEqual(250);
      expect(outcome.durationMs).toBeLessThan(2_000);
    });

    it('TIMEOUT when the body does not finish within the deadline', async () => {
      const url = await httpServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
      });
      const outcome = await sender({ timeoutMs: 300 }).send({ url, ...post });
      expectError(outcome, 'TIMEOUT');
      expect(outcome.durationMs).toBeLessThan(2_000);
    });

    it('CONNECTION_REFUSED for a closed port', async () => {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as net.AddressInfo;
      await new Promise((resolve) => server.close(resolve));
      const outcome = await sender().send({ url: `http://127.0.0.1:${port}/hook`, ...post });
      expectError(outcome, 'CONNECTION_REFUSED');
      expect(outcome).toMatchObject({ message: expect.stringContaining('ECONNREFUSED') });
    });

    it('DNS for a host that does not resolve', async () => {
      // .invalid is reserved never to resolve (RFC 6761).
      const outcome = await sender().send({ url: 'http://hookrelay-test.invalid/hook', ...post });
      expectError(outcome, 'DNS');
    });

    it('CONNECTION_RESET when the socket is destroyed mid-request', async () => {
      const url = await httpServer((req) => req.socket.destroy());
      expectError(await sender().send({ url, ...post }), 'CONNECTION_RESET');
    });

    it('NETWORK for anything else, here a header value undici refuses', async () => {
      const url = await httpServer((_req, res) => res.end('ok'));
      const outcome = await sender().send({ url, headers: { 'x-bad': 'line\r\nbreak' }, body: '' });
      expectError(outcome, 'NETWORK');
      expect(outcome).toMatchObject({ message: expect.any(String) });
    });

    it('never throws, even for a URL that is not one', async () => {
      expectError(await sender().send({ url: 'not a url', ...post }), 'NETWORK');
    });
  });
});

describe('network policy', () => {
  /** A receiver on 127.0.0.1 that counts TCP connections and requests, to show nothing reached it. */
  async function receiver() {
    const seen = { connections: 0, requests: 0 };
    const server = http.createServer((req, res) => {
      seen.requests++;
      req.resume().on('end', () => res.end('ok'));
    });
    server.on('connection', () => seen.connections++);
    const host = await listen(server);
    const port = host.split(':')[1];
    return { seen, port };
  }

  const blocked = (policy: NetworkPolicy) => sender({ networkPolicy: policy });
  const refusal = (reason: string) =>
    `refused to connect to ${reason}; set HOOKRELAY_ALLOW_PRIVATE_NETWORKS=true or a CIDR allowlist to allow it`;

  it('refuses loopback, as a literal or a host name, when created without a policy', async () => {
    const { seen, port } = await receiver();
    const client = track(createHttpSender(defaults));
    for (const host of ['127.0.0.1', 'localhost']) {
      const outcome = await client.send({ url: `http://${host}:${port}/hook`, ...post });
      expectError(outcome, 'SSRF_BLOCKED');
      expect(outcome).toMatchObject({ message: expect.stringMatching(/^refused to connect to loopback address (127\.0\.0\.1|::1);/) });
    }
    expect(seen).toEqual({ connections: 0, requests: 0 });
  });

  it('refuses a loopback IP literal before connecting', async () => {
    const { seen, port } = await receiver();
    const outcome = await blocked(PUBLIC_NETWORKS_ONLY).send({ url: `http://127.0.0.1:${port}/hook`, ...post });
    expectError(outcome, 'SSRF_BLOCKED');
    expect(outcome).toMatchObject({ message: refusal('loopback address 127.0.0.1') });
    expect(seen).toEqual({ connections: 0, requests: 0 });
  });

  it('refuses a host name that resolves to loopback, checking the looked-up address', async () => {
    const { seen, port } = await receiver();
    const client = blocked(PUBLIC_NETWORKS_ONLY);
    for (const url of [`http://localhost:${port}/hook`, `https://localhost:${port}/hook`]) {
      const outcome = await client.send({ url, ...post });
      expectError(outcome, 'SSRF_BLOCKED');
      expect(outcome).toMatchObject({ message: expect.stringMatching(/^refused to connect to loopback address (127\.0\.0\.1|::1);/) });
    }
    expect(seen).toEqual({ connections: 0, requests: 0 });
  });

  it.each([
    ['allowPrivate', ALLOW_ALL_NETWORKS],
    ['an allowlist holding 127.0.0.1/32', parseNetworkPolicy('127.0.0.1/32')],
  ])('delivers to loopback with %s', async (_name, policy) => {
    const { seen, port } = await receiver();
    const client = blocked(policy);
    for (const host of ['127.0.0.1', 'localhost']) {
      expect(await client.send({ url: `http://${host}:${port}/hook`, ...post })).toMatchObject({ kind: 'response', status: 200 });
    }
    expect(seen.requests).toBe(2);
  });

  it('refuses an address outside the allowlist', async () => {
    const { seen, port } = await receiver();
    const outcome = await blocked(parseNetworkPolicy('10.0.0.0/8,127.0.0.2/32')).send({ url: `http://localhost:${port}/hook`, ...post });
    expectError(outcome, 'SSRF_BLOCKED');
    expect(seen.connections).toBe(0);
  });

  it('keeps connections alive through the checked lookup', async () => {
    const ports = new Set<number>();
    const url = await httpServer((req, res) => {
      ports.add(req.socket.remotePort ?? 0);
      req.resume().on('end', () => res.end('ok'));
    });
    const client = blocked(parseNetworkPolicy('127.0.0.0/8'));
    for (let i = 0; i < 3; i++) {
      expect(await client.send({ url: url.replace('127.0.0.1', 'localhost'), ...post })).toMatchObject({ status: 200 });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(ports.size).toBe(1);
  });

  it('refuses an IPv4-mapped IPv6 literal by the IPv4 address it carries', async () => {
    const { seen, port } = await receiver();
    const outcome = await blocked(PUBLIC_NETWORKS_ONLY).send({ url: `http://[::ffff:127.0.0.1]:${port}/hook`, ...post });
    expectError(outcome, 'SSRF_BLOCKED');
    expect(outcome).toMatchObject({ message: refusal('loopback address 127.0.0.1 (as ::ffff:7f00:1)') });
    expect(seen.connections).toBe(0);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata address 169.254.169.254'],
    ['https://[fd00:ec2::254]/latest/meta-data/', 'unique local (private) address fd00:ec2::254'],
    ['http://[::1]:9/hook', 'loopback address ::1'],
    ['http://[::]/hook', 'unspecified address ::'],
    ['http://0/hook', 'unspecified address 0.0.0.0'],
    // WHATWG URL parsing reads these as IPv4 too; undici would connect to 127.0.0.1.
    ['http://0x7f.1/hook', 'loopback address 127.0.0.1'],
    ['http://2130706433/hook', 'loopback address 127.0.0.1'],
    ['http://10.0.0.1/hook', 'private address 10.0.0.1'],
  ])('refuses %s at once, without network traffic', async (url, reason) => {
    // A connection attempt to these would hang towards the 5 s timeout or fail with another code.
    const outcome = await blocked(PUBLIC_NETWORKS_ONLY).send({ url, ...post });
    expect(outcome).toMatchObject({ kind: 'error', errorCode: 'SSRF_BLOCKED', message: refusal(reason) });
    expect(outcome.durationMs).toBeLessThan(50);
  });

  it('records a redirect to a refused address as the response, without following it', async () => {
    let requests = 0;
    const url = await httpServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    const outcome = await blocked(parseNetworkPolicy('127.0.0.1/32')).send({ url, ...post });
    expect(outcome).toMatchObject({ kind: 'response', status: 307 });
    expect(requests).toBe(1);
  });

  it('still reports DNS for a host that does not resolve', async () => {
    expectError(await blocked(PUBLIC_NETWORKS_ONLY).send({ url: 'http://hookrelay-test.invalid/hook', ...post }), 'DNS');
  });
});
