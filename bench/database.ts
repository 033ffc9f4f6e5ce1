import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase } from '../src/db/database.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';

/**
 * The PostgreSQL the bench measures against: DATABASE_URL when set (its role needs CREATEDB),
 * otherwise an embedded one in a temporary folder, removed at the end. Each section gets a
 * database of its own, so one section's backlog or seeded rows cannot slow the next.
 */
export interface BenchPostgres {
  kind: 'DATABASE_URL' | 'embedded';
  /** The maintenance database, for cluster-wide views (bench/costs.ts). */
  adminUrl: string;
  /** A fresh, empty database; dropped by stop() if the section does not drop it first. */
  createDatabase(name: string): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchPostgres(log: (message: string) => void): Promise<BenchPostgres> {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded = async () => undefined;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hookrelay-bench-'));
    // BENCH_PG_STATEMENTS=1: pg_stat_statements, to see where PostgreSQL's time goes (bench/costs.ts).
    const embedded = await startEmbeddedPostgres(dir, log, process.env.BENCH_PG_STATEMENTS ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' } : {});
    adminUrl = embedded.adminUrl;
    stopEmbedded = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = adminUrl;
  const created = new Set<string>();
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const dropDatabase = async (url: string) => {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    await run(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    created.delete(url);
  };
  return {
    kind: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
    adminUrl: admin,
    async createDatabase(name) {
      // The previous section's writes (the INSERT baseline's 60k commits) are flushed now rather
      // than by a checkpoint inside this section's window: without this, the latency run after
      // the baselines measured p99 138-250 ms at 200 publishes/s, with them out of the way 31 ms.
      await run('CHECKPOINT').catch((error: unknown) => log(`CHECKPOINT failed (${String(error)}); sections may pay for earlier ones' writes`));
      const unique = `${name}_${Date.now().toString(36)}`;
      const url = await ensureDatabase(admin, unique);
      created.add(url);
      return url;
    },
    dropDatabase,
    async stop() {
      for (const url of [...created]) await dropDatabase(url).catch((error: unknown) => log(`could not drop ${url}: ${String(error)}`));
      await stopEmbedded();
    },
  };
}
