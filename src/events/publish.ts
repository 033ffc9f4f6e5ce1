import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from '../db/prisma.ts';
import type { Dispatcher } from '../delivery/dispatcher.ts';
import { batched, type BatchOptions } from '../db/batch.ts';
import { withTransaction } from '../db/transaction.ts';
import { DomainError, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { TransformRunner } from '../sandbox/runner.ts';
import { insertRequestsWithEvents, type StoredRequest } from './lifecycle.sql.ts';
import { assertPublishedType } from '../event-types/event-types.ts';
import { findPublishTargets, type PublishTarget, type TargetQuery } from './publish-target.sql.ts';
import { createTargetCache, type TargetCache } from './publish-targets.ts';
import { planEvents, type ConnectionPlanInput, type PlannedEvent, type SkippedConnection } from './plan.ts';
import type { PublishRequest } from './publish-input.ts';

export interface PublishDeps {
  db: Db;
  /** Plain pg for the hot path: the lookup and the insert. */
  pool: pg.Pool;
  dispatcher: Pick<Dispatcher, 'wakeAt'>;
  metrics: { published(events: number): void };
  live: LiveBus;
  logger: Logger;
  transforms: TransformRunner;
  policy: { /** HOOKRELAY_REQUIRE_EVENT_TYPES: refuse types missing from the catalog. */ requireEventTypes: boolean };
}

export interface PublishResult {
  requestId: string;
  eventIds: string[];
  /** True when the idempotency key matched an earlier request and nothing new was stored. */
  replayed: boolean;
}

/**
 * Stores the request and one event per live connection whose rules let it through, in one
 * statement, then wakes this process's dispatcher; other processes hear of the new events
 * through the live NOTIFY. The event table is the queue, so nothing accepted depends on a wake:
 * the periodic sweep claims whatever is due. The rules come from a kept lookup when there is one
 * (publish-targets.ts).
 */
export async function publishEvent(deps: PublishDeps, request: PublishRequest, test?: TestDelivery): Promise<PublishResult> {
  const query = { sourceName: request.sourceName, eventType: request.eventType };
  for (let planning = 1; ; planning += 1) {
    // Planned again from a fresh lookup when what a publish plans against changed meanwhile.
    const source = await publishTarget(deps.pool, query, planning === 1);
    if (!source) {
      throw notFound(
        'source',
        `Unknown source "${request.sourceName}": create it with upsertConnection(input: { source: { name: "${request.sourceName}" }, ... }) first.`,
      );
    }
    const published = await planAndStore(deps, request, source, test);
    if (published) return published;
    if (planning >= MAX_PLANNINGS) {
      throw new DomainError(
        'CONFLICT',
        `The connections of source "${request.sourceName}" changed during each of ${MAX_PLANNINGS} tries to store this publish; nothing was stored. Publish again.`,
      );
    }
  }
}

/** Tries of one publish against a configuration that keeps changing under it, before it gives up. */
const MAX_PLANNINGS = 5;

/** Null when the events were planned against a version of the connections that is no longer current: nothing was stored. */
async function planAndStore(deps: PublishDeps, request: PublishRequest, source: PublishTarget, test: TestDelivery | undefined): Promise<PublishResult | null> {
  if (request.eventType !== null && !test) {
    await assertPublishedType(deps.db, request.eventType, source.eventType, request.body, {
      requireKnown: deps.policy.requireEventTypes,
      field: request.rawBody ? 'x-hookrelay-event-type' : 'input.eventType',
      bodyField: request.rawBody ? 'body' : 'input.body',
    });
  }
  if (request.idempotencyKey) {
    const earlier = await findByIdempotencyKey(deps.db, source.id, request.idempotencyKey);
    if (earlier) return earlier;
  }
  const now = Date.now();
  const requestId = newId('req', now);
  const planned = await planEvents(
    { body: request.body, headers: request.headers, path: request.path, query: request.query, eventType: request.eventType, rawBody: request.rawBody },
    test ? testConnection(source.connections, test.connectionId) : source.connections,
    deps.transforms,
    now,
  );
  if (test) planned.events.forEach((event) => (event.test = true));

  let events: PlannedEvent[] | null;
  try {
    events = await store(deps.pool, { requestId, sourceId: source.id, configVersion: source.configVersion, request, now, ...planned });
  } catch (error) {
    // A concurrent publish with the same key won the race; answer as if we had come second.
    if (request.idempotencyKey && error instanceof pg.DatabaseError && error.code === UNIQUE_VIOLATION) {
      const earlier = await findByIdempotencyKey(deps.db, source.id, request.idempotencyKey);
      if (earlier) return earlier;
    }
    throw error;
  }
  if (!events) return null;

  deps.metrics.published(events.length);
  const firstDue = Math.min(...events.map((event) => event.nextAttemptAt?.getTime() ?? Number.POSITIVE_INFINITY));
  if (Number.isFinite(firstDue)) deps.dispatcher.wakeAt(new Date(firstDue));
  // Not awaited: the publish is committed, and the announcement (live updates, other processes'
  // dispatch cue) is best effort either way; the periodic sweep claims what no cue reached.
  void deps.live.publish(
    events.map((event) => ({ sourceId: source.id, eventId: event.id, attemptId: null, ...(event.nextAttemptAt === null ? { claimable: false as const } : {}) })),
  );
  return { requestId, eventIds: events.map((event) => event.id), replayed: false };
}

const UNIQUE_VIOLATION = '23505';

/**
 * Concurrent publishes share their lookup and their insert: one statement and one commit for all
 * that arrived while the previous batch ran (db/batch.ts), so under load the commit rate, not the
 * publish rate, is what PostgreSQL pays for. Two batches may run at once: while one waits for its
 * WAL flush, the next is being planned and sent.
 */
const BATCHING: BatchOptions = { maxItems: 200, maxInFlight: 2 };
interface PublishBatches {
  lookup(query: TargetQuery): Promise<PublishTarget | null>;
  /** False when the request was planned against an old version of publish_config, and not stored. */
  insert(stored: StoredRequest): Promise<boolean>;
  targets: TargetCache;
}
const batches = new WeakMap<pg.Pool, PublishBatches>();
function batchesOf(pool: pg.Pool): PublishBatches {
  let found = batches.get(pool);
  if (!found) {
    const targets = createTargetCache(MAX_KEPT_CONNECTIONS);
    found = {
      lookup: batched((queries: TargetQuery[]) => findPublishTargets(pool, queries), BATCHING),
      insert: batched(async (stored: StoredRequest[]) => {
        const version = await insertRequestsWithEvents(pool, stored);
        targets.sawVersion(version);
        return stored.map((s) => s.configVersion === version);
      }, BATCHING),
      targets,
    };
    batches.set(pool, found);
  }
  return found;
}

/** Connections (with their rules) a process keeps in its publish lookups, across sources and event types. */
const MAX_KEPT_CONNECTIONS = 20_000;

/** The source's lookup, kept from an earlier publish when `kept` allows, else read (and kept). */
async function publishTarget(pool: pg.Pool, query: TargetQuery, kept: boolean): Promise<PublishTarget | null> {
  const publishing = batchesOf(pool);
  const known = kept ? publishing.targets.get(query) : undefined;
  if (known) return known;
  const found = await publishing.lookup(query);
  if (found) publishing.targets.keep(query, found);
  return found;
}

/** A test event goes through one connection only (sendTestEvent), whatever its filters say. */
export interface TestDelivery {
  connectionId: string;
}

/** The one connection of a test delivery, its filter, types and deduplication set aside. */
function testConnection(connections: ConnectionPlanInput[], connectionId: string): ConnectionPlanInput[] {
  return connections.filter((c) => c.id === connectionId).map((c) => ({ ...c, filter: null, eventTypes: null, dedupeWindowMs: null }));
}

interface StoreInput {
  requestId: string;
  sourceId: string;
  configVersion: string;
  request: PublishRequest;
  now: number;
  events: PlannedEvent[];
  skipped: SkippedConnection[];
}

/**
 * Writes the request and its events; returns the events stored (duplicates dropped), or null when
 * they were planned against an old version of publish_config and nothing was stored.
 */
async function store(pool: pg.Pool, input: StoreInput): Promise<PlannedEvent[] | null> {
  if (!input.events.some((event) => event.dedupe)) {
    return (await batchesOf(pool).insert(storedRequest(input, input.events, input.skipped))) ? input.events : null;
  }
  // Deduplication is check-then-insert: an advisory lock per (connection, key) makes it exact
  // under concurrent publishes of the same body.
  return withTransaction(pool, async (client) => {
    const duplicates = await findDuplicates(client, input.events, input.now);
    const kept = input.events.filter((event) => !duplicates.has(event.id));
    const skipped = [
      ...input.skipped,
      ...input.events
        .filter((event) => duplicates.has(event.id))
        .map((event) => ({ connectionId: event.connectionId, connectionName: event.connectionName, reason: 'DUPLICATE' as const })),
    ];
    const version = await insertRequestsWithEvents(client, [storedRequest(input, kept, skipped)]);
    batchesOf(pool).targets.sawVersion(version);
    return version === input.configVersion ? kept : null;
  });
}

async function findDuplicates(client: pg.PoolClient, events: PlannedEvent[], now: number): Promise<Set<string>> {
  const deduped = events.filter((event) => event.dedupe);
  const lockKeys = deduped.map((event) => `${event.connectionId}:${event.dedupe?.key}`).sort();
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k`, [lockKeys]);
  const { rows } = await client.query<{ event_id: string }>(
    `SELECT d.event_id FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS d(event_id, connection_id, dedupe_key, window_ms)
      WHERE EXISTS (SELECT 1 FROM event e
                     WHERE e.connection_id = d.connection_id AND e.dedupe_key = d.dedupe_key
                       AND e.created_at > $5::timestamptz - make_interval(secs => d.window_ms / 1000.0))`,
    [deduped.map((e) => e.id), deduped.map((e) => e.connectionId), deduped.map((e) => e.dedupe?.key ?? ''), deduped.map((e) => e.dedupe?.windowMs ?? 0), new Date(now)],
  );
  return new Set(rows.map((row) => row.event_id));
}

function storedRequest(input: StoreInput, events: PlannedEvent[], skipped: SkippedConnection[]): StoredRequest {
  const { request } = input;
  return {
    request: {
      id: input.requestId,
      sourceId: input.sourceId,
      headers: JSON.stringify(request.headers),
      // A body that is JSON null, like a binary one, is stored as SQL NULL.
      body: request.body === null || request.body === undefined ? null : (request.bodyText ?? JSON.stringify(request.body)),
      rawBody: request.rawBody,
      bodyText: request.bodyText,
      eventType: request.eventType,
      path: request.path,
      query: JSON.stringify(request.query),
      idempotencyKey: request.idempotencyKey ?? null,
      receivedAt: new Date(input.now),
    },
    events,
    skipped,
    configVersion: input.configVersion,
  };
}

async function findByIdempotencyKey(db: Db, sourceId: string, key: string): Promise<PublishResult | null> {
  const earlier = await db.eventRequest.findUnique({
    where: { sourceId_idempotencyKey: { sourceId, idempotencyKey: key } },
    select: { id: true, events: { select: { id: true }, orderBy: { seq: 'asc' } } },
  });
  return earlier ? { requestId: earlier.id, eventIds: earlier.events.map((event) => event.id), replayed: true } : null;
}
