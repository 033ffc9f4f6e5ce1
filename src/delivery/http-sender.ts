import dns from 'node:dns';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { Agent, request } from 'undici';
import { ALLOW_ALL_NETWORKS, blockedReason, type NetworkPolicy } from '../security/ssrf.ts';

export type DeliveryErrorCode =
  | 'TIMEOUT'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_RESET'
  | 'DNS'
  | 'TLS'
  | 'INVALID_RESPONSE'
  | 'NETWORK'
  /** The destination's settings could not make a request (recorded by the delivery job). */
  | 'INVALID_DESTINATION'
  /** The destination is (or resolved only to) an address the network policy refuses. */
  | 'SSRF_BLOCKED';

export type SendOutcome =
  | {
      kind: 'response';
      status: number;
      body: string;
      durationMs: number;
      respondedAt: Date;
      /** The raw Retry-After header, when the receiver sent one (the retry policy honours it). */
      retryAfter?: string;
    }
  | { kind: 'error'; errorCode: DeliveryErrorCode; message: string; durationMs: number };

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

/**
 * Sends one delivery over HTTP. A receiver's error status, a timeout or a broken connection is an
 * outcome to record, never an exception: send() does not throw.
 */
export interface HttpSender {
  send(request: SendRequest): Promise<SendOutcome>;
  /** Waits for requests in flight, then closes every connection. */
  close(): Promise<void>;
}

export interface HttpSenderOptions {
  /** Deadline for a whole attempt: connect, response head and the part of the body we read. */
  timeoutMs: number;
  /** Bytes of the response body kept (as UTF-8 text); the rest is not read. */
  responseBodyLimit: number;
  /** Keep-alive connections per receiver origin. Default 50. */
  connectionsPerOrigin?: number;
  /**
   * Which addresses a delivery may connect to. Default: every address, so only the app, which
   * passes the configured policy, enforces one. Checked on the address each new connection
   * actually uses; a refusal is an SSRF_BLOCKED outcome and nothing is sent.
   */
  networkPolicy?: NetworkPolicy;
}

// undici's request() rather than fetch(): fetch measured 6x slower for this workload. request()
// follows no redirects, so a 3xx is recorded like any other response.
export function createHttpSender(options: HttpSenderOptions): HttpSender {
  const { timeoutMs, responseBodyLimit } = options;
  const policy = options.networkPolicy ?? ALLOW_ALL_NETWORKS;
  // The per-phase timeouts only back up the overall deadline below, which also bounds slow bodies.
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 50,
    // Pipelining would let one slow receiver response hold up the next deliveries on its socket.
    pipelining: 1,
    // undici hands these to net.connect / tls.connect, which call `lookup` once per new connection
    // and connect to the address it returns; a pooled connection is reused without one.
    connect: { timeout: timeoutMs, ...(policy.allowPrivate ? {} : { lookup: guardedLookup(policy) }) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  async function send(outgoing: SendRequest): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    // net.connect skips `lookup` for an IP literal, so the policy checks those here.
    const refused = refusedLiteral(outgoing.url, policy);
    if (refused) return { kind: 'error', errorCode: 'SSRF_BLOCKED', message: refused.message, durationMs: elapsed() };
    try {
      const response = await request(outgoing.url, {
        dispatcher: agent,
        method: 'POST',
        headers: outgoing.headers,
        body: outgoing.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const respondedAt = new Date();
      const body = await readText(response.body, responseBodyLimit);
      const retryAfter = response.headers['retry-after'];
      return {
        kind: 'response',
        status: response.statusCode,
        body,
        durationMs: elapsed(),
        respondedAt,
        ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
      };
    } catch (error) {
      const { errorCode, cause } = classify(error);
      const message = errorCode === 'TIMEOUT' ? `no complete response within ${timeoutMs} ms` : describe(cause);
      return { kind: 'error', errorCode, message, durationMs: elapsed() };
    }
  }

  return { send, close: () => agent.close() };
}

/** Thrown inside the connection's lookup, so the refusal reaches send() like any connect error. */
class SsrfBlockedError extends Error {
  constructor(reason: string) {
    super(`refused to connect to ${reason}; set HOOKRELAY_ALLOW_PRIVATE_NETWORKS=true or a CIDR allowlist to allow it`);
    this.name = 'SsrfBlockedError';
  }
}

function refusedLiteral(url: string, policy: NetworkPolicy): SsrfBlockedError | null {
  if (policy.allowPrivate || !URL.canParse(url)) return null;
  // WHATWG URL parsing already turned "0x7f.1" or "2130706433" into 127.0.0.1; IPv6 keeps brackets.
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(host) === 0) return null;
  const reason = blockedReason(host, policy);
  return reason ? new SsrfBlockedError(reason) : null;
}

/** Resolves every address of a host name, like dns.lookup with `all: true`. */
export type ResolveAll = (hostname: string, options: dns.LookupAllOptions) => Promise<dns.LookupAddress[]>;

/**
 * A net.connect `lookup` that resolves like the default one, then drops every address the policy
 * refuses. The socket connects to an address this function returned, so the address checked is
 * the address used: no second resolution a rebinding DNS server could answer differently. Fails
 * with an SSRF_BLOCKED error when no address is left.
 */
export function guardedLookup(
  policy: NetworkPolicy,
  resolve: ResolveAll = (host, lookupOptions) => dns.promises.lookup(host, lookupOptions),
): net.LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true })
      .then((addresses) => {
        const reasons = addresses.map(({ address }) => blockedReason(address, policy));
        const allowed = addresses.filter((_, i) => reasons[i] === null);
        if (allowed.length > 0) return allowed;
        const firstReason = reasons.find((reason) => reason !== null);
        if (firstReason) throw new SsrfBlockedError(firstReason);
        // getaddrinfo reports "no address" as ENOTFOUND rather than an empty list; match that.
        throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
      })
      .then(
        // With autoSelectFamily (Node's default) net asks for every address and races them.
        (allowed) => (lookupOptions.all ? callback(null, allowed) : callback(null, allowed[0].address, allowed[0].family)),
        (error: NodeJS.ErrnoException) => callback(error, []),
      );
  };
}

