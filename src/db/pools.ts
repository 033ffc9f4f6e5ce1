import pg from 'pg';
import type { Logger } from 'pino';

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
 * A named statement is prepared so that it is planned once per session, but PostgreSQL plans it
 * again on every call while its generic plan looks costlier than the custom ones so far. The
 * publish lookup's `unnest` of a batch's few names always looked so: 0.4 ms of planning per batch,
 * more than running it. Named statements here are all plans that do not depend on the values;
 * unnamed ones are still planned for theirs.
 */
const PREPARED_PLAN_SETTINGS = { plan_cache_mode: 'force_generic_plan' } as const;

const sessionOptions = (settings: Record<string, string>) =>
  Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');

/** The pool of publishes and the API's set-based statements: durable commits, plans as above. */
export function createMainPool(databaseUrl: string, max: number): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max, allowExitOnIdle: true, options: sessionOptions(PREPARED_PLAN_SETTINGS) });
}

/**
 * The dispatcher's own pool. Its writes (leases, attempts) commit without waiting for the WAL
 * flush: a PostgreSQL crash can lose the last few milliseconds of them, and then those events are
 * simply delivered again (at least once), never lost. Publishes stay on a durable pool.
 */
export function createDispatchPool(databaseUrl: string, max: number): pg.Pool {
  const options = sessionOptions({ synchronous_commit: 'off', ...DISPATCH_PLANNER_SETTINGS, ...PREPARED_PLAN_SETTINGS });
  return new pg.Pool({ connectionString: databaseUrl, max, allowExitOnIdle: true, options });
}

/** Every pg pool of one app: who uses it and with which settings. Prisma keeps its own (db/prisma.ts). */
export interface Pools {
  /** Set-based statements outside the dispatcher: publish, the lifecycle changes of the API, bulk retry, retention, alerts. */
  main: pg.Pool;
  /** The dispatcher's claims and outcome batches (see createDispatchPool). */
  dispatch: pg.Pool;
  /** Agenda's jobs table and its LISTEN connection. */
  scheduler: pg.Pool;
  end(): Promise<void>;
}

export function createPools(databaseUrl: string, size: number, logger: Logger): Pools {
  const watched = (name: string, pool: pg.Pool) => {
    // An idle client losing its connection (a database restart) emits here; unhandled, it would crash.
    pool.on('error', (error) => logger.warn({ err: error.message }, `${name} pool connection error`));
    return pool;
  };
  const main = watched('main', createMainPool(databaseUrl, size));
  const dispatch = watched('dispatch', createDispatchPool(databaseUrl, size));
  const scheduler = watched('scheduler', new pg.Pool({ connectionString: databaseUrl, max: 5, allowExitOnIdle: true }));
  return {
    main,
    dispatch,
    scheduler,
    async end() {
      await Promise.all([main.end(), dispatch.end(), scheduler.end().catch(() => undefined)]);
    },
  };
}
