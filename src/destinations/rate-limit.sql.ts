import type pg from 'pg';
import { BOOK_AHEAD_MS, type SlotGrant, type SlotRequest } from '../delivery/rate-limit.ts';

/** Slots free from the schedule's next one (or now, when that has passed) to the horizon's end ($4 µs). */
const FREE_SLOTS = `CASE WHEN GREATEST(s.next_slot_at, now()) > now() + $4::bigint * interval '1 microsecond' THEN 0
  ELSE floor(extract(epoch FROM now() + $4::bigint * interval '1 microsecond' - GREATEST(s.next_slot_at, now())) * 1000000 / EXCLUDED.interval_us)::int + 1 END`;
const GRANTED = `LEAST(EXCLUDED.granted, ${FREE_SLOTS})`;

/**
 * Books up to `wanted` slots of each destination's schedule in one statement (GCRA without
 * burst): slots `intervalUs` apart from the schedule's next one (or now), as many as fall within
 * the booking horizon, and the schedule moves past them. The row lock of INSERT ... ON CONFLICT
 * makes each booking atomic across processes, so no two deliveries anywhere share a slot. A new
 * schedule starts now. EXCLUDED.granted carries the most a new schedule would grant, which bounds
 * what an existing one can. Slots are returned as milliseconds from the statement's end (not its
 * start, which may be earlier by a wait for the row lock), so a taker sending at receipt plus
 * that is late only by the way back, never early.
 */
export async function takeSlots(db: Pick<pg.Pool, 'query'>, requests: SlotRequest[]): Promise<Map<string, SlotGrant>> {
  if (requests.length === 0) return new Map();
  const { rows } = await db.query<{ destination_id: string; granted: number; next_free_in_ms: number }>(
    `INSERT INTO rate_limit_slot AS s (destination_id, interval_us, granted, next_slot_at)
     SELECT w.id, w.interval_us, g.granted, now() + g.granted * w.interval_us * interval '1 microsecond'
       FROM unnest($1::text[], $2::bigint[], $3::int[]) AS w(id, interval_us, wanted),
            LATERAL (SELECT LEAST(w.wanted, $4::bigint / w.interval_us + 1)::int AS granted) g
     ON CONFLICT (destination_id) DO UPDATE SET
       interval_us = EXCLUDED.interval_us,
       granted = ${GRANTED},
       next_slot_at = GREATEST(s.next_slot_at, now()) + ${GRANTED} * EXCLUDED.interval_us * interval '1 microsecond'
     RETURNING s.destination_id, s.granted, (extract(epoch FROM s.next_slot_at - clock_timestamp()) * 1000)::float8 AS next_free_in_ms`,
    [requests.map((r) => r.destinationId), requests.map((r) => r.intervalUs), requests.map((r) => r.wanted), BOOK_AHEAD_MS * 1_000],
  );
  return new Map(rows.map((row) => [row.destination_id, { granted: row.granted, nextFreeInMs: row.next_free_in_ms }]));
}

/**
 * Moves schedules later by `byMs`: a send that left late must keep the delivery one period after
 * it as far away. Only slots not booked yet move, which is enough: bookings reach BOOK_AHEAD_MS
 * ahead, less than a period, so that delivery's slot is not booked yet.
 */
export async function delaySlots(db: Pick<pg.Pool, 'query'>, delays: Array<{ destinationId: string; byMs: number }>): Promise<void> {
  if (delays.length === 0) return;
  await db.query(
    `UPDATE rate_limit_slot s SET next_slot_at = s.next_slot_at + v.by_us * interval '1 microsecond'
       FROM unnest($1::text[], $2::bigint[]) AS v(id, by_us)
      WHERE s.destination_id = v.id`,
    [delays.map((d) => d.destinationId), delays.map((d) => Math.ceil(d.byMs * 1_000))],
  );
}
