import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/**
 * What one delivered (or published) event costs the machine, measured around a phase: WAL bytes
 * (pg_current_wal_lsn, with full-page images apart, from pg_walinspect), heap tuples and btree
 * index entries written (the WAL records themselves: exact, and all of them, where
 * pg_stat_user_indexes counts no insertions), per-table rows and HOT updates
 * (pg_stat_user_tables, which lags by up to a second), and CPU time of the measured process and
 * of PostgreSQL (the postmaster, its children, and the children it reaped) from /proc.
 */
export interface CostFigures {
  walBytes: number;
  fpiBytes: number;
  heapTuples: number;
  indexEntries: number;
  processCpuMs: number;
  postgresCpuMs: number;
  tables: Record<string, { inserted: number; updated: number; hotUpdated: number; deleted: number }>;
}

export interface PerUnit {
  units: number;
  walBytes: number;
  fpiShare: number;
  heapTuples: number;
  indexEntries: number;
  processCpuMs: number;
  postgresCpuMs: number;
}

const TICK_MS = 10; // CLK_TCK is 100 on Linux.

async function cpuMs(pid: number, withReaped = false): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return 0;
  // Fields after "(comm)": state is field 3; utime 14, stime 15, cutime 16, cstime 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return (utime + stime + (withReaped ? cutime + cstime : 0)) * TICK_MS;
}

async function postgresCpuMs(postmaster: number): Promise<number> {
  let total = await cpuMs(postmaster, true);
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) total += await cpuMs(Number(entry));
  }
  return total;
}

interface Snapshot {
  lsn: string;
  processCpuMs: number;
  postgresCpuMs: number;
  tables: CostFigures['tables'];
}

