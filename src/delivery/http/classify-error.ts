import { SsrfBlockedError } from './guarded-lookup.ts';

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

export interface Diagnosis {
  errorCode: DeliveryErrorCode;
  message: string;
}

/** The sender's limits, which the messages for running into them name. */
export interface SenderLimits {
  timeoutMs: number;
  maxHeaderBytes: number;
}

/** What a failed request is recorded as: NETWORK with the error's own words when it is none we recognise. */
export function classifyError(error: unknown, limits: SenderLimits): Diagnosis {
  return diagnose(error, limits) ?? { errorCode: 'NETWORK', message: describe(error) };
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
function diagnoseOne(error: Error, limits: SenderLimits): Diagnosis | null {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  // A connect that tried several addresses fails with an AggregateError whose own message is empty.
  const shown = describe(error instanceof AggregateError ? (error.errors[0] ?? error) : error);
  const found = (errorCode: DeliveryErrorCode, message = shown): Diagnosis => ({ errorCode, message });
  if (error instanceof SsrfBlockedError) return found('SSRF_BLOCKED');
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || timeoutCodes.has(code)) {
    return found('TIMEOUT', `no complete response within ${limits.timeoutMs} ms`);
  }
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
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return found('INVALID_RESPONSE', `response headers larger than ${limits.maxHeaderBytes} bytes`);
  // undici asserts what it expects of a response inside its parser callbacks; a response that breaks
  // those expectations (a status such as 099) surfaces as a failed assertion.
  if (code === 'ERR_ASSERTION') return found('INVALID_RESPONSE', `response the HTTP client cannot handle (${shown})`);
  return null;
}

/** The first recognisable error in the chain: undici wraps some causes (`cause`), a multi-address connect aggregates them (`errors`). */
function diagnose(error: unknown, limits: SenderLimits): Diagnosis | null {
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const next = pending.shift();
    if (!(next instanceof Error) || seen.has(next)) continue;
    seen.add(next);
    const diagnosis = diagnoseOne(next, limits);
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
