import type pg from 'pg';
import type { StoredAuth } from '../destinations/destination-auth.ts';
import type { AttemptTrigger, AuthStrategy, RetryStrategy } from '../generated/prisma/client.ts';
import { DELIVERABLE } from './deliverable.ts';

/** A due event this process now holds a lease on, with everything its attempt needs. */
export interface ClaimedEvent {
  id: string;
  sourceId: string;
  sourceName: string;
  connectionId: string;
  attemptCount: number;
  pendingTrigger: AttemptTrigger | null;
  createdAt: Date;
  seq: string;
  nextAttemptAt: Date;
  /** A transformation's result, when one ran; else null and the request's own are delivered. */
  body: unknown;
  headers: Record<string, string> | null;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  rawBody: Buffer | null;
  ordered: boolean;
  retryStrategy: RetryStrategy;
  retryCount: number;
  retryIntervalMs: number;
  retryStatusCodes: string[];
  destination: StoredAuth & { id: string; url: string; rateLimitPerSecond: number | null };
}

interface ClaimRow {
  id: string;
  source_id: string;
  source_name: string;
  connection_id: string;
  attempt_count: number;
  pending_trigger: AttemptTrigger | null;
  created_at: Date;
  seq: string;
  next_attempt_at: Date;
  body: unknown;
  headers: Record<string, string> | null;
  request_headers: Record<string, string>;
  request_body: unknown;
  raw_body: Buffer | null;
  ordered: boolean;
  retry_strategy: RetryStrategy;
  retry_count: number;
  retry_interval_ms: number;
  retry_status_codes: string[];
  destination_id: string;
  url: string;
  rate_limit_per_second: number | null;
  auth_strategy: AuthStrategy;
  secret: string | null;
  header_name: string | null;
  username: string | null;
  credential: string | null;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

/** Leases up to $1 due events for $2 ms; see claimDueEvents. */
export const CLAIM_SQL = `WITH due AS (
    SELECT e.id FROM event e
     WHERE e.status IN ('QUEUED', 'SCHEDULED') AND e.next_attempt_at <= now() AND ${DELIVERABLE}
     ORDER BY e.next_attempt_at, e.seq
     LIMIT $1
     FOR UPDATE OF e SKIP LOCKED)
  UPDATE event e SET locked_until = now() + $2 * interval '1 millisecond'
    FROM due, event_request r, connection c, destination d, source s
   WHERE e.id = due.id AND r.id = e.request_id AND c.id = e.connection_id AND d.id = c.destination_id AND s.id = e.source_id
  RETURNING e.id, e.source_id, s.name AS source_name, e.connection_id, e.attempt_count, e.pending_trigger, e.created_at,
            e.seq, e.next_attempt_at, e.body, e.headers, r.headers AS request_headers, r.body AS request_body, r.raw_body,
            c.ordered, c.retry_strategy, c.retry_count, c.retry_interval_ms, c.retry_status_codes,
            d.id AS destination_id, d.url, d.rate_limit_per_second, d.auth_strategy, d.secret, d.header_name, d.username,
            d.credential, d.previous_secret, d.previous_secret_expires_at`;

/**
 * Leases up to `limit` due events in one statement. SKIP LOCKED lets several processes claim side
 * by side without waiting on each other, and the lease keeps an event ours until its outcome is
 * recorded (a crashed process's lease simply runs out). Returned in due order.
 */
export async function claimDueEvents(db: pg.Pool, limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
  // `db` is the dispatch pool (dispatch-pool.ts): without its planner settings a claim can sort the whole backlog.
  const { rows } = await db.query<ClaimRow>(CLAIM_SQL, [limit, leaseMs]);
  return rows.map(toClaimed).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || compareSeq(a.seq, b.seq));
}

const compareSeq = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

function toClaimed(row: ClaimRow): ClaimedEvent {
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceName: row.source_name,
    connectionId: row.connection_id,
    attemptCount: row.attempt_count,
    pendingTrigger: row.pending_trigger,
    createdAt: row.created_at,
    seq: row.seq,
    nextAttemptAt: row.next_attempt_at,
    body: row.body,
    headers: row.headers,
    requestHeaders: row.request_headers,
    requestBody: row.request_body,
    rawBody: row.raw_body,
    ordered: row.ordered,
    retryStrategy: row.retry_strategy,
    retryCount: row.retry_count,
    retryIntervalMs: row.retry_interval_ms,
    retryStatusCodes: row.retry_status_codes,
    destination: {
      id: row.destination_id,
      url: row.url,
      rateLimitPerSecond: row.rate_limit_per_second,
      authStrategy: row.auth_strategy,
      secret: row.secret,
      headerName: row.header_name,
      username: row.username,
      credential: row.credential,
      previousSecret: row.previous_secret,
      previousSecretExpiresAt: row.previous_secret_expires_at,
    },
  };
}

/**
 * Gives leased events back without an attempt, due at the given times (rate-limited events wait
 * for tokens; a stopping process hands back what it did not start).
 */
export async function releaseEvents(db: pg.Pool, releases: Array<{ id: string; dueAt: Date | null }>): Promise<void> {
  if (releases.length === 0) return;
  await db.query(
    `UPDATE event e SET locked_until = NULL, next_attempt_at = COALESCE(v.due_at, e.next_attempt_at), updated_at = now()
       FROM unnest($1::text[], $2::timestamptz[]) AS v(id, due_at)
      WHERE e.id = v.id`,
    [releases.map((r) => r.id), releases.map((r) => r.dueAt)],
  );
}

/**
 * When the next pending event becomes due, to wake dispatch then. Leases are not looked at: one
 * runs out only when its process died, and the periodic sweep finds those events.
 */
export async function nextDueAt(db: pg.Pool): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT min(e.next_attempt_at) AS at FROM event e WHERE e.status IN ('QUEUED', 'SCHEDULED') AND e.next_attempt_at > now()`,
  );
  return rows[0]?.at ?? null;
}
