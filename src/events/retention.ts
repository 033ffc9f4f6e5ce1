import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { Logger } from 'pino';
import { withClient } from '../db/transaction.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionOptions {
  /** Each batch checks out one connection for one short transaction and gives it back. */
  pool: Pick<pg.Pool, 'connect'>;
  logger: Logger;
  /** Requests received this many days before `now` or earlier expire (HOOKRELAY_RETENTION_DAYS). */
  retentionDays: number;
  /** Requests per transaction; default 500. */
  batchSize?: number;
  /** No new batch starts once this much time has passed; default 60 s. The next run resumes. */
  timeBudgetMs?: number;
  /** How long a statement may wait for a lock held by someone else before the batch gives up; default 1 s. */
  lockTimeoutMs?: number;
  now?: Date;
}

export interface RetentionResult {
  requests: number;
  events: number;
  attempts: number;
  /** Transactions run, including one rolled back after a lock timeout. */
  batches: number;
  /** False when the time budget ran out before every expired request had been looked at. */
  complete: boolean;
}

/** The instant before which history has expired. */
export const retentionCutoff = (retentionDays: number, now = new Date()) => new Date(now.getTime() - retentionDays * DAY_MS);

/**
 * Deletes expired requests with their events and attempts, in short transactions so deliveries
 * never wait on retention. A request goes only when every one of its events is final and unleased,
 * and only rows this run can lock at once: a row someone is working on right now is skipped and
 * removed by a later run. Resumable by design: each run starts from the oldest request again.
 */
