import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSender, type HttpSender, type SendOutcome } from '../../src/delivery/http/sender.ts';
import { ALLOW_ALL_NETWORKS } from '../../src/security/network-policy.ts';

// Receivers that misbehave on purpose, spoken to in raw bytes so nothing tidies their answers up.
// Every case must end in a recorded outcome: an exception escaping send() or an unhandled error
// on a socket fails the run, as vitest reports those as errors.

const timeoutMs = 600;
/** Often enough that no idle timeout fires: only the deadline on the whole attempt can end these. */
const trickleEveryMs = timeoutMs / 4;
/** Event-loop lag allowed past the deadline. */
const deadlineSlackMs = 250;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The receivers here listen on 127.0.0.1. */
function sender(options: Partial<Parameters<typeof createHttpSender>[0]> = {}): HttpSender {
  const created = createHttpSender({ timeoutMs, responseBodyLimit: 1024, networkPolicy: ALLOW_ALL_NETWORKS, ...options });
  cleanups.push(() => created.close());
  return created;
}

/** What the receiver does when a request head arrives on `socket`. */
type Script = (socket: net.Socket) => void;

interface Receiver {
  url: string;
  /** Request heads received so far. */
  readonly requests: number;
}

const requestLine = /^POST \S+ HTTP\/1\.1\r\n/gm;

/**
 * A receiver on 127.0.0.1 that runs `script` for every request head it reads, and for whatever
 * else opens a connection (a TLS ClientHello sent to it, say); over TLS when given credentials.
 * Closing destroys every socket it accepted, hanging ones included.
 */
async function receiver(script: Script, credentials?: tls.SecureContextOptions): Promise<Receiver> {
  let requests = 0;
  const onSocket = (socket: net.Socket) => {
    // The sender hanging up mid-answer is the expected end of most of these conversations.
    socket.on('error', () => {});
    let opened = false;
    socket.on('data', (chunk: Buffer) => {
      const heads = [...chunk.toString('latin1').matchAll(requestLine)].length;
      requests += heads;
      const answers = opened ? heads : Math.max(heads, 1);
      opened = true;
      for (let i = 0; i < answers; i++) script(socket);
    });
  };
  const server = credentials ? tls.createServer(credentials, onSocket) : net.createServer(onSocket);
  const accepted = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    accepted.add(socket);
    socket.on('close', () => accepted.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of accepted) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `${credentials ? 'https' : 'http'}://127.0.0.1:${port}/hook`,
    get requests() {
      return requests;
    },
  };
}

const answer =
  (bytes: string | Buffer): Script =>
  (socket) =>
    socket.end(bytes);

/** Writes `head`, then `piece` every trickleEveryMs until the connection closes. */
const trickle =
  (head: string, piece: string): Script =>
  (socket) => {
    socket.write(head);
    const timer = setInterval(() => socket.write(piece), trickleEveryMs);
    socket.on('close', () => clearInterval(timer));
  };