/**
 * At most `limit` bytes, decoded as UTF-8. Past the limit, a short remainder is read and dropped so
 * the connection can be reused; a longer one is not read at all (leaving the loop destroys the
 * stream and that connection), so a huge body costs neither memory nor time.
 */
async function readText(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  // StringDecoder holds back a character split across chunks; when truncating we drop those
  // held-back bytes instead of emitting U+FFFD for half a character.
  const decoder = new StringDecoder('utf8');
  let text = '';
  let kept = 0;
  let seen = 0;
  try {
    for await (const chunk of body) {
      seen += chunk.length;
      if (kept < limit) {
        const part = chunk.subarray(0, limit - kept);
        text += decoder.write(part);
        kept += part.length;
      }
      if (seen > limit + drainBytes) break;
    }
  } catch (error) {
    // Once past the limit we hold all we keep; a failure while draining only costs the connection.
    if (seen <= limit) throw error;
  }
  return seen > limit ? text : text + decoder.end();
}

const drainBytes = 64 * 1024;

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

const timeoutCodes = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function codeOf(error: Error): DeliveryErrorCode | null {
  if (error instanceof SsrfBlockedError) return 'SSRF_BLOCKED';
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || timeoutCodes.has(code)) return 'TIMEOUT';
  if (code === 'ECONNREFUSED') return 'CONNECTION_REFUSED';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'CONNECTION_RESET';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'DNS';
  if (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('CERT_') || tlsCodes.has(code)) return 'TLS';
  // undici's HTTPParserError has no code when llhttp's error number is unknown to it.
  if (error.name === 'HTTPParserError' || code.startsWith('HPE_') || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return 'INVALID_RESPONSE';
  }
  return null;
}

/**
 * The first recognisable error in the chain, and the error it was read from: undici wraps some
 * causes (`cause`), and a connect that tried several addresses fails with an AggregateError
 * (`errors`) whose own message is empty.
 */
function classify(error: unknown): { errorCode: DeliveryErrorCode; cause: unknown } {
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const next = pending.shift();
    if (!(next instanceof Error) || seen.has(next)) continue;
    seen.add(next);
    const errorCode = codeOf(next);
    if (errorCode) return { errorCode, cause: next instanceof AggregateError ? (next.errors[0] ?? next) : next };
    pending.push(next.cause);
    if (next instanceof AggregateError) pending.push(...next.errors);
  }
  return { errorCode: 'NETWORK', cause: error };
}

// Node and undici messages name the host and port at most, never headers or the body; still keep
// them to one short line, since they are stored with every attempt.
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
