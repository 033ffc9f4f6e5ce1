import http from 'node:http';
import { afterEach } from 'vitest';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { freePort } from '../../src/db/embedded-postgres.ts';

/**
 * A real HTTP endpoint for delivery tests: records every request and answers as scripted, including
 * the failures a destination can produce (error status, slow answer, no answer, reset connection).
 */
export interface RecordedRequest {
  method: string;
  /** Path with query string, as sent. */
  path: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  rawBody: Buffer;
  /** rawBody as UTF-8. */
  body: string;
  /** performance.now() when the request head arrived: monotonic, for measuring retry intervals. */
  receivedAt: number;
}

export type ReceiverResponse =
  | { status: number; body?: string | Buffer; headers?: Record<string, string>; delayMs?: number }
  /** Never answer; the socket stays open until the client gives up or the receiver closes. */
  | 'hang'
  /** Reset the connection (TCP RST) without answering. */
  | 'destroy';

/** index: 0 for the first request this receiver got, 1 for the second, ... */
export type Respond = (request: RecordedRequest, index: number) => ReceiverResponse | Promise<ReceiverResponse>;

export interface ReceiverOptions {
  /** Default: 200 with body "ok" to every request. */
  respond?: Respond;
}

export interface Receiver {
  /** http://127.0.0.1:<port>/hook */
  readonly url: string;
  /** Every request so far, in arrival order (recorded once its body is complete). */
  readonly requests: readonly RecordedRequest[];
  /** The script; may be replaced between requests. */
  respond: Respond;
  /** Resolves with a copy of `requests` once at least `count` arrived; rejects after timeoutMs. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Stops listening and destroys every open socket, hanging ones included. */
  close(): Promise<void>;
}

export const ok: Respond = () => ({ status: 200, body: 'ok' });

/** The first `times` requests get `status`, every later one 200. */
export function failTimes(times: number, status = 500): Respond {
  return (_request, index) => (index < times ? { status, body: `scripted failure ${index + 1} of ${times}` } : { status: 200, body: 'ok' });
}

/** Answers in order; the last answer repeats. */
export function sequence(...responses: [ReceiverResponse, ...ReceiverResponse[]]): Respond {
  return (_request, index) => responses[Math.min(index, responses.length - 1)];
}

/** A URL where nothing listens, for connection-refused outcomes. */
export async function refusedUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/hook`;
}

function headerRecord(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    headers[name] = name in headers ? `${headers[name]}, ${rawHeaders[i + 1]}` : rawHeaders[i + 1];
  }
  return headers;
}

interface Waiter {
  count: number;
  resolve(requests: RecordedRequest[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const requests: RecordedRequest[] = [];
  const waiters = new Set<Waiter>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const settleWaiters = () => {
    for (const waiter of waiters) {
      if (requests.length < waiter.count) continue;
      waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve([...requests]);
    }
  };

  const answer = async (
    request: RecordedRequest,
    index: number,
    socket: Socket,
    res: http.ServerResponse,
  ) => {
    let response: ReceiverResponse;
    try {
      response = await receiver.respond(request, index);
    } catch (error) {
      // A throwing script must not crash the test worker; the 500 body says what went wrong.
      response = { status: 500, body: `receiver script threw: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (response === 'hang') return;
    if (response === 'destroy') {
      socket.resetAndDestroy();
      return;
    }
    const send = () => {
      // The client may have given up during delayMs, or close() destroyed the socket.
      if (res.destroyed) return;
      const body = response.body ?? '';
      res.writeHead(response.status, { 'content-type': 'text/plain; charset=utf-8', ...response.headers });
      res.end(body);
    };
    if (!response.delayMs) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, response.delayMs);
    timers.add(timer);
  };

  const server = http.createServer((req, res) => {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: headerRecord(req.rawHeaders),
        rawBody,
        body: rawBody.toString('utf8'),
        receivedAt,
      };
      const index = requests.push(request) - 1;
      settleWaiters();
      void answer(request, index, req.socket, res);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/hook`;

  const receiver: Receiver = {
    url,
    requests,
    respond: options.respond ?? ok,
    waitForRequests(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve([...requests]);
      if (closed) return Promise.reject(new Error(`Receiver ${url} is closed; it got ${requests.length} of ${count} request(s)`));
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          count,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            const seen = requests.map((request, i) => `\n  #${i} ${request.method} ${request.path}`).join('');
            reject(new Error(`Receiver ${url}: expected ${count} request(s) within ${timeoutMs} ms, got ${requests.length}${seen}`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`Receiver ${url} closed while waiting: got ${requests.length} of ${waiter.count} request(s)`));
      }
      waiters.clear();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close() alone waits for open connections, which a 'hang' script keeps open forever.
      server.closeAllConnections();
      await stopped;
    },
  };
  return receiver;
}

/** Receivers started by a test file's tests, each closed after its test, passing or failing. */
export function useReceivers(): (options?: ReceiverOptions) => Promise<Receiver> {
  const started: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((receiver) => receiver.close()));
  });
  return async (options) => {
    const receiver = await startReceiver(options);
    started.push(receiver);
    return receiver;
  };
}
