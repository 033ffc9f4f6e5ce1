import { getCreateIndexesSQL, getCreateTableSQL, getUpdateTimestampTriggerSQL, PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, backoffStrategies, type Job } from 'agenda';
import type pg from 'pg';
import type { Logger } from 'pino';
import { withTransaction } from '../db/transaction.ts';

/**
 * Agenda decides when work runs; our tables say what is due. Deliveries are claimed by the
 * dispatcher straight from the event table, so Agenda carries only wake-ups (at a retry's due
 * time, and a periodic sweep that also finds events whose process died mid-attempt) and the
 * rare background work that must survive a restart: bulk retries, alert sending, retention.
 */
const DISPATCH_JOB = 'dispatch';
const SWEEP_JOB = 'sweep-deliveries';
const BULK_RETRY_JOB = 'bulk-retry';
const ALERT_JOB = 'send-alerts';
const RETENTION_JOB = 'purge-expired';

/** The job bodies, plain functions of their payload (jobs/*.ts); this module only schedules them. */
export interface SchedulerHandlers {
  /** Something may be due: claim and deliver it. Returns at once. */
  dispatch(): void;
  /** The periodic sweep: dispatch, and alerts a crash left behind. */
  sweep(): Promise<void>;
  /** Runs a bulk retry to its end; `heartbeat` keeps the job's lock while it runs. */
  bulkRetry(payload: { bulkRetryId: string }, heartbeat: () => Promise<void>): Promise<void>;
  /** A bulk retry's job failed its last try. */
  bulkRetryExhausted(payload: { bulkRetryId: string }, error: Error): Promise<void>;
  /** Sends the alerts that are due (the alert table is the outbox). */
  sendAlerts(): Promise<void>;
  purgeExpired(): Promise<void>;
}

export interface SchedulerOptions {
  /** HOOKRELAY_RECOVERY_INTERVAL_MS: how often the sweep runs. */
  sweepIntervalMs: number;
  /** Tries of a failing bulk-retry job before it ends FAILED: first wait, doubling. Default 2 s, 10 tries. */
  bulkRetryBackoff?: { delayMs: number; maxRetries: number };
}

export interface Scheduler {
  /** Wakes some process's dispatch at `at` even if this process is gone by then. */
  wakeDispatch(at: Date): void;
  startBulkRetry(id: string): Promise<void>;
  /** Runs the alert sender now, or at `at`. */
  wakeAlerts(at?: Date): void;
  start(handlers: SchedulerHandlers): Promise<void>;
  stop(): Promise<void>;
}

type BulkRetryPayload = { bulkRetryId: string };

const BULK_RETRY_LOCK_MS = 5 * 60_000;
const RETENTION_INTERVAL_MS = 60 * 60_000;

/** Agenda on `pool` (db/pools.ts), which the caller ends after stop(). */
export function createScheduler(pool: pg.Pool, options: SchedulerOptions, logger: Logger): Scheduler {
  const bulkRetryBackoff = options.bulkRetryBackoff ?? { delayMs: 2_000, maxRetries: 10 };
  // Agenda creates its table on connect without a lock, and two processes starting together
  // collide on it; start() creates it under an advisory lock instead.
  const backend = new PostgresBackend({ pool, ensureSchema: false });
  // Its LISTEN connection emits 'error' when the database goes away (a restart, or shutdown
  // order); unhandled, that would crash the process. It reconnects by itself.
  backend.notificationChannel?.on('error', (error: Error) => logger.warn({ err: error.message }, 'Agenda notification channel error'));
  const agenda = new Agenda({
    backend,
    processEvery: 1_000,
    defaultConcurrency: 5,
    maxConcurrency: 20,
    // Finished one-off jobs would only grow Agenda's table; our tables keep the history.
    removeOnComplete: true,
  });
  // Durable wakes already asked for, by second: a burst of retries due together makes one job.
  const wakes = new Set<number>();

  return {
    wakeDispatch(at) {
      const second = Math.ceil(at.getTime() / 1000);
      if (wakes.has(second)) return;
      wakes.add(second);
      for (const past of wakes) if (past * 1000 < Date.now()) wakes.delete(past);
      agenda.schedule(new Date(second * 1000), DISPATCH_JOB, {}).catch((error: unknown) => {
        wakes.delete(second);
        logger.warn({ err: error }, 'could not schedule a durable dispatch wake; the periodic sweep will cover it');
      });
    },
    async startBulkRetry(id) {
      await agenda.now(BULK_RETRY_JOB, { bulkRetryId: id });
    },
    wakeAlerts(at) {
      const queued = at && at.getTime() > Date.now() ? agenda.schedule(at, ALERT_JOB, {}) : agenda.now(ALERT_JOB, {});
      queued.catch((error: unknown) => logger.warn({ err: error }, 'could not wake the alert sender; the periodic sweep will'));
    },
    async start(handlers) {
      agenda.define(DISPATCH_JOB, async () => handlers.dispatch());
      agenda.define(SWEEP_JOB, () => handlers.sweep());
      agenda.define<BulkRetryPayload>(BULK_RETRY_JOB, (job: Job<BulkRetryPayload>) => handlers.bulkRetry(job.attrs.data, () => job.touch()), {
        lockLifetime: BULK_RETRY_LOCK_MS,
        concurrency: 2,
        backoff: backoffStrategies.exponential({ delay: bulkRetryBackoff.delayMs, maxRetries: bulkRetryBackoff.maxRetries }),
      });
      agenda.on(`retry exhausted:${BULK_RETRY_JOB}`, (error: Error, job: Job) => {
        handlers.bulkRetryExhausted(job.attrs.data as BulkRetryPayload, error).catch((failure: unknown) => logger.error({ err: failure }, 'could not mark an exhausted bulk retry FAILED'));
      });
      // Retries are the alert rows' own (next_attempt_at): the job only wakes the sender.
      agenda.define(ALERT_JOB, () => handlers.sendAlerts());
      agenda.define(RETENTION_JOB, () => handlers.purgeExpired(), { lockLifetime: RETENTION_INTERVAL_MS });
      await ensureAgendaSchema(pool);
      await agenda.start();
      await agenda.every(options.sweepIntervalMs, SWEEP_JOB);
      await agenda.every(RETENTION_INTERVAL_MS, RETENTION_JOB);
      // Due events are claimed at start, without waiting for the first sweep.
      handlers.dispatch();
    },
    async stop() {
      // Agenda's stop() was seen to hang; never let it block shutdown.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          logger.warn('Agenda did not stop within 5 s; closing its connections anyway');
          resolve();
        }, 5_000);
      });
      await Promise.race([agenda.stop(false), timeout]).catch((error: unknown) => logger.warn({ err: error }, 'agenda stop failed'));
      clearTimeout(timer);
    },
  };
}

const AGENDA_TABLE = 'agenda_jobs';
// Any constant distinct from the migrator's lock (72707369).
const AGENDA_SCHEMA_LOCK = 72707370;

/** Agenda's own DDL, run by one process at a time. */
async function ensureAgendaSchema(pool: pg.Pool): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [AGENDA_SCHEMA_LOCK]);
    await client.query(getCreateTableSQL(AGENDA_TABLE));
    for (const sql of getCreateIndexesSQL(AGENDA_TABLE)) await client.query(sql);
    await client.query(getUpdateTimestampTriggerSQL(AGENDA_TABLE));
  });
}