export interface CostMeter {
  /** Starts a phase; `pid` is the process whose CPU counts as the server's. */
  start(pid: number): Promise<() => Promise<CostFigures>>;
  /** With BENCH_PG_STATEMENTS=1: the statements of the database that took most time (planning and execution) since the last call. */
  topStatements(count?: number): Promise<Array<{ query: string; calls: number; totalMs: number; planMs: number; meanMs: number; rows: number }>>;
  /** Waits until `sql` (a count) answers 0: e.g. until every delivered event's outcome is recorded. */
  until(sql: string, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A meter on `databaseUrl` (tables) with `adminUrl` for the cluster-wide views. Without the
 * rights for pg_walinspect or a local postmaster, those figures are 0 and a note is logged.
 */
export async function createCostMeter(adminUrl: string, databaseUrl: string, log: (message: string) => void): Promise<CostMeter> {
  const admin = new pg.Client({ connectionString: adminUrl });
  const database = new pg.Client({ connectionString: databaseUrl });
  // A connection ended under us (the database dropped) must fail a read, not the bench process.
  for (const client of [admin, database]) client.on('error', (error) => log(`cost meter connection: ${error.message}`));
  await admin.connect();
  await database.connect();
  const walinspect = await admin.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect').then(() => true, (error: unknown) => {
    log(`pg_walinspect unavailable (${String(error)}): no WAL record counts`);
    return false;
  });
  const { rows } = await admin.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`);
  const postmaster = await readFile(path.join(rows[0]?.setting ?? '', 'postmaster.pid'), 'utf8').then((text) => Number(text.split('\n')[0]), () => 0);
  if (!postmaster) log('the PostgreSQL data folder is not readable here: no PostgreSQL CPU figures');

  async function snapshot(pid: number): Promise<Snapshot> {
    const [{ rows: lsn }, { rows: tables }] = await Promise.all([
      admin.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn'),
      database.query<{ relname: string; ins: string; upd: string; hot: string; del: string }>(
        'SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del FROM pg_stat_user_tables',
      ),
    ]);
    return {
      lsn: lsn[0].lsn,
      processCpuMs: await cpuMs(pid),
      postgresCpuMs: postmaster ? await postgresCpuMs(postmaster) : 0,
      tables: Object.fromEntries(tables.map((t) => [t.relname, { inserted: Number(t.ins), updated: Number(t.upd), hotUpdated: Number(t.hot), deleted: Number(t.del) }])),
    };
  }

  return {
    async start(pid) {
      const before = await snapshot(pid);
      return async () => {
        // Backends report table counters at most once a second.
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        const after = await snapshot(pid);
        let heapTuples = 0;
        let indexEntries = 0;
        let fpiBytes = 0;
        if (walinspect) {
          const { rows: records } = await admin.query<{ record_type: string; count: string; fpi_size: string }>(
            'SELECT "resource_manager/record_type" AS record_type, count, fpi_size FROM pg_get_wal_stats($1::pg_lsn, $2::pg_lsn, true)',
            [before.lsn, after.lsn],
          );
          for (const record of records) {
            fpiBytes += Number(record.fpi_size);
            if (/^Heap\/(INSERT|UPDATE|HOT_UPDATE)/.test(record.record_type)) heapTuples += Number(record.count);
            // Each leaf insertion writes one of these; a split carries the new tuple itself.
            if (/^Btree\/(INSERT_LEAF|INSERT_POST|SPLIT_L|SPLIT_R)$/.test(record.record_type)) indexEntries += Number(record.count);
          }
        }
        const { rows: diff } = await admin.query<{ bytes: string }>('SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint AS bytes', [after.lsn, before.lsn]);
        const tables: CostFigures['tables'] = {};
        for (const [name, t] of Object.entries(after.tables)) {
          const b = before.tables[name] ?? { inserted: 0, updated: 0, hotUpdated: 0, deleted: 0 };
          const d = { inserted: t.inserted - b.inserted, updated: t.updated - b.updated, hotUpdated: t.hotUpdated - b.hotUpdated, deleted: t.deleted - b.deleted };
          if (d.inserted || d.updated || d.deleted) tables[name] = d;
        }
        return {
          walBytes: Number(diff[0].bytes),
          fpiBytes,
          heapTuples,
          indexEntries,
          processCpuMs: after.processCpuMs - before.processCpuMs,
          postgresCpuMs: after.postgresCpuMs - before.postgresCpuMs,
          tables,
        };
      };
    },
    async topStatements(count = 12) {
      if (!process.env.BENCH_PG_STATEMENTS) return [];
      await database.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      const { rows: top } = await database.query<{ query: string; calls: string; total: number; plan: number; mean: number; rows: string }>(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query, calls, total_exec_time + total_plan_time AS total, total_plan_time AS plan, (total_exec_time + total_plan_time) / NULLIF(calls, 0) AS mean, rows
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`,
        [count],
      );
      await database.query('SELECT pg_stat_statements_reset()');
      return top.map((t) => ({ query: t.query, calls: Number(t.calls), totalMs: Math.round(t.total), planMs: Math.round(t.plan), meanMs: Math.round(t.mean * 1000) / 1000, rows: Number(t.rows) }));
    },
    async until(sql, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { rows: count } = await database.query<{ n: string }>(sql);
        if (Number(count[0]?.n) === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await Promise.all([admin.end(), database.end()]);
    },
  };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function perUnit(costs: CostFigures, units: number): PerUnit {
  const n = Math.max(units, 1);
  return {
    units,
    walBytes: Math.round(costs.walBytes / n),
    fpiShare: round(costs.walBytes ? costs.fpiBytes / costs.walBytes : 0),
    heapTuples: round(costs.heapTuples / n),
    indexEntries: round(costs.indexEntries / n),
    processCpuMs: round(costs.processCpuMs / n, 3),
    postgresCpuMs: round(costs.postgresCpuMs / n, 3),
  };
}

/** One line for the printed table. */
export const describeCost = (cost: PerUnit, unit: string, processName = 'server') =>
  `${cost.walBytes} B WAL (${Math.round(cost.fpiShare * 100)} % full pages), ${cost.heapTuples} heap tuples, ${cost.indexEntries} index entries, ` +
  `${processName} CPU ${cost.processCpuMs} ms, PostgreSQL CPU ${cost.postgresCpuMs} ms per ${unit}`;

/** HOT share of each written table's updates, for the record. */
export const hotShares = (costs: CostFigures) =>
  Object.entries(costs.tables)
    .map(([name, t]) => `${name} ${t.inserted}i/${t.updated}u${t.updated ? ` (${Math.round((t.hotUpdated / t.updated) * 100)} % HOT)` : ''}/${t.deleted}d`)
    .join(', ');
