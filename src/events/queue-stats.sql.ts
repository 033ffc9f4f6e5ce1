import type pg from 'pg';
import { PENDING_STATUSES, sqlList } from './statuses.ts';

export interface QueueStats {
  /** Pending events, due or not. */
  queued: number;
  due: number;
  /** Seconds since the oldest pending event was published; 0 when none. */
  oldest: number;
  held: number;
  /** Issues not resolved. */
  issues: number;
  disabled: number;
}

const PENDING = sqlList(PENDING_STATUSES);

/** The queue and health figures across all processes, read at once for a /metrics scrape. */
export async function readQueueStats(db: Pick<pg.Pool, 'query'>): Promise<QueueStats> {
  const { rows } = await db.query<{ queued: string; due: string; oldest: number | null; held: string; issues: string; disabled: string }>(
    `SELECT (SELECT count(*) FROM event WHERE status IN (${PENDING})) AS queued,
            (SELECT count(*) FROM event WHERE status IN (${PENDING}) AND next_attempt_at <= now()) AS due,
            (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM event WHERE status IN (${PENDING})) AS oldest,
            (SELECT count(*) FROM event WHERE status = 'HOLD') AS held,
            (SELECT count(*) FROM issue WHERE status <> 'RESOLVED') AS issues,
            (SELECT count(*) FROM destination WHERE disabled_at IS NOT NULL) AS disabled`,
  );
  const row = rows[0];
  return {
    queued: Number(row?.queued ?? 0),
    due: Number(row?.due ?? 0),
    oldest: row?.oldest ?? 0,
    held: Number(row?.held ?? 0),
    issues: Number(row?.issues ?? 0),
    disabled: Number(row?.disabled ?? 0),
  };
}

/**
 * When the next pending event becomes due, to wake dispatch then. Leases are not looked at: one
 * runs out only when its process died, and the periodic sweep finds those events.
 */
export async function nextDueAt(db: Pick<pg.Pool, 'query'>): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>({
    name: 'next-due-at',
    text: `SELECT min(e.next_attempt_at) AS at FROM event e WHERE e.status IN (${PENDING}) AND e.next_attempt_at > now()`,
  });
  return rows[0]?.at ?? null;
}
