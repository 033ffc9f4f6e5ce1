import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import pg from 'pg';
import type { BenchContext } from '../context.ts';
import { clock, perSecond, sleep } from '../stats.ts';

/**
 * The known wall: how fast Agenda 6 with the Postgres backend drains BENCH_AGENDA_JOBS no-op jobs
 * on the same PostgreSQL, tuned as the stack notes found best (and as the delivery scheduler is
 * configured): polling every 100 ms, 100 concurrent and locked jobs, a pool of 20.
 */
const JOB = 'bench-noop';
const TUNING = { processEvery: 100, concurrency: 100, pool: 20 };

export async function agendaWall(ctx: BenchContext) {
  const jobs = ctx.options.agendaJobs;
  const databaseUrl = await ctx.postgres.createDatabase('bench_agenda');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: TUNING.pool });
  const agenda = new Agenda({
    backend: new PostgresBackend({ pool }),
    processEvery: TUNING.processEvery,
    defaultConcurrency: TUNING.concurrency,
    maxConcurrency: TUNING.concurrency,
    lockLimit: TUNING.concurrency,
    removeOnComplete: true,
  });
  let done = 0;
  agenda.define(JOB, async () => {
    done++;
  }, { concurrency: TUNING.concurrency, lockLimit: TUNING.concurrency });
  try {
    await agenda.ready;
    // Queue first, drain after: the drain rate alone is Agenda's per-job cost.
    let queued = 0;
    const enqueueStarted = clock();
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (queued < jobs) {
          queued++;
          await agenda.now(JOB, {});
        }
      }),
    );
    const enqueuePerSecond = perSecond(jobs, clock() - enqueueStarted);
    const started = clock();
    await agenda.start();
    while (done < jobs && clock() - started < 600_000) await sleep(20);
    const drainMs = clock() - started;
    const result = { jobs, tuning: TUNING, enqueuePerSecond, drained: done, drainSeconds: drainMs / 1000, drainPerSecond: perSecond(done, drainMs) };
    ctx.figure('agenda', `Agenda 6 enqueue (agenda.now, 20 concurrent) of ${jobs} no-op jobs`, `${enqueuePerSecond}/s`);
    ctx.figure('agenda', 'Agenda 6 drain of the queued no-op jobs', `${result.drainPerSecond}/s${done < jobs ? ` (only ${done} of ${jobs} in 10 min)` : ''}`);
    return result;
  } finally {
    await Promise.race([agenda.stop(false), sleep(5_000)]);
    await pool.end();
    await ctx.postgres.dropDatabase(databaseUrl);
  }
}
