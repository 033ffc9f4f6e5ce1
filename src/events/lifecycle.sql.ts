import type pg from 'pg';
import type { AttemptRecord, ClaimedEvent } from '../delivery/attempt.ts';
import type { AttemptTrigger } from '../generated/prisma/client.ts';
import { statusChanges, type DeliveryUpdateRef } from '../live/live-bus.ts';
import type { PlannedEvent, SkippedConnection } from './plan.ts';
import { CANCELLABLE_STATUSES, PENDING_STATUSES, RETRYABLE_STATUSES, sqlList } from './statuses.ts';

/**
 * The event lifecycle: every statement that writes `event.status`, a lease (`event_lease`) or
 * `pending_trigger` is here, one named function each, so the state machine reads in one place.
 *
 *   publish ──> QUEUED | SCHEDULED | HOLD (paused or disabled) | FAILED (transformation error)
 *   QUEUED/SCHEDULED ──claim (lease)──> attempt ──> SUCCESSFUL | SCHEDULED (retry) | FAILED
 *   QUEUED/SCHEDULED <──hold / release──> HOLD            (pause, disable; unpause, enable, the sweep)
 *   QUEUED/SCHEDULED/HOLD ──cancel──> CANCELLED
 *   SUCCESSFUL/FAILED/CANCELLED ──requeue (retry, bulk retry)──> QUEUED | HOLD
 */
type Queryable = Pick<pg.PoolClient, 'query'>;

const PENDING = sqlList(PENDING_STATUSES);
const CANCELLABLE = sqlList(CANCELLABLE_STATUSES);
const RETRYABLE = sqlList(RETRYABLE_STATUSES);

/**
 * The one definition, in SQL over an event aliased `e`, of an event that may be attempted (due
 * time aside): pending, not leased by a running attempt, its connection live and not paused, its
 * destination not disabled, and, for an ordered connection, no earlier event of it still pending;
 * of a failing destination, only while no event of it is leased (one attempt at a time).
 *
 * The connection check is a scalar subquery on purpose: written as EXISTS, PostgreSQL turned it
 * into a semi-join over every due event and sorted them all for each claim (30 ms per claim with
 * 20k events due, growing with the backlog). As a per-row check, a claim reads the due index in
 * order and stops at its LIMIT. While a probe is out, probe_until spares the lease check. OFFSET 0
 * keeps the lease check a filter too, which PostgreSQL runs before the costlier connection check:
 * as an anti-join it came after, for every event in flight that each claim reads past.
 */
const DELIVERABLE = `
  e.status IN (${PENDING})
  AND NOT EXISTS (SELECT 1 FROM event_lease l WHERE l.event_id = e.id AND l.locked_until >= now() OFFSET 0)
  AND (SELECT c.paused_at IS NULL AND c.deleted_at IS NULL AND d.disabled_at IS NULL
              AND (NOT c.ordered OR NOT EXISTS (
                    SELECT 1 FROM event p
                     WHERE p.connection_id = e.connection_id AND p.seq < e.seq
                       AND p.status IN (${CANCELLABLE})))
              AND (d.consecutive_failures = 0 OR (d.probe_until IS NULL OR d.probe_until <= now()) AND NOT EXISTS (
                    SELECT 1 FROM event_lease l WHERE l.destination_id = d.id AND l.locked_until > now()))
         FROM connection c JOIN destination d ON d.id = c.destination_id
        WHERE c.id = e.connection_id)`;

/** An event_request row as publish stores it (JSON columns already serialized). */
export type RequestRow = Record<'id' | 'sourceId' | 'headers' | 'path' | 'query', string> &
  Record<'body' | 'bodyText' | 'eventType' | 'idempotencyKey', string | null> & { rawBody: Buffer | null; receivedAt: Date };

/** A request to store with its events and the connections it skipped, planned at publish_config's `configVersion`. */
export type StoredRequest = { request: RequestRow; events: PlannedEvent[]; skipped: SkippedConnection[]; configVersion: string };

