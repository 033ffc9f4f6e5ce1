import type pg from 'pg';
import { withTransaction } from '../db/transaction.ts';
import { notFound } from '../errors.ts';
import { holdConnectionEvents, releaseHeldEvents } from '../events/lifecycle.sql.ts';
import { RELEASE_CHUNK } from '../events/release.ts';
import type { DeliveryUpdateRef } from '../live/live-bus.ts';

export interface PauseResult {
  connectionId: string;
  /** Events whose status changed, to announce live. */
  changed: DeliveryUpdateRef[];
  /** More held events are left to release than one statement takes (events/release.ts). */
  more: boolean;
}

/** Sets or clears the pause of a live connection; its row lock orders concurrent pauses. */
async function setPaused(client: pg.PoolClient, id: string, paused: boolean): Promise<void> {
  const { rowCount } = await client.query(
    `UPDATE connection SET paused_at = CASE WHEN $2 THEN COALESCE(paused_at, now()) END,
                           updated_at = CASE WHEN (paused_at IS NOT NULL) = $2 THEN updated_at ELSE now() END
      WHERE id = $1 AND deleted_at IS NULL`,
    [id, paused],
  );
  if (rowCount === 0) throw notFound('connection', `No connection ${id}: it does not exist or was deleted.`);
}

/**
 * Holds the connection's pending events (HOLD, no attempts) and every new one until unpaused. An
 * attempt already under way finishes; the delivery claim refuses paused connections after that.
 */
export function pauseConnection(pool: pg.Pool, id: string): Promise<PauseResult> {
  return withTransaction(pool, async (client) => {
    await setPaused(client, id, true);
    return { connectionId: id, changed: await holdConnectionEvents(client, id), more: false };
  });
}

/**
 * Releases held events, due now, claimed in publish order; those of a disabled destination stay
 * held until it is enabled. The first chunk goes with the unpause; `more` says the caller should
 * release the rest (events/release.ts).
 */
export function unpauseConnection(pool: pg.Pool, id: string): Promise<PauseResult> {
  return withTransaction(pool, async (client) => {
    await setPaused(client, id, false);
    return { connectionId: id, ...(await releaseHeldEvents(client, { connectionId: id }, RELEASE_CHUNK)) };
  });
}
