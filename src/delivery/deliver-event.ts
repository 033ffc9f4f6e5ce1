import type { Logger } from 'pino';
import { Prisma, type Db } from '../db/prisma.ts';
import { deliveryAuth } from '../destinations/destination-auth.ts';
import type { SecretBox } from '../destinations/secret-box.ts';
import { newId } from '../ids.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { buildDeliveryRequest, type DeliveryRequest } from './build-request.ts';
import { DELIVERABLE } from './deliverable.ts';
import type { HttpSender, SendOutcome } from './http-sender.ts';
import { nextRetryDelayMs, type AttemptOutcome } from './retry-schedule.ts';
import type { ScheduledDelivery } from './scheduler.ts';

export interface DeliveryDeps {
  db: Db;
  sender: HttpSender;
  live: LiveBus;
  logger: Logger;
  schedule(deliveries: ScheduledDelivery[]): Promise<void>;
  /** How long a claimed event stays ours; longer than any attempt can take. */
  leaseMs: number;
  /** Upper bound on a receiver's Retry-After. */
  maxRetryAfterMs: number;
  secrets: SecretBox;
  headerPrefix: string;
}

export type DeliveryResult = 'skipped' | 'SUCCESSFUL' | 'FAILED' | 'RETRY_SCHEDULED';

/**
 * One attempt of one event: claim it (so a duplicate job or a second process cannot send it
 * twice), send it, record the attempt and the event's new state in one transaction, schedule the
 * retry, announce the update. A receiver's failure is an outcome to record, never an exception.
 */
export async function deliverEvent(deps: DeliveryDeps, eventId: string): Promise<DeliveryResult> {
  const { db } = deps;
  const claimed = await db.$executeRaw`
    UPDATE event e SET locked_until = now() + make_interval(secs => ${deps.leaseMs}::double precision / 1000)
     WHERE e.id = ${eventId}
       AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= now() + interval '100 milliseconds')
       AND ${Prisma.raw(DELIVERABLE)}`;
  if (claimed === 0) return 'skipped';

  const event = await db.event.findUniqueOrThrow({
    where: { id: eventId },
    select: {
      id: true,
      sourceId: true,
      attemptCount: true,
      body: true,
      headers: true,
      request: { select: { headers: true, body: true, rawBody: true } },
      source: { select: { name: true } },
      connection: {
        select: {
          id: true,
          ordered: true,
          retryStrategy: true,
          retryCount: true,
          retryIntervalMs: true,
          retryStatusCodes: true,
          destination: {
            select: {
              url: true,
              authStrategy: true,
              secret: true,
              headerName: true,
              username: true,
              credential: true,
              previousSecret: true,
              previousSecretExpiresAt: true,
            },
          },
        },
      },
    },
  });

  const attemptNumber = event.attemptCount + 1;
  const requestedAt = new Date();
  const { connection } = event;
  const outcome = await attempt(deps, () =>
    buildDeliveryRequest({
      url: connection.destination.url,
      eventId: event.id,
      attemptNumber,
      sourceName: event.source.name,
      auth: deliveryAuth(connection.destination, deps.secrets, requestedAt),
      headerPrefix: deps.headerPrefix,
      // A transformation's result, when one ran, is what is signed and delivered.
      publishedHeaders: (event.headers ?? event.request.headers) as Record<string, string>,
      body: event.body !== null ? { json: event.body } : event.request.rawBody ? { raw: Buffer.from(event.request.rawBody) } : { json: event.request.body },
      now: requestedAt,
    }),
  );
  const succeeded = outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300;
  const retryDelay = succeeded
    ? null
    : nextRetryDelayMs(
        {
          strategy: connection.retryStrategy,
          count: connection.retryCount,
          intervalMs: connection.retryIntervalMs,
          responseStatusCodes: connection.retryStatusCodes,
        },
        attemptNumber,
        toAttemptOutcome(outcome),
        { maxRetryAfterMs: deps.maxRetryAfterMs },
      );
  const nextAttemptAt = retryDelay === null ? null : new Date(Date.now() + retryDelay);
  const status = succeeded ? 'SUCCESSFUL' : nextAttemptAt ? 'SCHEDULED' : 'FAILED';
  const attemptId = newId('atm');
  const responseStatus = outcome.kind === 'response' ? outcome.status : null;

  await db.$transaction([
    db.attempt.create({
      data: {
        id: attemptId,
        eventId: event.id,
        number: attemptNumber,
        trigger: attemptNumber === 1 ? 'INITIAL' : 'AUTOMATIC',
        status: succeeded ? 'SUCCESSFUL' : 'FAILED',
        requestedAt,
        respondedAt: outcome.kind === 'response' ? outcome.respondedAt : null,
        durationMs: Math.round(outcome.durationMs),
        responseStatus,
        // PostgreSQL text cannot hold NUL; a receiver sending one must not turn an outcome into a crash.
        responseBody: outcome.kind === 'response' ? outcome.body.replaceAll('\0', '\uFFFD') : null,
        errorCode: outcome.kind === 'error' ? outcome.errorCode : null,
        errorMessage: outcome.kind === 'error' ? outcome.message : null,
      },
    }),
    db.event.update({
      where: { id: event.id },
      data: {
        status,
        attemptCount: attemptNumber,
        lastResponseStatus: responseStatus,
        nextAttemptAt,
        lockedUntil: null,
      },
    }),
  ]);

  deps.logger.info(
    { eventId: event.id, attemptId, attempt: attemptNumber, status, responseStatus, errorCode: outcome.kind === 'error' ? outcome.errorCode : undefined },
    'delivery attempt recorded',
  );
  if (nextAttemptAt) await deps.schedule([{ eventId: event.id, at: nextAttemptAt }]);
  else if (connection.ordered) await scheduleNextInOrder(deps, connection.id);
  await deps.live.publish([{ sourceId: event.sourceId, eventId: event.id, attemptId }]);
  return succeeded ? 'SUCCESSFUL' : nextAttemptAt ? 'RETRY_SCHEDULED' : 'FAILED';
}

/**
 * A destination whose settings cannot make a request (a secret that no longer decrypts, say)
 * fails the attempt for good with INVALID_DESTINATION; thrown, it would only come back on every
 * recovery pass.
 */
async function attempt(deps: DeliveryDeps, build: () => DeliveryRequest): Promise<SendOutcome> {
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

/**
 * An ordered connection's later events were refused while this one was pending; now that it is
 * final, the next one in publish order may go (its own due time still applies).
 */
async function scheduleNextInOrder(deps: Pick<DeliveryDeps, 'db' | 'schedule'>, connectionId: string): Promise<void> {
  const next = await deps.db.event.findFirst({
    where: { connectionId, status: { in: ['QUEUED', 'SCHEDULED'] } },
    orderBy: { seq: 'asc' },
    select: { id: true, nextAttemptAt: true },
  });
  if (next) await deps.schedule([{ eventId: next.id, at: next.nextAttemptAt ?? new Date() }]);
}
