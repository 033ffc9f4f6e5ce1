import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { DELIVERABLE } from './deliverable.ts';

/**
 * Agenda decides when work runs; our event table says what is due. One `deliver-event` job per
 * attempt carries only the event id, and a recovery job reschedules due events that lost their job
 * (a crash between our commit and Agenda's insert, which cannot share a transaction).
 */
const DELIVER_JOB = 'deliver-event';
const RECOVER_JOB = 'recover-deliveries';

export interface ScheduledDelivery {
  eventId: string;
  at: Date;
}

export interface DeliveryScheduler {
  /** A time in the past means now. */
  schedule(deliveries: ScheduledDelivery[]): Promise<void>;
  /** Gives every due event without a live job a new one; returns how many it rescheduled. */
  recoverStranded(): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  databaseUrl: string;
  config: Config;
  logger: Logger;
  deliver(eventId: string): Promise<void>;
}

// Events due for longer than this without a live job are stranded; younger ones may still be
// between our commit and Agenda's insert.
const STRANDED_AFTER_MS = 2_000;

export function createDeliveryScheduler(options: SchedulerOptions): DeliveryScheduler {
  const { config, logger } = options;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: config.dbPoolSize, allowExitOnIdle: true });
  pool.on('error', (error) => logger.warn({ err: error.message }, 'scheduler pool connection error'));
  const backend = new PostgresBackend({ pool });
  // Its LISTEN connection emits 'error' when the database goes away (a restart, or shutdown
  // order); unhandled, that would crash the process. It reconnects by itself.
  backend.notificationChannel?.on('error', (error: Error) => logger.warn({ err: error.message }, 'Agenda notification channel error'));
  const agenda = new Agenda({
    backend,
    // LISTEN/NOTIFY wakes Agenda for new jobs at once; polling only finds retries coming due.
    processEvery: 500,
    defaultConcurrency: config.concurrency,
    maxConcurrency: config.concurrency,
    // Per process, so several processes on one database share the queue instead of one taking all.
    lockLimit: config.concurrency,
    defaultLockLifetime: config.deliveryTimeoutMs + 60_000,
    // Our tables keep the history; finished jobs would only grow Agenda's table.
    removeOnComplete: true,
  });

  agenda.define<{ eventId: string }>(DELIVER_JOB, async (job) => options.deliver(job.attrs.data.eventId), {
    concurrency: config.concurrency,
    lockLimit: config.concurrency,
  });

  async function recoverStranded(): Promise<number> {
    const { rows } = await pool.query<{ id: string; next_attempt_at: Date }>(
      `SELECT e.id, e.next_attempt_at FROM event e
        WHERE e.next_attempt_at <= now() - make_interval(secs => $1::double precision / 1000)
          AND ${DELIVERABLE}
          AND NOT EXISTS (
            SELECT 1 FROM agenda_jobs j
             WHERE j.name = $2 AND j.data->>'eventId' = e.id
               AND (j.next_run_at IS NOT NULL OR j.locked_at IS NOT NULL))
        ORDER BY e.next_attempt_at
        LIMIT 5000`,
      [STRANDED_AFTER_MS, DELIVER_JOB],
    );
    if (rows.length > 0) {
      await schedule(rows.map((row) => ({ eventId: row.id, at: new Date() })));
      logger.warn({ count: rows.length }, 'rescheduled due events that had no live delivery job');
    }
    return rows.length;
  }

  agenda.define(RECOVER_JOB, async () => {
    await recoverStranded();
  });

  async function schedule(deliveries: ScheduledDelivery[]): Promise<void> {
    const now = Date.now();
    await Promise.all(
      deliveries.map(({ eventId, at }) =>
        at.getTime() <= now ? agenda.now(DELIVER_JOB, { eventId }) : agenda.schedule(at, DELIVER_JOB, { eventId }),
      ),
    );
  }

  return {
    schedule,
    recoverStranded,
    async start() {
      await agenda.start();
      // The recovery query looks jobs up by event id.
      await pool
        .query(`CREATE INDEX IF NOT EXISTS agenda_jobs_event_id_idx ON agenda_jobs ((data->>'eventId')) WHERE name = '${DELIVER_JOB}'`)
        .catch((error: unknown) => logger.debug({ err: error }, 'agenda event index exists already'));
      await recoverStranded();
      await agenda.every(config.recoveryIntervalMs, RECOVER_JOB);
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
      await pool.end().catch(() => undefined);
    },
  };
}