/**
 * Requests and their events in one statement: one round trip and one commit for many concurrent
 * publishes (group commit), atomic without a transaction. Stores only requests (and their events)
 * planned at publish_config's current version, and returns it: the caller plans the others again.
 */
export async function insertRequestsWithEvents(db: Queryable, stored: StoredRequest[]): Promise<string> {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const requests = stored.map((s) => s.request);
  const events = stored.flatMap((s) => s.events.map((e) => ({ ...e, request: s.request })));
  const r = <K extends keyof RequestRow>(key: K) => requests.map((row) => row[key]);
  const { rows } = await db.query<{ version: string }>({
    // Named: prepared once per connection, not parsed and planned for every batch.
    name: 'insert-requests-with-events',
    text: `WITH config AS (SELECT version FROM publish_config),
     request AS (
       INSERT INTO event_request (id, source_id, headers, body, raw_body, path, query, idempotency_key, skipped, received_at, body_text, event_type)
       SELECT u.id, u.source_id, u.headers, u.body, u.raw_body, u.path, u.query, u.idempotency_key, u.skipped, u.received_at, u.body_text, u.event_type
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::jsonb[], $5::bytea[], $6::text[], $7::jsonb[], $8::text[], $9::jsonb[],
                     $10::timestamptz[], $11::text[], $12::text[], $26::bigint[])
              AS u(id, source_id, headers, body, raw_body, path, query, idempotency_key, skipped, received_at, body_text, event_type, config_version)
        WHERE u.config_version = (SELECT version FROM config)
       RETURNING id),
     stored_event AS (
       INSERT INTO event (id, request_id, connection_id, source_id, status, next_attempt_at, created_at, body, headers,
                          dedupe_key, error_code, error_message, body_text, test)
       SELECT e.id, e.request_id, e.connection_id, e.source_id, e.status::event_status, e.next_attempt_at, e.created_at, e.body::jsonb, e.headers,
              e.dedupe_key, e.error_code, e.error_message, e.body, e.test
         FROM unnest($13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::timestamptz[], $19::timestamptz[], $20::text[], $21::jsonb[],
                     $22::text[], $23::text[], $24::text[], $25::bool[])
              AS e(id, request_id, source_id, connection_id, status, next_attempt_at, created_at, body, headers, dedupe_key, error_code, error_message, test)
         JOIN request ON request.id = e.request_id)
     SELECT version::text FROM config`,
    values: [
      ...[r('id'), r('sourceId'), r('headers'), r('body'), r('rawBody'), r('path'), r('query'), r('idempotencyKey')],
      stored.map((s) => json(s.skipped)),
      ...[r('receivedAt'), r('bodyText'), r('eventType')],
      ...[events.map((e) => e.id), events.map((e) => e.request.id), events.map((e) => e.request.sourceId), events.map((e) => e.connectionId)],
      ...[events.map((e) => e.status), events.map((e) => e.nextAttemptAt), events.map((e) => e.request.receivedAt)],
      // A transformation's body as the sandbox serialized it: delivered as this text, kept as jsonb too.
      events.map((e) => (e.transformed ? json(e.transformed.body) : null)),
      events.map((e) => (e.transformed ? json(e.transformed.headers) : null)),
      ...[events.map((e) => e.dedupe?.key ?? null), events.map((e) => e.error?.code ?? null), events.map((e) => e.error?.message ?? null)],
      events.map((e) => e.test ?? false),
      stored.map((s) => s.configVersion),
    ],
  });
  return (rows[0] as { version: string }).version;
}

type ClaimRow = Omit<ClaimedEvent, 'destination'> & Omit<ClaimedEvent['destination'], 'headers'> & { destinationId: string; destinationHeaders: Record<string, string> };

/**
 * Leases up to $1 due events for $2 ms; see claimDueEvents. Exported for the plan test. Of a failing
 * destination only its first due event goes (the probe), setting probe_until: a concurrent claim that
 * saw none fails PostgreSQL's recheck of the changed row. SKIP LOCKED: no wait, so no deadlock. The
 * lease's insert decides: a claim whose snapshot missed a lease committed meanwhile meets it as a
 * conflict, and takes the event over only when that lease has run out.
 */
