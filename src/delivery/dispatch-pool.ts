import pg from 'pg';

/**
 * Planner settings of every dispatcher session. The queue changes faster than its statistics:
 * with events counted while they were held (a pause, an outage), the planner expected a hundred
 * due rows among 30,000 and sorted them all for every claim (200 ms each). Without sorts, the only
 * plan left for a claim reads the due index in order and stops at its LIMIT; the dispatcher's other
 * statements (outcomes by id, the next due time) need no sort either. Set per session, not per
 * claim, because a transaction around each claim cost three more round trips.
 */
const DISPATCH_PLANNER_SETTINGS = { enable_sort: 'off' } as const;

/**
 * The dispatcher's own pool. Its writes (leases, attempts) commit without waiting for the WAL
 * flush: a PostgreSQL crash can lose the last few milliseconds of them, and then those events are
 * simply delivered again (at least once), never lost. Publishes stay on a durable pool.
 */
export function createDispatchPool(databaseUrl: string, max: number): pg.Pool {
  const settings = { synchronous_commit: 'off', ...DISPATCH_PLANNER_SETTINGS };
  const options = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(' ');
  return new pg.Pool({ connectionString: databaseUrl, max, allowExitOnIdle: true, options });
}