export async function purgeExpired(options: RetentionOptions): Promise<RetentionResult> {
  const { pool, logger, retentionDays, batchSize = 500, timeBudgetMs = 60_000, lockTimeoutMs = 1_000, now = new Date() } = options;
  if (!(retentionDays > 0)) throw new RangeError(`retentionDays must be positive, got ${retentionDays}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);

  const cutoff = retentionCutoff(retentionDays, now);
  const started = performance.now();
  const result: RetentionResult = { requests: 0, events: 0, attempts: 0, batches: 0, complete: false };
  // Keyset cursor: requests skipped as locked or pending are passed over, so every batch makes progress.
  let after: Cursor = { receivedAt: '-infinity', id: '' };
  for (;;) {
    const batch = await purgeBatch(pool, { after, cutoff, batchSize, lockTimeoutMs }, logger);
    result.batches += 1;
    result.requests += batch.requests;
    result.events += batch.events;
    result.attempts += batch.attempts;
    if (batch.last === undefined || batch.candidates < batchSize) {
      result.complete = true;
      break;
    }
    after = batch.last;
    if (performance.now() - started >= timeBudgetMs) break;
  }
  const durationMs = Math.round(performance.now() - started);
  logger[result.requests > 0 || !result.complete ? 'info' : 'debug']({ ...result, cutoff, durationMs }, 'retention purge finished');
  return result;
}

interface Cursor {
  receivedAt: Date | '-infinity';
  id: string;
}

interface BatchInput {
  after: Cursor;
  cutoff: Date;
  batchSize: number;
  lockTimeoutMs: number;
}

interface Deleted {
  requests: number;
  events: number;
  attempts: number;
}

type BatchOutcome = Seen & Deleted;

const FINAL_STATUSES = `('SUCCESSFUL', 'FAILED', 'CANCELLED')`;

/**
 * Oldest first along event_request_received_at_idx, after the cursor (received_at, id). OFFSET 0
 * keeps the pending check a probe of event_request_id_idx per candidate: flattened into an anti
 * join, the planner may read every pending event of the table on each batch instead.
 */
const LOCK_CANDIDATES = `
  SELECT r.id, r.received_at FROM event_request r
   WHERE r.received_at < $3 AND (r.received_at, r.id) > ($1::timestamptz, $2::text)
     AND NOT EXISTS (
       SELECT 1 FROM event e
        WHERE e.request_id = r.id AND (e.status NOT IN ${FINAL_STATUSES} OR EXISTS (SELECT 1 FROM event_lease l WHERE l.event_id = e.id AND l.locked_until > now()))
       OFFSET 0)
   ORDER BY r.received_at, r.id
   LIMIT $4
   FOR UPDATE OF r SKIP LOCKED`;

/**
 * Locks the candidates' events, skipping any another transaction holds. An event may go when this
 * batch holds it and it is final and unleased; the lock returns the row's latest version, so an
 * event retried since the candidate query counts as it is now (only a pending event is leased, and
 * a cancel while an attempt runs comes after that attempt's lease).
 */
const LOCK_EVENTS = `
  WITH locked AS MATERIALIZED (
    SELECT e.id, e.status FROM event e
     WHERE e.request_id = ANY($1::text[])
     FOR UPDATE SKIP LOCKED)
  SELECT e.id, e.request_id,
         l.id IS NOT NULL AND l.status IN ${FINAL_STATUSES} AND (x.locked_until IS NULL OR x.locked_until <= now()) AS removable
    FROM event e LEFT JOIN locked l ON l.id = e.id
         -- LIMIT: a probe of event_lease_pkey per event, never a join over every lease.
         LEFT JOIN LATERAL (SELECT x.locked_until FROM event_lease x WHERE x.event_id = e.id LIMIT 1) x ON true
   WHERE e.request_id = ANY($1::text[])`;

// Explicit deletes rather than the foreign keys' cascades, to count what went.
const DELETE_ATTEMPTS = `DELETE FROM attempt WHERE event_id = ANY($1::text[])`;
const DELETE_EVENTS = `DELETE FROM event WHERE id = ANY($1::text[])`;
const DELETE_REQUESTS = `DELETE FROM event_request WHERE id = ANY($1::text[])`;

const LOCK_NOT_AVAILABLE = '55P03';

async function purgeBatch(pool: RetentionOptions['pool'], input: BatchInput, logger: Logger): Promise<BatchOutcome> {
  const seen: Seen = { candidates: 0, last: undefined };
  return withClient(pool, async (client) => {
    // A lock we did not foresee (an attempt row held by someone, a migration) must not make us a
    // long lock holder that deliveries queue behind: give up the batch instead.
    await client.query(`BEGIN; SET LOCAL lock_timeout = ${Math.max(1, Math.round(input.lockTimeoutMs))}`);
    try {
      const deleted = await deleteBatch(client, input, seen);
      await client.query('COMMIT');
      return { ...seen, ...deleted };
    } catch (error) {
      await client.query('ROLLBACK');
      // Without candidates there is no cursor to move past them: the run fails and the next one retries.
      if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE || seen.last === undefined) throw error;
      logger.warn({ after: input.after, err: (error as Error).message }, 'retention batch gave up waiting for a lock; a later run retries its requests');
      return { ...seen, requests: 0, events: 0, attempts: 0 };
    }
  });
}

interface Seen {
  /** Expired requests this batch locked, deleted or not. */
  candidates: number;
  /** The cursor for the next batch; undefined when nothing expired was left. */
  last: Cursor | undefined;
}

/** Fills `seen` as soon as the candidates are locked, so a batch that fails later still moves the cursor. */
async function deleteBatch(client: pg.PoolClient, input: BatchInput, seen: Seen): Promise<Deleted> {
  const { rows: candidates } = await client.query<{ id: string; received_at: Date }>(LOCK_CANDIDATES, [
    input.after.receivedAt,
    input.after.id,
    input.cutoff,
    input.batchSize,
  ]);
  seen.candidates = candidates.length;
  const last = candidates.at(-1);
  seen.last = last && { receivedAt: last.received_at, id: last.id };
  const none = { requests: 0, events: 0, attempts: 0 };
  if (candidates.length === 0) return none;

  const { rows: events } = await client.query<{ id: string; request_id: string; removable: boolean }>(LOCK_EVENTS, [
    candidates.map((row) => row.id),
  ]);
  // A request goes whole or not at all: one event that must stay keeps the request and its other events.
  const kept = new Set(events.filter((event) => !event.removable).map((event) => event.request_id));
  const requestIds = candidates.map((row) => row.id).filter((id) => !kept.has(id));
  if (requestIds.length === 0) return none;
  const eventIds = events.filter((event) => !kept.has(event.request_id)).map((event) => event.id);

  const attempts = await client.query(DELETE_ATTEMPTS, [eventIds]);
  const deletedEvents = await client.query(DELETE_EVENTS, [eventIds]);
  const requests = await client.query(DELETE_REQUESTS, [requestIds]);
  return { requests: requests.rowCount ?? 0, events: deletedEvents.rowCount ?? 0, attempts: attempts.rowCount ?? 0 };
}
