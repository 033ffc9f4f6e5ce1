import type pg from 'pg';
import { holdDestinationEvents, releaseHeldEvents } from '../events/lifecycle.sql.ts';
import { RELEASE_CHUNK } from '../events/release.ts';
import type { DeliveryUpdateRef } from '../live/live-bus.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

export interface DisabledDestination {
  destinationId: string;
  sourceId: string;
  reason: string;
}

/**
 * Stops deliveries to destinations: pending events move to HOLD (an attempt under way finishes
 * and is recorded), and publish holds new ones, until enableDestination. Nothing is dropped.
 * Returns the destinations this call disabled (not those that already were) and the held events.
 */
export async function disableDestinations(
  db: Queryable,
  destinations: Array<{ id: string; reason: string }>,
): Promise<{ disabled: DisabledDestination[]; held: DeliveryUpdateRef[] }> {
  if (destinations.length === 0) return { disabled: [], held: [] };
  const { rows: disabled } = await db.query<{ id: string; source_id: string; disabled_reason: string }>(
    `UPDATE destination d SET disabled_at = now(), disabled_reason = v.reason, updated_at = now()
       FROM unnest($1::text[], $2::text[]) AS v(id, reason)
      WHERE d.id = v.id AND d.disabled_at IS NULL
     RETURNING d.id, d.source_id, d.disabled_reason`,
    [destinations.map((d) => d.id), destinations.map((d) => d.reason)],
  );
  const held = await holdDestinationEvents(db, destinations.map((d) => d.id));
  return {
    disabled: disabled.map((row) => ({ destinationId: row.id, sourceId: row.source_id, reason: row.disabled_reason })),
    held,
  };
}

/**
 * Lets deliveries go again: the failure streak starts over and held events (except those of a
 * paused connection) are due now, claimed in publish order. The first chunk goes with the enable;
 * `more` says the caller should release the rest (events/release.ts).
 */
export async function enableDestination(db: Queryable, destinationId: string): Promise<{ changed: DeliveryUpdateRef[]; more: boolean }> {
  await db.query(
    `UPDATE destination SET disabled_at = NULL, disabled_reason = NULL, consecutive_failures = 0, failing_since = NULL, updated_at = now()
      WHERE id = $1`,
    [destinationId],
  );
  return releaseHeldEvents(db, { destinationId }, RELEASE_CHUNK);
}
