import type pg from 'pg';
import type { Logger } from 'pino';
import type { Dispatcher } from '../delivery/dispatcher.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { releaseHeldEvents, type ReleaseScope } from './lifecycle.sql.ts';

/**
 * Held events per release statement. An unpause or enable answers after the first chunk, so the
 * call and the first delivery do not wait for a long outage's whole backlog (ten unpauses of 3,000
 * held events at once took half a second each; a million would hold the caller for minutes).
 */
export const RELEASE_CHUNK = 1_000;

export interface ReleaseDeps {
  pool: pg.Pool;
  dispatcher: Pick<Dispatcher, 'poke'>;
  live: Pick<LiveBus, 'publish'>;
  logger: Logger;
}

/** Releases a scope's held events a chunk at a time until none is left, waking dispatch and announcing each chunk. */
export async function releaseRemaining(deps: ReleaseDeps, scope: ReleaseScope, chunk = RELEASE_CHUNK): Promise<number> {
  let released = 0;
  for (;;) {
    const { changed, more } = await releaseHeldEvents(deps.pool, scope, chunk);
    released += changed.length;
    if (changed.length > 0) {
      deps.dispatcher.poke();
      await deps.live.publish(changed);
    }
    if (!more) return released;
  }
}

/**
 * Goes on releasing in the background after the call that started it has answered. If this
 * process stops first, the periodic sweep (scope 'stray') releases what is left.
 */
export function continueReleasing(deps: ReleaseDeps, scope: ReleaseScope): void {
  releaseRemaining(deps, scope).catch((error: unknown) =>
    deps.logger.warn({ err: error, scope }, 'releasing held events stopped; the periodic sweep releases the rest'),
  );
}
