import type { AttemptTrigger, RetryStrategy } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { deliveryAuth, type SecretOpener, type StoredAuth } from './auth.ts';
import { buildDeliveryRequest, type DeliveryRequest, type DeliveryRequestInput } from './build-request.ts';
import type { HttpSender, SendOutcome } from './http/sender.ts';
import type { RateLimit } from './rate-limit.ts';
import { nextRetryDelayMs, type AttemptOutcome } from './retry-schedule.ts';

/** A due event this process holds a lease on, with everything its attempt needs. */
export interface ClaimedEvent {
  id: string;
  sourceId: string;
  sourceName: string;
  connectionId: string;
  attemptCount: number;
  pendingTrigger: AttemptTrigger | null;
  /** A test event (sendTestEvent): delivered like any other, but no issue, alert or failure streak. */
  test: boolean;
  createdAt: Date;
  seq: string;
  nextAttemptAt: Date;
  /** A transformation's body as JSON text, when one ran; else null and the request's is delivered. */
  bodyText: string | null;
  /** The same, parsed: only for events stored before bodies were kept as text. */
  body: unknown;
  headers: Record<string, string> | null;
  requestHeaders: Record<string, string>;
  /** The exact bytes of a REST publish. */
  rawBody: Buffer | null;
  /** A GraphQL publish's body as JSON text, in the published key order. */
  requestBodyText: string | null;
  /** The parsed body: only for requests stored before bodies were kept as text. */
  requestBody: unknown;
  ordered: boolean;
  retryStrategy: RetryStrategy;
  retryCount: number;
  retryIntervalMs: number;
  retryStatusCodes: string[];
  /** Its destination's last events failed: this is the one attempt it gets until one succeeds. */
  probing: boolean;
  destination: StoredAuth & { id: string; url: string; rateLimit: RateLimit | null; headers: Record<string, string> };
}

export interface AttemptDeps {
  sender: HttpSender;
  secrets: SecretOpener;
  headerPrefix: string;
  /** The user-agent of every delivery. */
  userAgent: string;
  /** Upper bound on a receiver's Retry-After. */
  maxRetryAfterMs: number;
}

/** One finished attempt and the event's state after it, ready to be recorded. */
export interface AttemptRecord {
  attemptId: string;
  eventId: string;
  sourceId: string;
  connectionId: string;
  destinationId: string;
  number: number;
  trigger: AttemptTrigger;
  succeeded: boolean;
  requestedAt: Date;
  respondedAt: Date | null;
  durationMs: number;
  responseStatus: number | null;
  responseBody: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** The event's status after this attempt. */
  eventStatus: 'SUCCESSFUL' | 'SCHEDULED' | 'FAILED';
  nextAttemptAt: Date | null;
  /** When the event was published, for publish-to-delivery latency. */
  publishedAt: Date;
  /** An ordered connection's next event may go once this one is final. */
  ordered: boolean;
  test: boolean;
}

/**
 * 410 Gone: the receiver says the endpoint is gone for good. Standard Webhooks recommends
 * disabling it rather than retrying, so the attempt is final and its destination is disabled.
 */
export const GONE_STATUS = 410;

/**
 * Sends one claimed event and decides what comes next (done, retry when, or failed for good). A
 * receiver's failure is an outcome to record, never an exception.
 */
export async function attemptDelivery(deps: AttemptDeps, event: ClaimedEvent): Promise<AttemptRecord> {
  const number = event.attemptCount + 1;
  const requestedAt = new Date();
  const outcome = await send(deps, () =>
    buildDeliveryRequest({
      url: event.destination.url,
      eventId: event.id,
      attemptNumber: number,
      sourceName: event.sourceName,
      auth: deliveryAuth(event.destination, deps.secrets, requestedAt),
      headerPrefix: deps.headerPrefix,
      userAgent: deps.userAgent,
      // A transformation's result, when one ran, is what is signed and delivered.
      publishedHeaders: event.headers ?? event.requestHeaders,
      destinationHeaders: event.destination.headers,
      body: deliveredBody(event),
      now: requestedAt,
    }),
  );
  const succeeded = outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300;
  const gone = outcome.kind === 'response' && outcome.status === GONE_STATUS;
  const retryDelay = succeeded || gone
    ? null
    : nextRetryDelayMs(
        { strategy: event.retryStrategy, count: event.retryCount, intervalMs: event.retryIntervalMs, responseStatusCodes: event.retryStatusCodes },
        number,
        toAttemptOutcome(outcome),
        { maxRetryAfterMs: deps.maxRetryAfterMs },
      );
  const nextAttemptAt = retryDelay === null ? null : new Date(Date.now() + retryDelay);
  return {
    attemptId: newId('atm'),
    eventId: event.id,
    sourceId: event.sourceId,
    connectionId: event.connectionId,
    destinationId: event.destination.id,
    number,
    trigger: event.pendingTrigger ?? (number === 1 ? 'INITIAL' : 'AUTOMATIC'),
    succeeded,
    requestedAt,
    respondedAt: outcome.kind === 'response' ? outcome.respondedAt : null,
    durationMs: Math.round(outcome.durationMs),
    responseStatus: outcome.kind === 'response' ? outcome.status : null,
    // PostgreSQL text cannot hold NUL; a receiver sending one must not turn an outcome into a crash.
    responseBody: outcome.kind === 'response' ? outcome.body.replaceAll('\0', '\uFFFD') : null,
    errorCode: outcome.kind === 'error' ? outcome.errorCode : null,
    errorMessage: outcome.kind === 'error' ? outcome.message : null,
    eventStatus: succeeded ? 'SUCCESSFUL' : nextAttemptAt ? 'SCHEDULED' : 'FAILED',
    nextAttemptAt,
    publishedAt: event.createdAt,
    ordered: event.ordered,
    test: event.test,
  };
}

/**
 * What goes on the wire, byte for byte as it was published or transformed: JSON text as it was
 * serialized from the published (or transformed) value, or a REST publish's own bytes.
 */
function deliveredBody(event: ClaimedEvent): DeliveryRequestInput['body'] {
  if (event.bodyText !== null) return { jsonText: event.bodyText };
  if (event.body !== null) return { json: event.body };
  if (event.rawBody) return { raw: event.rawBody };
  return event.requestBodyText !== null ? { jsonText: event.requestBodyText } : { json: event.requestBody };
}

/**
 * A destination whose settings cannot make a request (a secret that no longer decrypts, say)
 * fails the attempt for good with INVALID_DESTINATION; thrown, it would come back on every pass.
 */
async function send(deps: AttemptDeps, build: () => DeliveryRequest): Promise<SendOutcome> {
  let request: DeliveryRequest;
  try {
    request = build();
  } catch (error) {
    return { kind: 'error', errorCode: 'INVALID_DESTINATION', message: error instanceof Error ? error.message : String(error), durationMs: 0 };
  }
  return deps.sender.send(request);
}

function toAttemptOutcome(outcome: SendOutcome): AttemptOutcome {
  if (outcome.kind === 'error') return { errorCode: outcome.errorCode };
  return { responseStatus: outcome.status, ...(outcome.retryAfter ? { retryAfter: outcome.retryAfter } : {}) };
}