const healthy = answer('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
const post = { headers: { 'content-type': 'application/json' }, body: '{"a":1}' };

function send(client: HttpSender, target: Receiver): Promise<SendOutcome> {
  return client.send({ url: target.url, ...post });
}

function expectError(outcome: SendOutcome, errorCode: string, message: string | RegExp): void {
  expect(outcome.kind === 'error' ? outcome.errorCode : `response ${JSON.stringify(outcome)}`).toBe(errorCode);
  expect(outcome).toMatchObject({ message: typeof message === 'string' ? message : expect.stringMatching(message) });
}

function expectTimeoutOnTime(outcome: SendOutcome, timeout = timeoutMs): void {
  expectError(outcome, 'TIMEOUT', `no complete response within ${timeout} ms`);
  // AbortSignal.timeout may fire a millisecond early by performance.now().
  expect(outcome.durationMs).toBeGreaterThanOrEqual(timeout - 5);
  expect(outcome.durationMs).toBeLessThan(timeout + deadlineSlackMs);
}

describe('slow receivers are cut off at the delivery timeout', () => {
  it.each<[string, Script]>([
    ['a body trickled a byte at a time', trickle('HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n', 'a')],
    ['a chunked body trickled a chunk at a time', trickle('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n', '1\r\na\r\n')],
    ['a body without length that never ends', trickle('HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n', 'a')],
    ['a header value trickled a byte at a time', trickle('HTTP/1.1 200 OK\r\nx-slow: ', 'a')],
    ['header lines that never end', trickle('HTTP/1.1 200 OK\r\n', 'x-more: yes\r\n')],
    ['103 Early Hints forever, never a final response', trickle('', 'HTTP/1.1 103 Early Hints\r\n\r\n')],
  ])('%s', async (_name, script) => {
    expectTimeoutOnTime(await send(sender(), await receiver(script)));
  });

  it('a TLS handshake that is never answered', async () => {
    // Over 1 s, undici times a connect with a timer of 0.5 s resolution that measured 500 ms late.
    const timeout = 1_500;
    // A TCP server that accepts and stays silent: the client's ClientHello gets no reply.
    const silent = await receiver(() => {});
    expectTimeoutOnTime(await sender({ timeoutMs: timeout }).send({ url: silent.url.replace('http:', 'https:'), ...post }), timeout);
  });

  it('keeps what it read when the body trickles past the limit, and records the status', async () => {
    const slow = await receiver(trickle(`HTTP/1.1 503 Service Unavailable\r\ncontent-length: 1000000\r\n\r\n${'x'.repeat(2_000)}`, 'x'));
    const outcome = await send(sender({ responseBodyLimit: 1_000 }), slow);
    expect(outcome).toMatchObject({ kind: 'response', status: 503, body: 'x'.repeat(1_000) });
    expect(outcome.durationMs).toBeLessThan(timeoutMs + deadlineSlackMs);
  });

  it('does not hold up deliveries to other receivers meanwhile', async () => {
    const client = sender({ connectionsPerOrigin: 1 });
    const stuck = send(client, await receiver(trickle('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n', 'a')));
    const other = await send(client, await receiver(healthy));
    expect(other).toMatchObject({ kind: 'response', status: 200 });
    expect(other.durationMs).toBeLessThan(timeoutMs / 2);
    expectTimeoutOnTime(await stuck);
  });
});

describe('a 50 MB response body', () => {
  const total = 50 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  // The largest limit the configuration allows (HOOKRELAY_RESPONSE_BODY_LIMIT).
  const limit = 1024 * 1024;

  /**
   * Writes `head`, then the same `piece` (64 KiB of payload, framed) over and over as fast as the
   * sender reads, then `tail`: the receiver's own memory stays flat.
   */
  function streaming(head: string, piece: Buffer, tail: string) {
    const progress = { written: 0 };
    const script: Script = (socket) => {
      socket.write(head);
      const pump = () => {
        while (progress.written < total && !socket.destroyed) {
          progress.written += chunk.length;
          if (!socket.write(piece)) return void socket.once('drain', pump);
        }
        if (!socket.destroyed) socket.end(tail);
      };
      pump();
    };
    return { script, progress };
  }

  /** Runs `work` while sampling this process's memory; the largest growth over where it started. */
  async function memoryGrowth<T>(work: () => Promise<T>): Promise<{ result: T; heap: number; rss: number }> {
    const usage = () => {
      const { heapUsed, external, rss } = process.memoryUsage();
      return { heap: heapUsed + external, rss };
    };
    const start = usage();
    const peak = { ...start };
    const sample = () => {
      const now = usage();
      peak.heap = Math.max(peak.heap, now.heap);
      peak.rss = Math.max(peak.rss, now.rss);
    };
    const timer = setInterval(sample, 1);
    try {
      const result = await work();
      sample();
      return { result, heap: peak.heap - start.heap, rss: peak.rss - start.rss };
    } finally {
      clearInterval(timer);
    }
  }

  it.each([
    ['with a content-length', streaming(`HTTP/1.1 500 Internal Server Error\r\ncontent-length: ${total}\r\n\r\n`, chunk, '')],
    [
      'chunked',
      streaming(
        'HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\r\n',
        Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
        '0\r\n\r\n',
      ),
    ],
  ])('%s: keeps the limit, records the status, neither buffers nor reads the rest', async (_name, { script, progress }) => {
    const big = await receiver(script);
    const { result, heap, rss } = await memoryGrowth(() => send(sender({ responseBodyLimit: limit }), big));

    expect(result).toMatchObject({ kind: 'response', status: 500 });
    expect(result.kind === 'response' && result.body).toBe('a'.repeat(limit));
    // Reading on to the end would take the whole 50 MB; socket buffers hold a few MB at most.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(progress.written).toBeLessThan(total / 4);
    expect(heap).toBeLessThan(20 * 1024 * 1024);
    expect(rss).toBeLessThan(20 * 1024 * 1024);
  });
});

describe('responses that break HTTP', () => {
  const ok = 'HTTP/1.1 200 OK\r\n';
  const chunked = `${ok}transfer-encoding: chunked\r\n\r\n`;
  const notHttp = /^Response does not match the HTTP\/1\.1 protocol/;
  const closedEarly = 'the receiver closed the connection before the response was complete';
  const headersTooLarge = 'response headers larger than 16384 bytes';
  const megabytes = (n: number) => 'a'.repeat(n * 1024 * 1024);

  it.each<[string, string | Buffer | Script, string, string | RegExp]>([
    ['garbage bytes', Buffer.from([0x00, 0x9f, 0xff, 0x41, 0x0d, 0x0a, 0x0d, 0x0a]), 'INVALID_RESPONSE', notHttp],
    ['a status line without a number', 'HTTP/1.1 abc OK\r\ncontent-length: 0\r\n\r\n', 'INVALID_RESPONSE', /Invalid status code/],
    ['status 999', 'HTTP/1.1 999 Nope\r\ncontent-length: 2\r\n\r\nok', 'INVALID_RESPONSE', 'status 999 is not an HTTP status (100-599)'],
    ['status 099', 'HTTP/1.1 099 Nope\r\ncontent-length: 2\r\n\r\nok', 'INVALID_RESPONSE', /^response the HTTP client cannot handle/],
    ['an HTTP/2 status line', 'HTTP/2 200\r\n\r\n', 'INVALID_RESPONSE', notHttp],
    ['bare LF line ends', 'HTTP/1.1 200 OK\ncontent-length: 2\n\nok', 'INVALID_RESPONSE', notHttp],
    ['a NUL in a header value', `${ok}x-a: b\0c\r\ncontent-length: 2\r\n\r\nok`, 'INVALID_RESPONSE', /Invalid header value char/],
    ['a bad chunk size', `${chunked}zz\r\nhello\r\n0\r\n\r\n`, 'INVALID_RESPONSE', /Invalid character in chunk size/],
    ['conflicting content-lengths', `${ok}content-length: 5\r\ncontent-length: 7\r\n\r\nhello!!`, 'INVALID_RESPONSE', /content-length/],
    ['content-length and chunked', `${ok}content-length: 5\r\n${chunked.slice(ok.length)}5\r\nhello\r\n0\r\n\r\n`, 'INVALID_RESPONSE', /content-length/],
    ['a negative content-length', `${ok}content-length: -1\r\n\r\nhello`, 'INVALID_RESPONSE', /Content-Length/],
    ['a body on a 204', 'HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\nhello', 'INVALID_RESPONSE', /content-length/],
    ['an unsolicited 100 Continue', `HTTP/1.1 100 Continue\r\n\r\n${ok}\r\n`, 'INVALID_RESPONSE', 'unsolicited 100 Continue response'],
    [
      'an unsolicited 101 Switching Protocols',
      'HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n',
      'INVALID_RESPONSE',
      'unsolicited 101 Switching Protocols response',
    ],
    ['2 MB of headers', `${ok}x-big: ${megabytes(2)}\r\n\r\n`, 'INVALID_RESPONSE', headersTooLarge],
    ['20,000 small headers', `${ok}${'x-h: v\r\n'.repeat(20_000)}content-length: 2\r\n\r\nok`, 'INVALID_RESPONSE', headersTooLarge],
    ['2 MB of trailers', `${chunked}2\r\nok\r\n0\r\nx-t: ${megabytes(2)}\r\n\r\n`, 'INVALID_RESPONSE', headersTooLarge],
    ['a close without a word', '', 'CONNECTION_RESET', closedEarly],
    ['a close halfway through the headers', `${ok}content-le`, 'CONNECTION_RESET', closedEarly],
    ['a close halfway through the body', `${ok}content-length: 50\r\n\r\nhello`, 'CONNECTION_RESET', closedEarly],
    ['a close halfway through a chunk', `${chunked}5\r\nhel`, 'CONNECTION_RESET', closedEarly],
    [
      'a TCP reset halfway through the body',
      (socket) => socket.write(`${ok}content-length: 50\r\n\r\nhello`, () => setTimeout(() => socket.resetAndDestroy(), 20)),
      'CONNECTION_RESET',
      /ECONNRESET/,
    ],
  ])('%s', async (_name, response, errorCode, message) => {
    const client = sender();
    expectError(await send(client, await receiver(typeof response === 'function' ? response : answer(response))), errorCode, message);
    // Nothing in the client is left broken: the next delivery goes through.
    expect(await send(client, await receiver(healthy))).toMatchObject({ kind: 'response', status: 200, body: 'ok' });
  });

  it.each<[string, string | Buffer, { status: number; body: string }]>([
    ['103 Early Hints first', 'HTTP/1.1 103 Early Hints\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\nok', { status: 201, body: 'ok' }],
    ['an HTTP/1.0 body ended by closing', 'HTTP/1.0 200 OK\r\n\r\nhello', { status: 200, body: 'hello' }],
    ['a gzip encoding claimed (kept as sent)', `${ok}content-encoding: gzip\r\n\r\nhello`, { status: 200, body: 'hello' }],
    ['bytes that are not UTF-8', Buffer.from(`${ok}\r\n\xff\x41\xc3`, 'latin1'), { status: 200, body: '\uFFFDA\uFFFD' }],
    ['a chunk extension of 1 MB', `${chunked}2;${megabytes(1)}\r\nok\r\n0\r\n\r\n`, { status: 200, body: 'ok' }],
  ])('records an odd but readable response as the response: %s', async (_name, response, expected) => {
    expect(await send(sender(), await receiver(answer(response)))).toMatchObject({ kind: 'response', ...expected });
  });
});

describe('redirects are recorded, never followed', () => {
  it.each([301, 302, 303, 307, 308])('%i, in a loop between two receivers', async (status) => {
    const targets: Receiver[] = [];
    const redirectTo =
      (index: number): Script =>
      (socket) =>
        socket.end(`HTTP/1.1 ${status} Moved\r\nlocation: ${targets[index].url}\r\ncontent-length: 5\r\n\r\nmoved`);
    targets.push(await receiver(redirectTo(1)), await receiver(redirectTo(0)));

    expect(await send(sender(), targets[0])).toMatchObject({ kind: 'response', status, body: 'moved' });
    // Give a follow-up request time to arrive if one were made.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(targets.map((target) => target.requests)).toEqual([1, 0]);
  });
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(hasOpenssl)('TLS receivers whose certificate cannot be verified', () => {
  let dir = '';
  const pem = (name: string) => readFileSync(join(dir, name));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hookrelay-tls-'));
    const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    const forLoopback = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
    openssl('req', '-x509', ...newKey, '-keyout', 'self.key', '-out', 'self.pem', ...forLoopback);
    openssl('req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Unknown test CA');
    const leaf = ['-keyout', 'leaf.key', '-out', 'leaf.pem', '-addext', 'basicConstraints=critical,CA:FALSE'];
    openssl('req', '-x509', '-CA', 'ca.pem', '-CAkey', 'ca.key', ...newKey, ...leaf, ...forLoopback);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each<[string, () => tls.SecureContextOptions, string]>([
    ['a self-signed certificate', () => ({ key: pem('self.key'), cert: pem('self.pem') }), 'self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    [
      'a certificate from an unknown CA',
      () => ({ key: pem('leaf.key'), cert: pem('leaf.pem') }),
      'unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    ],
    [
      'a chain ending in an unknown root',
      () => ({ key: pem('leaf.key'), cert: Buffer.concat([pem('leaf.pem'), pem('ca.pem')]) }),
      'self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)',
    ],
  ])('%s is refused and nothing is sent', async (_name, credentials, reason) => {
    const untrusted = await receiver(healthy, credentials());
    // A handshake took over the file's 600 ms while the whole suite loaded both cores; the
    // certificate is what these cases test, not the deadline.
    expectError(await send(sender({ timeoutMs: 5_000 }), untrusted), 'TLS', `certificate verification failed: ${reason}`);
    expect(untrusted.requests).toBe(0);
  });

  it('an https URL answered in plain HTTP fails the handshake', async () => {
    const plain = await receiver(healthy);
    const outcome = await sender().send({ url: plain.url.replace('http:', 'https:'), ...post });
    expectError(outcome, 'TLS', 'TLS handshake failed: wrong version number');
    expect(plain.requests).toBe(0);
  });
});
