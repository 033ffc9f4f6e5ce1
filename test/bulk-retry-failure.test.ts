import pg from 'pg';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createScheduler, type SchedulerHandlers } from '../src/jobs/registry.ts';
import { BulkRetryOperation, BulkRetryProgress } from './documents.ts';
import { eventually, subscribe, useTestApp, wsClient } from './helpers/app.ts';
import { createTestDatabase, queryDatabase } from './helpers/database.ts';

const fixture = useTestApp();

describe('a bulk retry that cannot finish', () => {
  it('ends FAILED with its error, and its progress subscription completes', async () => {
    const { t, databaseUrl } = fixture;
    // A filter no run of the job can parse (a status that does not exist), stored as an older
    // version might have left it.
    await queryDatabase(databaseUrl, `INSERT INTO bulk_retry (id, filter, total, max_seq) VALUES ('blk_broken', '{"status":["LOST"]}', 3, 0)`);
    const ws = wsClient(t.app);
    const progress = subscribe(ws, BulkRetryProgress, { id: 'blk_broken' });
    await t.app.services.scheduler.startBulkRetry('blk_broken');
    const seen = await progress.waitFor((items) => items.at(-1)?.bulkRetryProgress.status === 'FAILED', 15_000);
    expect(seen.at(-1)?.bulkRetryProgress.error).toMatch(/stored filter is no longer valid/);
    await eventually(async () => (progress.completed ? true : undefined), 5_000, 'the subscription to complete');
    const { bulkRetryOperation } = await t.gql(BulkRetryOperation, { id: 'blk_broken' });
    expect(bulkRetryOperation?.finishedAt).not.toBeNull();
    await ws.dispose();
  });

  it('hands a job that failed its last try to bulkRetryExhausted, once', async () => {
    // A database of its own: the fixture app's Agenda would take the retries of this job.
    const database = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: database.url, max: 3 });
    const runs: string[] = [];
    const exhausted: Array<{ id: string; message: string }> = [];
    const handlers: SchedulerHandlers = {
      dispatch: () => undefined,
      sweep: async () => undefined,
      bulkRetry: async ({ bulkRetryId }) => {
        runs.push(bulkRetryId);
        throw new Error(`database gone (run ${runs.length})`);
      },
      bulkRetryExhausted: async ({ bulkRetryId }, error) => {
        exhausted.push({ id: bulkRetryId, message: error.message });
      },
      sendAlerts: async () => undefined,
      purgeExpired: async () => undefined,
    };
    const scheduler = createScheduler(pool, { sweepIntervalMs: 60_000, bulkRetryBackoff: { delayMs: 10, maxRetries: 2 } }, pino({ level: 'silent' }));
    try {
      await scheduler.start(handlers);
      await scheduler.startBulkRetry('blk_flaky');
      await eventually(async () => (exhausted.length > 0 ? true : undefined), 20_000, 'the retries to run out');
      expect(runs).toEqual(['blk_flaky', 'blk_flaky', 'blk_flaky']);
      expect(exhausted).toEqual([{ id: 'blk_flaky', message: 'database gone (run 3)' }]);
    } finally {
      await scheduler.stop();
      await pool.end();
      await database.drop();
    }
  });
});
