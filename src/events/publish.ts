import type { Logger } from 'pino';
import type { Db } from '../db/prisma.ts';
import { Prisma } from '../db/prisma.ts';
import type { Dispatcher } from '../delivery/dispatcher.ts';
import { notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { Metrics } from '../metrics.ts';
import type { TransformRunner } from '../rules/transform.ts';
import { planEvents, type PlannedEvent, type SkippedConnection } from './plan.ts';
import type { PublishRequest } from './publish-input.ts';

export interface PublishDeps {
  db: Db;
  dispatcher: Pick<Dispatcher, 'wakeAt'>;
  metrics: Pick<Metrics, 'published'>;
  live: LiveBus;
  logger: Logger;
  transforms: TransformRunner;
}

export interface PublishResult {
  requestId: string;
  eventIds: string[];
  /** True when the idempotency key matched an earlier request and nothing new was stored. */
  replayed: boolean;
}

type Tx = Prisma.TransactionClient;

/**
 * Stores the request and one event per live connection whose rules let it through, in one
 * transaction, then wakes this process's dispatcher; other processes hear of the new events
 * through the live NOTIFY. The event table is the queue, so nothing accepted depends on a wake:
 * the periodic sweep claims whatever is due.
 */
export async function publishEvent(deps: PublishDeps, request: PublishRequest): Promise<PublishResult> {
  const { db } = deps;
  const source = await db.source.findUnique({
    where: { name: request.sourceName },
    select: {
      id: true,
      connections: {
        where: { deletedAt: null },
        select: {
          id: true,
          name: true,
          delayMs: true,
          filter: true,
          transformCode: true,
          dedupeWindowMs: true,
          dedupeFields: true,
          pausedAt: true,
          destination: { select: { disabledAt: true } },
        },
        orderBy: { id: 'asc' },
      },
    },
  });
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
  const now = Date.now();
  const requestId = newId('req', now);
  const planned = await planEvents(
    { body: request.body, headers: request.headers, path: request.path, query: request.query, rawBody: request.rawBody },
    source.connections.map(({ pausedAt, destination, ...connection }) => ({ ...connection, held: pausedAt !== null || destination.disabledAt !== null })),
    deps.transforms,
    now,
  );

  let events: PlannedEvent[];
  try {
    events = await store(db, { requestId, sourceId: source.id, request, now, ...planned });
  } catch (error) {
    // A concurrent publish with the same key won the race; answer as if we had come second.
    if (request.idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const earlier = await findByIdempotencyKey(db, source.id, request.idempotencyKey);
      if (earlier) return earlier;
    }
    throw error;
  }

  deps.metrics.published(events.length);
  const firstDue = Math.min(...events.map((event) => event.nextAttemptAt?.getTime() ?? Number.POSITIVE_INFINITY));
  if (Number.isFinite(firstDue)) deps.dispatcher.wakeAt(new Date(firstDue));
  await deps.live.publish(events.map((event) => ({ sourceId: source.id, eventId: event.id, attemptId: null })));
  return { requestId, eventIds: events.map((event) => event.id), replayed: false };
}

interface StoreInput {
  requestId: string;
  sourceId: string;
  request: PublishRequest;
  now: number;
  events: PlannedEvent[];
  skipped: SkippedConnection[];
}

/** Writes the request and its events; returns the events stored (duplicates dropped). */
async function store(db: Db, input: StoreInput): Promise<PlannedEvent[]> {
  if (!input.events.some((event) => event.dedupe)) {
    await db.$transaction([db.eventRequest.create({ data: requestRow(input, input.skipped) }), db.event.createMany({ data: eventRows(input, input.events) })]);
    return input.events;
  }
  // Deduplication is check-then-insert: an advisory lock per (connection, key) makes it exact
  // under concurrent publishes of the same body.
  return db.$transaction(async (tx) => {
    const duplicates = await findDuplicates(tx, input.events, input.now);
    const kept = input.events.filter((event) => !duplicates.has(event.id));
    const skipped = [
      ...input.skipped,
      ...input.events
        .filter((event) => duplicates.has(event.id))
        .map((event) => ({ connectionId: event.connectionId, connectionName: event.connectionName, reason: 'DUPLICATE' as const })),
    ];
    await tx.eventRequest.create({ data: requestRow(input, skipped) });
    await tx.event.createMany({ data: eventRows(input, kept) });
    return kept;
  });
}

async function findDuplicates(tx: Tx, events: PlannedEvent[], now: number): Promise<Set<string>> {
  const deduped = events.filter((event) => event.dedupe);
  const lockKeys = deduped.map((event) => `${event.connectionId}:${event.dedupe?.key}`).sort();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(${lockKeys}::text[]) AS k ORDER BY k`;
  const found = await tx.$queryRaw<{ event_id: string }[]>`
    SELECT d.event_id FROM unnest(${deduped.map((e) => e.id)}::text[], ${deduped.map((e) => e.connectionId)}::text[],
                                  ${deduped.map((e) => e.dedupe?.key ?? '')}::text[], ${deduped.map((e) => e.dedupe?.windowMs ?? 0)}::int[])
                  AS d(event_id, connection_id, dedupe_key, window_ms)
     WHERE EXISTS (SELECT 1 FROM event e
                    WHERE e.connection_id = d.connection_id AND e.dedupe_key = d.dedupe_key
                      AND e.created_at > ${new Date(now)}::timestamptz - make_interval(secs => d.window_ms / 1000.0))`;
  return new Set(found.map((row) => row.event_id));
}

function requestRow(input: StoreInput, skipped: SkippedConnection[]): Prisma.EventRequestUncheckedCreateInput {
  return {
    id: input.requestId,
    sourceId: input.sourceId,
    headers: input.request.headers,
    body: input.request.body === null ? Prisma.DbNull : (input.request.body as Prisma.InputJsonValue),
    rawBody: input.request.rawBody ? new Uint8Array(input.request.rawBody) : null,
    path: input.request.path,
    query: input.request.query,
    idempotencyKey: input.request.idempotencyKey,
    skipped: skipped as unknown as Prisma.InputJsonValue,
    receivedAt: new Date(input.now),
  };
}

function eventRows(input: StoreInput, events: PlannedEvent[]): Prisma.EventCreateManyInput[] {
  return events.map((event) => ({
    id: event.id,
    requestId: input.requestId,
    connectionId: event.connectionId,
    sourceId: input.sourceId,
    status: event.status,
    nextAttemptAt: event.nextAttemptAt,
    createdAt: new Date(input.now),
    body: event.transformed ? (event.transformed.body as Prisma.InputJsonValue) : undefined,
    headers: event.transformed?.headers,
    dedupeKey: event.dedupe?.key ?? null,
    errorCode: event.error?.code ?? null,
    errorMessage: event.error?.message ?? null,
  }));
}

async function findByIdempotencyKey(db: Db, sourceId: string, key: string): Promise<PublishResult | null> {
  const earlier = await db.eventRequest.findUnique({
    where: { sourceId_idempotencyKey: { sourceId, idempotencyKey: key } },
    select: { id: true, events: { select: { id: true }, orderBy: { seq: 'asc' } } },
  });
  return earlier ? { requestId: earlier.id, eventIds: earlier.events.map((event) => event.id), replayed: true } : null;
}
