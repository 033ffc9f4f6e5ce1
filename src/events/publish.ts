import type { Db } from '../db/prisma.ts';
import { Prisma } from '../db/prisma.ts';
import type { DeliveryScheduler } from '../delivery/scheduler.ts';
import { notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { Logger } from 'pino';
import type { PublishRequest } from './publish-input.ts';

export interface PublishDeps {
  db: Db;
  scheduler: DeliveryScheduler;
  live: LiveBus;
  logger: Logger;
}

export interface PublishResult {
  requestId: string;
  eventIds: string[];
  /** True when the idempotency key matched an earlier request and nothing new was stored. */
  replayed: boolean;
}

/**
 * Stores the request and one event per live connection of the source in one transaction, then
 * schedules each delivery. If the process dies between the commit and the scheduling, the recovery
 * job finds the due events without a job, so an accepted event is never stranded.
 */
export async function publishEvent(deps: PublishDeps, request: PublishRequest): Promise<PublishResult> {
  const { db } = deps;
  const source = await db.source.findUnique({ where: { name: request.sourceName }, select: { id: true } });
  if (!source) {
    throw notFound(
      'source',
      `Unknown source "${request.sourceName}": create it with upsertConnection(input: { source: { name: "${request.sourceName}" }, ... }) first.`,
    );
  }
  if (request.idempotencyKey) {
    const earlier = await findByIdempotencyKey(db, source.id, request.idempotencyKey);
    if (earlier) return earlier;
  }
  const connections = await db.connection.findMany({
    where: { sourceId: source.id, deletedAt: null },
    select: { id: true, delayMs: true },
    orderBy: { id: 'asc' },
  });
  const now = Date.now();
  const requestId = newId('req', now);
  const events = connections.map((connection) => ({
    id: newId('evt', now),
    requestId,
    connectionId: connection.id,
    sourceId: source.id,
    status: connection.delayMs > 0 ? ('SCHEDULED' as const) : ('QUEUED' as const),
    nextAttemptAt: new Date(now + connection.delayMs),
  }));
  try {
    await db.$transaction([
      db.eventRequest.create({
        data: {
          id: requestId,
          sourceId: source.id,
          headers: request.headers,
          body: request.body as Prisma.InputJsonValue,
          idempotencyKey: request.idempotencyKey,
          receivedAt: new Date(now),
        },
      }),
      db.event.createMany({ data: events }),
    ]);
  } catch (error) {
    // A concurrent publish with the same key won the race; answer as if we had come second.
    if (request.idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const earlier = await findByIdempotencyKey(db, source.id, request.idempotencyKey);
      if (earlier) return earlier;
    }
    throw error;
  }

  if (events.length > 0) {
    // Independent round trips: scheduling and the live announcement run side by side.
    await Promise.all([
      deps.scheduler
        .schedule(events.map((event) => ({ eventId: event.id, at: event.nextAttemptAt })))
        .catch((error: unknown) =>
          deps.logger.error({ err: error, requestId }, 'scheduling failed after the events were stored; recovery will schedule them'),
        ),
      deps.live
        .publish(events.map((event) => ({ sourceId: source.id, eventId: event.id, attemptId: null })))
        .catch((error: unknown) => deps.logger.warn({ err: error, requestId }, 'could not announce new events')),
    ]);
  }
  return { requestId, eventIds: events.map((event) => event.id), replayed: false };
}

async function findByIdempotencyKey(db: Db, sourceId: string, key: string): Promise<PublishResult | null> {
  const earlier = await db.eventRequest.findUnique({
    where: { sourceId_idempotencyKey: { sourceId, idempotencyKey: key } },
    select: { id: true, events: { select: { id: true }, orderBy: { id: 'asc' } } },
  });
  return earlier ? { requestId: earlier.id, eventIds: earlier.events.map((event) => event.id), replayed: true } : null;
}