export const CLAIM_SQL = `WITH due AS (
    SELECT e.id, e.connection_id, e.next_attempt_at, e.seq FROM event e
     WHERE e.next_attempt_at <= now() AND ${DELIVERABLE}
     ORDER BY e.next_attempt_at, e.seq
     LIMIT $1
     FOR UPDATE OF e SKIP LOCKED),
  probe AS (SELECT DISTINCT ON (c.destination_id) due.id, c.destination_id FROM due JOIN connection c ON c.id = due.connection_id
      JOIN destination d ON d.id = c.destination_id WHERE d.consecutive_failures > 0 ORDER BY c.destination_id, due.next_attempt_at, due.seq),
  probing AS (UPDATE destination d SET probe_until = now() + $2 * interval '1 millisecond' FROM (SELECT w.id FROM destination w
        JOIN probe ON probe.destination_id = w.id WHERE w.probe_until IS NULL OR w.probe_until <= now() FOR UPDATE OF w SKIP LOCKED) won
     WHERE d.id = won.id RETURNING d.id),
  leased AS (INSERT INTO event_lease AS l (event_id, destination_id, locked_until)
    SELECT due.id, c.destination_id, now() + $2 * interval '1 millisecond' FROM due JOIN connection c ON c.id = due.connection_id JOIN destination d ON d.id = c.destination_id
     WHERE d.consecutive_failures = 0 OR due.id IN (SELECT probe.id FROM probe JOIN probing ON probing.id = probe.destination_id)
    ON CONFLICT (event_id) DO UPDATE SET destination_id = EXCLUDED.destination_id, locked_until = EXCLUDED.locked_until WHERE l.locked_until < now()
    RETURNING l.event_id)
  SELECT e.id, e.source_id AS "sourceId", s.name AS "sourceName", e.connection_id AS "connectionId",
            e.attempt_count AS "attemptCount", e.pending_trigger AS "pendingTrigger", e.test, e.created_at AS "createdAt", e.seq,
            e.next_attempt_at AS "nextAttemptAt", e.body_text AS "bodyText", CASE WHEN e.body_text IS NULL THEN e.body END AS body,
            e.headers, r.headers AS "requestHeaders", r.raw_body AS "rawBody", r.body_text AS "requestBodyText",
            CASE WHEN r.raw_body IS NULL AND r.body_text IS NULL THEN r.body END AS "requestBody", c.ordered, c.retry_strategy AS "retryStrategy", c.retry_count AS "retryCount",
            c.retry_interval_ms AS "retryIntervalMs", c.retry_status_codes AS "retryStatusCodes", d.consecutive_failures > 0 AS probing,
            d.id AS "destinationId", d.url, d.headers AS "destinationHeaders", d.auth_strategy AS "authStrategy", d.secret, d.header_name AS "headerName",
            CASE WHEN d.rate_limit_count IS NOT NULL THEN json_build_object('count', d.rate_limit_count, 'period', d.rate_limit_period) END AS "rateLimit",
            d.username, d.credential, d.previous_secret AS "previousSecret", d.previous_secret_expires_at AS "previousSecretExpiresAt"
    FROM leased JOIN event e ON e.id = leased.event_id JOIN event_request r ON r.id = e.request_id JOIN connection c ON c.id = e.connection_id
    JOIN destination d ON d.id = c.destination_id JOIN source s ON s.id = e.source_id`;

/**
 * Leases up to `limit` due events in one statement. SKIP LOCKED lets several processes claim side
 * by side without waiting on each other, and the lease keeps an event ours until its outcome is
 * recorded (a crashed process's lease simply runs out). Returned in due order. `db` should be the
 * dispatch pool (db/pools.ts): without its planner settings a claim can sort the whole backlog.
 */
