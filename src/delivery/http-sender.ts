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
  /** Aborts requests in flight and closes every connection (a shutdown past its deadline). */
  destroy(): Promise<void>;
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
    // Set rather than inherited from Node's --max-http-header-size, so the error message can say it.
    maxHeaderSize: maxHeaderBytes,
  });

  async function send(outgoing: SendRequest): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    // net.connect skips `lookup` for an IP literal, so the policy checks those here.
    const refused = refusedLiteral(outgoing.url, policy);
    if (refused) return { kind: 'error', errorCode: 'SSRF_BLOCKED', message: refused.message, durationMs: elapsed() };
    try {
      const deadline = AbortSignal.timeout(timeoutMs);
      const response = await beforeDeadline(
        request(outgoing.url, { dispatcher: agent, method: 'POST', headers: outgoing.headers, body: outgoing.body, signal: deadline }),
        deadline,
      );
      const respondedAt = new Date();
      if (response.statusCode > maxStatus) {
        // Destroying an unfinished body emits an abort error; nothing is left to hear it.
        response.body.on('error', () => {}).destroy();
        const message = `status ${response.statusCode} is not an HTTP status (100-599)`;
        return { kind: 'error', errorCode: 'INVALID_RESPONSE', message, durationMs: elapsed() };
      }
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
      const { errorCode, message } = diagnose(error) ?? { errorCode: 'NETWORK', message: describe(error) };
      const shown = errorCode === 'TIMEOUT' ? `no complete response within ${timeoutMs} ms` : message;
      return { kind: 'error', errorCode, message: shown, durationMs: elapsed() };
    }
  }

  return { send, close: () => agent.close(), destroy: () => agent.destroy() };
}

const maxHeaderBytes = 16 * 1024;
/** RFC 9110 section 15: values outside 100..599 are invalid. llhttp accepts any three digits. */
const maxStatus = 599;

/**
 * undici applies an abort only once the request has a connection, so one still connecting or in
 * its TLS handshake runs on until the connect timeout, which undici's coarse timers fire up to
 * 500 ms late. This settles at the deadline itself; undici drops the request when it connects.
 */
function beforeDeadline<T>(work: Promise<T>, deadline: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadline.reason);
    deadline.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort));
  });
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

interface Diagnosis {
  errorCode: DeliveryErrorCode;
  message: string;
}

const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** Node's codes for a certificate that failed verification: OpenSSL's X509_V_ERR_* names, and the host name check. */
const certificateCodes = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

// undici's SocketError tells these apart by its message alone; its own words do not say what the receiver did.
const socketErrors = new Map<string, Diagnosis>([
  ['other side closed', { errorCode: 'CONNECTION_RESET', message: 'the receiver closed the connection before the response was complete' }],
  ['bad response', { errorCode: 'INVALID_RESPONSE', message: 'unsolicited 100 Continue response' }],
  ['bad upgrade', { errorCode: 'INVALID_RESPONSE', message: 'unsolicited 101 Switching Protocols response' }],
]);

/** The outcome one error stands for, or null when it is none we recognise. */
function diagnoseOne(error: Error): Diagnosis | null {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  // A connect that tried several addresses fails with an AggregateError whose own message is empty.
  const shown = describe(error instanceof AggregateError ? (error.errors[0] ?? error) : error);
  const found = (errorCode: DeliveryErrorCode, message = shown): Diagnosis => ({ errorCode, message });
  if (error instanceof SsrfBlockedError) return found('SSRF_BLOCKED');
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || timeoutCodes.has(code)) return found('TIMEOUT');
  if (code === 'ECONNREFUSED') return found('CONNECTION_REFUSED');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return found('DNS');
  if (certificateCodes.has(code)) return found('TLS', `certificate verification failed: ${shown} (${code})`);
  if (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code === 'EPROTO') {
    // OpenSSL's message is a colon-separated dump of library, function and source line; its reason is the useful part.
    const reason = 'reason' in error && typeof error.reason === 'string' ? error.reason : shown;
    return found('TLS', `TLS handshake failed: ${reason}`);
  }
  if (code === 'UND_ERR_SOCKET') return socketErrors.get(error.message) ?? found('CONNECTION_RESET');
  if (code === 'ECONNRESET' || code === 'EPIPE') return found('CONNECTION_RESET');
  // undici's HTTPParserError has no code when llhttp's error number is unknown to it.
  if (error.name === 'HTTPParserError' || code.startsWith('HPE_') || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return found('INVALID_RESPONSE');
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return found('INVALID_RESPONSE', `response headers larger than ${maxHeaderBytes} bytes`);
  // undici asserts what it expects of a response inside its parser callbacks; a response that breaks
  // those expectations (a status such as 099) surfaces as a failed assertion.
  if (code === 'ERR_ASSERTION') return found('INVALID_RESPONSE', `response the HTTP client cannot handle (${shown})`);
  return null;
}

/** The first recognisable error in the chain: undici wraps some causes (`cause`), a multi-address connect aggregates them (`errors`). */
function diagnose(error: unknown): Diagnosis | null {
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const next = pending.shift();
    if (!(next instanceof Error) || seen.has(next)) continue;
    seen.add(next);
    const diagnosis = diagnoseOne(next);
    if (diagnosis) return diagnosis;
    pending.push(next.cause);
    if (next instanceof AggregateError) pending.push(...next.errors);
  }
  return null;
}

// Node and undici messages name the host and port at most, never headers or the body; still keep
// them to one short line, since they are stored with every attempt.
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
