import type pg from 'pg';
import type { DestinationHealth } from './failure-policy.ts';

export interface StreakRow {
  id: string;
  consecutive_failures: number;
  failing_since: Date | null;
  disabled_at: Date | null;
}

/**
 * Moves the destinations' failure streaks by a batch of outcomes, and ends their probes: one came
 * back, its probe's or that of an event in flight since before it failed. A probe still out keeps
 * its lease, which the claim checks once probe_until is gone.
 */
export async function recordStreaks(client: pg.PoolClient, destinations: DestinationHealth[]): Promise<StreakRow[]> {
  if (destinations.length === 0) return [];
  // A healthy destination that stays healthy is not written: the common case costs no row lock.
  const { rows } = await client.query<StreakRow>({
    name: 'record-streaks',
    text: `UPDATE destination d SET
       probe_until = NULL,
       consecutive_failures = CASE WHEN v.recovered THEN v.failed_events ELSE d.consecutive_failures + v.failed_events END,
       failing_since = CASE WHEN v.first_failure_at IS NULL THEN NULL
                            WHEN v.recovered THEN v.first_failure_at
                            ELSE COALESCE(d.failing_since, v.first_failure_at) END
      FROM unnest($1::text[], $2::bool[], $3::int[], $4::timestamptz[]) AS v(id, recovered, failed_events, first_failure_at)
     WHERE d.id = v.id AND (v.first_failure_at IS NOT NULL OR d.consecutive_failures > 0 OR d.failing_since IS NOT NULL)
     RETURNING d.id, d.consecutive_failures, d.failing_since, d.disabled_at`,
    values: [
      destinations.map((d) => d.destinationId),
      destinations.map((d) => d.recovered),
      destinations.map((d) => d.failedEvents),
      destinations.map((d) => d.firstFailureAt),
    ],
  });
  return rows;
}
