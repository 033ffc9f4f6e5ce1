import { customSignatureHeader } from '../signing/custom-signature.ts';
import { signStandardWebhookWithSecrets } from '../signing/standard-webhooks.ts';
import { breaksHeaderLine, isHeaderName, isHopOrFramingHeader } from './http/header-grammar.ts';
import { itself, kept } from '../kept.ts';

/**
 * How a destination proves to its receiver that a request comes from us. Signing strategies take
 * every secret currently valid, current first: during a rotation the previous secret stays listed
 * until receivers have switched, and the request carries a signature for each.
 */
export type DestinationAuth =
  /** `webhook-id`, `webhook-timestamp`, `webhook-signature` (space-separated `v1,<sig>` per secret). */
  | { strategy: 'STANDARD_WEBHOOKS'; secrets: readonly string[] }
  /** Base64 HMAC-SHA256 of the body in `headerName`; see src/signing/custom-signature.ts. */
  | { strategy: 'CUSTOM_SIGNATURE'; secrets: readonly string[]; headerName: string }
  | { strategy: 'BASIC'; username: string; password: string }
  | { strategy: 'BEARER'; token: string }
  | { strategy: 'API_KEY'; headerName: string; value: string }
  | { strategy: 'NONE' };

export type AuthStrategy = DestinationAuth['strategy'];

/** Prefix of our event-id, attempt and source-name headers when the destination sets none. */
export const DEFAULT_HEADER_PREFIX = 'x-hookrelay-';
/** CUSTOM_SIGNATURE's header when the destination names none; callers apply it. */
export const DEFAULT_CUSTOM_SIGNATURE_HEADER = 'x-hookrelay-signature';

export interface DeliveryRequestInput {
  url: string;
  eventId: string;
  /** 1-based; 1 is the initial attempt. */
  attemptNumber: number;
  sourceName: string;
  auth: DestinationAuth;
  /** Renames our three headers (`${prefix}event-id` ...); case-insensitive. Default 'x-hookrelay-'. */
  headerPrefix?: string;
  /** Sent as user-agent, so receivers can tell us apart (and allow-list us) whatever was published. */
  userAgent: string;
  /** Headers the publisher asked us to forward. */
  publishedHeaders: Record<string, string>;
  /** Headers the destination adds to every delivery: they win over published ones of the same name. */
  destinationHeaders?: Record<string, string>;
  /** JSON text to send as it is, a JSON value (serialized here), or the exact bytes a REST publish sent. */
  body: { jsonText: string } | { json: unknown } | { raw: Buffer };
  now: Date;
}

export interface DeliveryRequest {
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string | Buffer;
}

/**
 * `webhook-*` is the Standard Webhooks namespace and ours alone, even when we do not sign: a
 * receiver must never see a signature we did not make.
 */
export const isForwardable = (name: string) =>
  !isHopOrFramingHeader(name) && !name.startsWith('webhook-');

const USER_AGENT = 'user-agent';

const hookrelayHeaders = (prefix: string) => ({
  eventId: `${prefix}event-id`,
  attempt: `${prefix}attempt`,
  sourceName: `${prefix}source-name`,
});

/** Why a name cannot carry one of our headers, or null when it can. */
function reservedNameProblem(name: string): string | null {
  if (!isHeaderName(name)) return `"${name}" is not a valid HTTP header name`;
  if (!isForwardable(name) || name === 'content-type') return `"${name}" is reserved for the HTTP framing or Standard Webhooks`;
  return null;
}

/**
 * Why `prefix` cannot prefix our headers, or null when it can. For the destinations domain to
 * check at write time; buildDeliveryRequest throws with the same reason.
 */
export function headerPrefixProblem(prefix: string): string | null {
  const names = Object.values(hookrelayHeaders(prefix.toLowerCase()));
  for (const name of names) {
    const problem = reservedNameProblem(name);
    if (problem) return `header prefix "${prefix}" gives ${problem}`;
  }
  return null;
}

/** headerPrefixProblem, once per prefix: destinations share a few prefixes, and every attempt asked again. */
const checkedPrefixProblem = kept(headerPrefixProblem, { max: 1_000, keyOf: itself });

/**
 * Why `name` cannot carry a CUSTOM_SIGNATURE or API_KEY value, or null when it can. It must not be
 * one of the headers we set ourselves, or one of the two would be lost.
 */
export function authHeaderNameProblem(name: string, headerPrefix: string = DEFAULT_HEADER_PREFIX): string | null {
  const lower = name.toLowerCase();
  if ([USER_AGENT, ...Object.values(hookrelayHeaders(headerPrefix.toLowerCase()))].includes(lower)) {
    return `"${lower}" is already one of Hookrelay's headers`;
  }
  return reservedNameProblem(lower);
}

