import type pg from 'pg';
import type { AttemptTrigger } from '../generated/prisma/client.ts';
import { statusChanges, type DeliveryUpdateRef } from '../live/live-bus.ts';

type Queryable = Pick<pg.Pool, 'query'>;

/** Final states a retry starts again from. */
export const RETRYABLE_STATUSES = ['SUCCESSFUL', 'FAILED', 'CANCELLED'] as const;
/** States a cancel stops. */
const CANCELLABLE_STATUSES = ['QUEUED', 'SCHEDULED', 'HOLD'] as const;

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
       AND e.status = ANY($3::event_status[]) AND e.error_code IS NULL
    RETURNING e.id, e.source_id`,
    [ids, trigger, RETRYABLE_STATUSES],
  );
  return statusChanges(rows);
}

/**
 * Stops an event's pending retries. An attempt already under way still finishes and is recorded,
 * but the event stays CANCELLED.
 */
export async function cancelEvents(db: Queryable, ids: string[]): Promise<DeliveryUpdateRef[]> {
  const { rows } = await db.query<{ id: string; source_id: string }>(
    `UPDATE event SET status = 'CANCELLED', next_attempt_at = NULL, pending_trigger = NULL, updated_at = now()
      WHERE id = ANY($1::text[]) AND status = ANY($2::event_status[])
     RETURNING id, source_id`,
    [ids, CANCELLABLE_STATUSES],
  );
  return statusChanges(rows);
}
