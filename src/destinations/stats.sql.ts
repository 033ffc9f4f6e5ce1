import type pg from 'pg';
import type { AttemptRecord } from '../delivery/attempt.ts';
import { CANCELLABLE_STATUSES, sqlList } from '../events/statuses.ts';
import { addDuration, quantile } from './latency-histogram.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

const MINUTE_MS = 60_000;

/**
 * Adds a batch of attempts to their destinations' per-minute rows, in the outcome transaction:
 * one statement whatever the batch size. Rows go in key order, so two processes adding to the
 * same destinations lock them in the same order and never deadlock.
 */
export async function recordDeliveryStats(db: Queryable, records: AttemptRecord[]): Promise<void> {
  const rows = new Map<string, { destinationId: string; minute: Date; successful: number; failed: number; latency: number[] | null; lastSuccessAt: Date | null; lastFailureAt: Date | null }>();
  for (const record of records) {
    const finishedAt = new Date(record.requestedAt.getTime() + record.durationMs);
    const minute = new Date(Math.floor(finishedAt.getTime() / MINUTE_MS) * MINUTE_MS);
    const key = `${record.destinationId}\u0000${minute.getTime()}`;
    const row = rows.get(key) ?? { destinationId: record.destinationId, minute, successful: 0, failed: 0, latency: null, lastSuccessAt: null, lastFailureAt: null };
    if (record.succeeded) {
      row.successful += 1;
      if (!row.lastSuccessAt || finishedAt > row.lastSuccessAt) row.lastSuccessAt = finishedAt;
    } else {
      row.failed += 1;
      if (!row.lastFailureAt || finishedAt > row.lastFailureAt) row.lastFailureAt = finishedAt;
    }
    row.latency = addDuration(row.latency, record.durationMs);
    rows.set(key, row);
  }
  const ordered = [...rows.values()].sort((a, b) => (a.destinationId < b.destinationId ? -1 : a.destinationId > b.destinationId ? 1 : a.minute.getTime() - b.minute.getTime()));
  if (ordered.length === 0) return;
  await db.query({
    name: 'record-delivery-stats',
    text: `INSERT INTO delivery_stats_minute AS s (destination_id, minute, successful, failed, latency, last_success_at, last_failure_at)
     SELECT v.destination_id, v.minute, v.successful, v.failed, v.latency::int[], v.last_success_at, v.last_failure_at
       FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::int[], $5::text[], $6::timestamptz[], $7::timestamptz[])
            WITH ORDINALITY AS v(destination_id, minute, successful, failed, latency, last_success_at, last_failure_at, n)
      ORDER BY v.n
     ON CONFLICT (destination_id, minute) DO UPDATE SET
       successful = s.successful + EXCLUDED.successful,
       failed = s.failed + EXCLUDED.failed,
       latency = hookrelay_add_counts(s.latency, EXCLUDED.latency),
       last_success_at = GREATEST(s.last_success_at, EXCLUDED.last_success_at),
       last_failure_at = GREATEST(s.last_failure_at, EXCLUDED.last_failure_at)`,
    values: [
      ordered.map((r) => r.destinationId),
      ordered.map((r) => r.minute),
      ordered.map((r) => r.successful),
      ordered.map((r) => r.failed),
      ordered.map((r) => `{${(r.latency ?? []).join(',')}}`),
      ordered.map((r) => r.lastSuccessAt),
      ordered.map((r) => r.lastFailureAt),
    ],
  });
}

export interface DeliveryStats {
  since: Date;
  successful: number;
  failed: number;
  /** Events not final yet (waiting, scheduled for a retry, or held), counted up to PENDING_CAP. */
  pending: number;
  successRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
}

/** A held backlog can be millions of events: counting stops here, so the figure stays cheap. */
const PENDING_CAP = 100_000;

/**
 * A destination's attempts since `since` (whole minutes: the minute `since` falls in counts) and
 * its pending events now. Two statements over at most a row per minute and the pending index.
 */
export async function readDeliveryStats(db: Queryable, destinationId: string, since: Date): Promise<DeliveryStats> {
  const [{ rows: [totals] }, { rows: [pending] }] = await Promise.all([
    db.query<{ successful: string | null; failed: string | null; latency: number[] | null; last_success_at: Date | null; last_failure_at: Date | null }>(
      `SELECT sum(successful) AS successful, sum(failed) AS failed, max(last_success_at) AS last_success_at, max(last_failure_at) AS last_failure_at,
              (SELECT array_agg(total ORDER BY i) FROM (
                 SELECT i, sum(x)::int AS total FROM delivery_stats_minute m, unnest(m.latency) WITH ORDINALITY AS u(x, i)
                  WHERE m.destination_id = $1 AND m.minute >= date_trunc('minute', $2::timestamptz) GROUP BY i) h) AS latency
         FROM delivery_stats_minute WHERE destination_id = $1 AND minute >= date_trunc('minute', $2::timestamptz)`,
      [destinationId, since],
    ),
    db.query<{ pending: string }>(
      `SELECT count(*) AS pending FROM (
         SELECT 1 FROM connection c JOIN event e ON e.connection_id = c.id
          WHERE c.destination_id = $1 AND e.status IN (${sqlList(CANCELLABLE_STATUSES)}) LIMIT ${PENDING_CAP}) p`,
      [destinationId],
    ),
  ]);
  const successful = Number(totals?.successful ?? 0);
  const failed = Number(totals?.failed ?? 0);
  const latency = totals?.latency ?? [];
  return {
    since,
    successful,
    failed,
    pending: Number(pending?.pending ?? 0),
    successRate: successful + failed === 0 ? null : successful / (successful + failed),
    latencyP50Ms: quantile(latency, 0.5),
    latencyP95Ms: quantile(latency, 0.95),
    lastSuccessAt: totals?.last_success_at ?? null,
    lastFailureAt: totals?.last_failure_at ?? null,
  };
}

/** Per-minute rows older than the history they describe go with it. */
export async function purgeDeliveryStats(db: Pick<pg.Pool, 'query'>, cutoff: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM delivery_stats_minute WHERE minute < $1', [cutoff]);
  return rowCount ?? 0;
}