export async function claimDueEvents(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
  // Named (prepared once per session): planning this statement took longer than running it.
  const { rows } = await db.query<ClaimRow>({ name: 'claim-due-events', text: CLAIM_SQL, values: [limit, leaseMs] });
  return rows
    .map(({ destinationId, url, rateLimit, destinationHeaders: headers, authStrategy, secret, headerName, username, credential, previousSecret, previousSecretExpiresAt, ...event }) => ({
      ...event,
      destination: { id: destinationId, url, rateLimit, headers, authStrategy, secret, headerName, username, credential, previousSecret, previousSecretExpiresAt },
    }))
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || compareSeq(a.seq, b.seq));
}

const compareSeq = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * Gives leased events back without an attempt, due at the given times (rate-limited events wait
 * for tokens; a stopping process hands back what it did not start; null keeps the due time).
 */
export async function releaseLeases(db: Queryable, releases: Array<{ id: string; dueAt: Date | null }>): Promise<void> {
  if (releases.length === 0) return;
  await db.query(
    `WITH released AS (DELETE FROM event_lease l USING unnest($1::text[]) AS v(id) WHERE l.event_id = v.id)
     UPDATE event e SET next_attempt_at = v.due_at, updated_at = now()
       FROM unnest($1::text[], $2::timestamptz[]) AS v(id, due_at)
      WHERE e.id = v.id AND v.due_at IS NOT NULL`,
    [releases.map((r) => r.id), releases.map((r) => r.dueAt)],
  );
}

/**
 * Each attempted event's state after its attempt, and its lease ended. A cancel wins over a retry;
 * so does a hold (pause, disable) that came while the attempt ran, unless the attempt ended the
 * event for good.
 */
export async function recordAttemptResults(db: Queryable, records: AttemptRecord[]): Promise<void> {
  await db.query({
    name: 'record-attempt-results',
    text: `WITH ended AS (DELETE FROM event_lease l USING unnest($1::text[]) AS v(id) WHERE l.event_id = v.id)
     UPDATE event e SET
       status = CASE WHEN e.status = 'CANCELLED' THEN e.status
                     WHEN e.status = 'HOLD' AND v.status = 'SCHEDULED' THEN e.status
                     ELSE v.status END,
       next_attempt_at = CASE WHEN e.status IN ('CANCELLED', 'HOLD') THEN NULL ELSE v.next_attempt_at END,
       attempt_count = GREATEST(e.attempt_count, v.number),
       last_response_status = v.response_status,
       pending_trigger = NULL,
       updated_at = now()
      FROM unnest($1::text[], $2::event_status[], $3::int[], $4::int[], $5::timestamptz[])
           AS v(id, status, number, response_status, next_attempt_at)
     WHERE e.id = v.id`,
    values: [
      records.map((r) => r.eventId),
      records.map((r) => r.eventStatus),
      records.map((r) => r.number),
      records.map((r) => r.responseStatus),
      records.map((r) => r.nextAttemptAt),
    ],
  });
}

/** Pending events of the connection wait in HOLD (pause); an attempt under way still finishes. */
export async function holdConnectionEvents(db: Queryable, connectionId: string): Promise<DeliveryUpdateRef[]> {
  const { rows } = await db.query<{ id: string; source_id: string }>(
    `UPDATE event SET status = 'HOLD', next_attempt_at = NULL, updated_at = now()
      WHERE connection_id = $1 AND status IN (${PENDING})
     RETURNING id, source_id`,
    [connectionId],
  );
  return statusChanges(rows, false);
}

/** Pending events to these destinations wait in HOLD (disable). */
export async function holdDestinationEvents(db: Queryable, destinationIds: string[]): Promise<DeliveryUpdateRef[]> {
  const { rows } = await db.query<{ id: string; source_id: string }>(
    `UPDATE event e SET status = 'HOLD', next_attempt_at = NULL, updated_at = now()
       FROM connection c
      WHERE c.id = e.connection_id AND c.destination_id = ANY($1::text[]) AND e.status IN (${PENDING})
     RETURNING e.id, e.source_id`,
    [destinationIds],
  );
  return statusChanges(rows, false);
}

/** Whose held events a release looks at: a connection's (unpause), a destination's (enable), or any live connection's (the sweep). */
export type ReleaseScope = { connectionId: string } | { destinationId: string } | 'stray';