/**
 * The HTTP request for one attempt. Pure: the clock comes in as `now`, so a retry is the same
 * request except for the attempt number, timestamp and signatures. Throws when the destination's
 * settings cannot make a request (no secret, a reserved header name, a value with a line break);
 * the destinations domain should have refused them already.
 */
export function buildDeliveryRequest(input: DeliveryRequestInput): DeliveryRequest {
  // Raw bytes go out byte for byte with the publisher's content-type, so platforms may sign or
  // encode bodies their own way; JSON is serialized once, and the signatures cover exactly this.
  const body = 'raw' in input.body ? input.body.raw : 'jsonText' in input.body ? input.body.jsonText : JSON.stringify(input.body.json);
  const contentType = 'raw' in input.body ? (lowerCaseLookup(input.publishedHeaders, 'content-type') ?? 'application/octet-stream') : 'application/json';
  const fail = (problem: string) => new Error(`destination of event ${input.eventId}: ${problem}`);

  const prefix = (input.headerPrefix ?? DEFAULT_HEADER_PREFIX).toLowerCase();
  const prefixProblem = checkedPrefixProblem(prefix);
  if (prefixProblem) throw fail(prefixProblem);
  const names = hookrelayHeaders(prefix);
  const ours: Record<string, string> = {
    'content-type': contentType,
    [USER_AGENT]: input.userAgent,
    [names.eventId]: input.eventId,
    [names.attempt]: String(input.attemptNumber),
    [names.sourceName]: input.sourceName,
    ...authHeaders(input.auth, { eventId: input.eventId, prefix, body, now: input.now }, fail),
  };

  // Ours are decided first and neither published nor destination headers may replace any of them,
  // whatever their case: nobody may forge an event id, a signature or the destination's
  // credentials. The destination's own headers (its endpoint settings) win over published ones.
  const headers: Record<string, string> = {};
  for (const [name, value] of [...Object.entries(input.publishedHeaders), ...Object.entries(input.destinationHeaders ?? {})]) {
    const lower = name.toLowerCase();
    if (isForwardable(lower) && !Object.hasOwn(ours, lower)) headers[lower] = value;
  }
  return { url: input.url, headers: { ...headers, ...ours }, body };
}

function lowerCaseLookup(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

function authHeaders(
  auth: DestinationAuth,
  request: { eventId: string; prefix: string; body: string | Buffer; now: Date },
  fail: (problem: string) => Error,
): Record<string, string> {
  const headerValue = (value: string, what: string) => {
    if (breaksHeaderLine(value)) throw fail(`${auth.strategy} ${what} contains a line break or NUL`);
    return value;
  };
  const headerName = (name: string) => {
    const problem = authHeaderNameProblem(name, request.prefix);
    if (problem) throw fail(`${auth.strategy} header name: ${problem}`);
    return name.toLowerCase();
  };

  switch (auth.strategy) {
    case 'STANDARD_WEBHOOKS': {
      if (auth.secrets.length === 0) throw fail('uses STANDARD_WEBHOOKS but has no signing secret');
      // The event id is the message id: the same on every retry, so receivers can deduplicate.
      const timestampSeconds = Math.floor(request.now.getTime() / 1000);
      return {
        'webhook-id': request.eventId,
        'webhook-timestamp': String(timestampSeconds),
        'webhook-signature': signStandardWebhookWithSecrets({
          secrets: auth.secrets,
          messageId: request.eventId,
          timestampSeconds,
          body: request.body,
        }),
      };
    }
    case 'CUSTOM_SIGNATURE': {
      if (auth.secrets.length === 0) throw fail('uses CUSTOM_SIGNATURE but has no signing secret');
      // Signed over the very string sent; the sender encodes it as UTF-8, as customSignature does.
      return { [headerName(auth.headerName)]: customSignatureHeader(auth.secrets, request.body) };
    }
    case 'BASIC': {
      // RFC 7617 section 2: the user-id ends at the first colon, so one inside it cannot be sent.
      if (auth.username.includes(':')) throw fail('BASIC username must not contain ":"');
      const credentials = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
      return { authorization: `Basic ${credentials}` };
    }
    case 'BEARER':
      if (auth.token.length === 0) throw fail('uses BEARER but has no token');
      return { authorization: `Bearer ${headerValue(auth.token, 'token')}` };
    case 'API_KEY':
      if (auth.value.length === 0) throw fail('uses API_KEY but has no key');
      return { [headerName(auth.headerName)]: headerValue(auth.value, 'value') };
    case 'NONE':
      return {};
  }
}