/**
 * Up to `limit` held events of live connections to enabled destinations are due, oldest first
 * (`more`: the limit was reached), a long outage's backlog in many short statements. Due since
 * published: later chunks go before events published meanwhile. Share locks on the connection and
 * destination wait for a pause or disable committing meanwhile.
 */
export async function releaseHeldEvents(db: Queryable, scope: ReleaseScope, limit: number): Promise<{ changed: DeliveryUpdateRef[]; more: boolean }> {
  const [condition, id] = scope === 'stray' ? ['TRUE', []] : 'connectionId' in scope ? ['c.id = $2', [scope.connectionId]] : ['c.destination_id = $2', [scope.destinationId]];
  const { rows } = await db.query<{ id: string; source_id: string }>(
    `WITH live AS (
       SELECT c.id FROM connection c JOIN destination d ON d.id = c.destination_id
        WHERE ${condition} AND c.paused_at IS NULL AND c.deleted_at IS NULL AND d.disabled_at IS NULL
          AND EXISTS (SELECT 1 FROM event h WHERE h.connection_id = c.id AND h.status = 'HOLD')
        FOR SHARE OF c, d),
     picked AS (
       SELECT held.id FROM live CROSS JOIN LATERAL (
         SELECT h.id FROM event h WHERE h.connection_id = live.id AND h.status = 'HOLD' ORDER BY h.seq LIMIT $1 FOR UPDATE OF h SKIP LOCKED) held
        LIMIT $1)
     UPDATE event e SET status = 'QUEUED', next_attempt_at = e.created_at, updated_at = now() FROM picked WHERE e.id = picked.id AND e.status = 'HOLD'
     RETURNING e.id, e.source_id`,
    [limit, ...id],
  );
  return { changed: statusChanges(rows), more: rows.length >= limit };
}

/**
 * Makes final events pending again, due now, their next attempt recorded with `trigger`. An event
 * whose connection is paused or destination disabled waits in HOLD instead. Skipped: events no
 * longer final, of a deleted connection, or that failed in their transformation (nothing was made
 * to deliver; the request must be published again once the transformation is fixed).
 */
export async function requeueEvents(db: Queryable, ids: string[], trigger: Extract<AttemptTrigger, 'MANUAL' | 'BULK_RETRY'>): Promise<DeliveryUpdateRef[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: string; source_id: string }>(
    `UPDATE event e SET
       status = CASE WHEN c.paused_at IS NOT NULL OR d.disabled_at IS NOT NULL THEN 'HOLD' ELSE 'QUEUED' END::event_status,
       next_attempt_at = CASE WHEN c.paused_at IS NOT NULL OR d.disabled_at IS NOT NULL THEN NULL ELSE now() END,
       pending_trigger = $2::attempt_trigger,
       updated_at = now()
      FROM connection c JOIN destination d ON d.id = c.destination_id
     WHERE e.id = ANY($1::text[]) AND c.id = e.connection_id AND c.deleted_at IS NULL
       AND e.status IN (${RETRYABLE}) AND e.error_code IS NULL
    RETURNING e.id, e.source_id`,
    [ids, trigger],
  );
  return statusChanges(rows);
}

/**
 * Stops pending events, by id or every one of a connection (deleted). An attempt already under
 * way still finishes and is recorded, but the event stays CANCELLED.
 */
export async function cancelEvents(db: Queryable, which: { ids: string[] } | { connectionId: string }): Promise<DeliveryUpdateRef[]> {
  const [condition, parameter] = 'ids' in which ? ['id = ANY($1::text[])', which.ids] : ['connection_id = $1', which.connectionId];
  const { rows } = await db.query<{ id: string; source_id: string }>(
    `UPDATE event SET status = 'CANCELLED', next_attempt_at = NULL, pending_trigger = NULL, updated_at = now()
      WHERE ${condition} AND status IN (${CANCELLABLE})
     RETURNING id, source_id`,
    [parameter],
  );
  return statusChanges(rows, false);
}
