import { performance } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventStatus } from '../src/generated/prisma/enums.ts';
import { newId } from '../src/ids.ts';
import { purgeFinishedAlerts } from '../src/issues/alerts.ts';
import { purgeExpired, type RetentionOptions } from '../src/events/retention.ts';
import { useTestDatabase } from './helpers/database.ts';

const databaseUrl = useTestDatabase();
const logger = pino({ level: 'silent' });
const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-11-27T12:00:00.000Z');
const RETENTION_DAYS = 30;
const CUTOFF = new Date(NOW.getTime() - RETENTION_DAYS * DAY_MS);
const OLD = new Date(CUTOFF.getTime() - DAY_MS);
const YOUNG = new Date(CUTOFF.getTime() + DAY_MS);
const SOURCE = 'src_retention';
const CONNECTION = 'con_retention';

let pool: pg.Pool;
/** Open transactions a test holds locks with; rolled back after each test. */
const blockers: pg.PoolClient[] = [];

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: databaseUrl(), max: 4 });
  await pool.query(`INSERT INTO source (id, name) VALUES ($1, 'retention')`, [SOURCE]);
  await pool.query(`INSERT INTO destination (id, source_id, name, url) VALUES ('des_retention', $1, 'main', 'http://127.0.0.1:9/')`, [SOURCE]);
  await pool.query(
    `INSERT INTO connection (id, source_id, destination_id, name) VALUES ($1, $2, 'des_retention', 'main')`,
    [CONNECTION, SOURCE],
  );
});
beforeEach(async () => {
  await pool.query('TRUNCATE event_request, event, attempt, event_lease');
});
afterEach(async () => {
  for (const blocker of blockers.splice(0)) {
    await blocker.query('ROLLBACK');
    blocker.release();
  }
});
afterAll(async () => {
  await pool?.end();
});

interface EventSeed {
  status: EventStatus;
  lockedUntil?: Date;
  attempts?: number;
}

/** A request as publish stores it: id and received_at from the same instant. */
async function seedRequest(receivedAt: Date, events: EventSeed[] = [{ status: 'SUCCESSFUL', attempts: 1 }]): Promise<{ id: string; eventIds: string[] }> {
  const id = newId('req', receivedAt.getTime());
  await pool.query(`INSERT INTO event_request (id, source_id, headers, body, received_at) VALUES ($1, $2, '{}', '{}', $3)`, [
    id,
    SOURCE,
    receivedAt,
  ]);
  const eventIds: string[] = [];
  for (const event of events) {
    const eventId = newId('evt', receivedAt.getTime());
    eventIds.push(eventId);
    await pool.query(
      `INSERT INTO event (id, request_id, connection_id, source_id, status, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [eventId, id, CONNECTION, SOURCE, event.status, receivedAt],
    );
    if (event.lockedUntil) {
      await pool.query(`INSERT INTO event_lease (event_id, destination_id, locked_until) SELECT $1, destination_id, $3 FROM connection WHERE id = $2`, [
        eventId,
        CONNECTION,
        event.lockedUntil,
      ]);
    }
    for (let number = 1; number <= (event.attempts ?? 0); number++) {
      await pool.query(
        `INSERT INTO attempt (id, event_id, number, trigger, status, requested_at) VALUES ($1, $2, $3, 'INITIAL', $4, $5)`,
        [newId('atm', receivedAt.getTime()), eventId, number, event.status === 'SUCCESSFUL' ? 'SUCCESSFUL' : 'FAILED', receivedAt],
      );
    }
  }
  return { id, eventIds };
}

async function remainingRequests(): Promise<string[]> {
  return (await pool.query<{ id: string }>('SELECT id FROM event_request ORDER BY id')).rows.map((row) => row.id);
}

async function counts(): Promise<{ requests: number; events: number; attempts: number }> {
  const { rows } = await pool.query<{ requests: number; events: number; attempts: number }>(
    `SELECT (SELECT count(*) FROM event_request)::int AS requests, (SELECT count(*) FROM event)::int AS events,
            (SELECT count(*) FROM attempt)::int AS attempts`,
  );
  return rows[0];
}

function purge(options: Partial<RetentionOptions> = {}) {
  return purgeExpired({ pool, logger, retentionDays: RETENTION_DAYS, now: NOW, ...options });
}

/** A second session holding a row lock in an open transaction, as a running delivery or retry would. */
async function holdLock(sql: string, values: unknown[]): Promise<void> {
  const blocker = await pool.connect();
  blockers.push(blocker);
  await blocker.query('BEGIN');
  const { rowCount } = await blocker.query(sql, values);
  expect(rowCount).toBe(1);
}

describe('purgeExpired', () => {
  it('deletes expired requests whose events are all final, with their events and attempts, and keeps younger ones', async () => {
    const succeeded = await seedRequest(OLD, [{ status: 'SUCCESSFUL', attempts: 2 }]);
    const failed = await seedRequest(new Date(CUTOFF.getTime() - 1), [{ status: 'FAILED', attempts: 3 }, { status: 'CANCELLED' }]);
    const noEvents = await seedRequest(OLD, []);
    const atCutoff = await seedRequest(CUTOFF);
    const young = await seedRequest(YOUNG, [{ status: 'SUCCESSFUL', attempts: 1 }, { status: 'FAILED', attempts: 1 }]);

    const result = await purge();

    expect(result).toEqual({ requests: 3, events: 3, attempts: 5, batches: 1, complete: true });
    expect(await remainingRequests()).toEqual([atCutoff.id, young.id].sort());
    expect(await counts()).toEqual({ requests: 2, events: 3, attempts: 3 });
    const gone = [succeeded, failed, noEvents].flatMap((request) => request.eventIds);
    expect((await pool.query('SELECT id FROM event WHERE id = ANY($1)', [gone])).rowCount).toBe(0);
  });

  it('keeps an expired request while any of its events is pending or leased', async () => {
    const inFuture = new Date(Date.now() + 60_000);
    const kept = [
      await seedRequest(OLD, [{ status: 'QUEUED' }]),
      await seedRequest(OLD, [{ status: 'SCHEDULED', attempts: 1 }]),
      await seedRequest(OLD, [{ status: 'HOLD' }]),
      await seedRequest(OLD, [{ status: 'SUCCESSFUL', attempts: 1 }, { status: 'HOLD' }]),
      await seedRequest(OLD, [{ status: 'FAILED', attempts: 1, lockedUntil: inFuture }]),
    ];
    const expiredLease = await seedRequest(OLD, [{ status: 'FAILED', attempts: 1, lockedUntil: new Date(Date.now() - 1_000) }]);

    const result = await purge({ batchSize: 2 });

    expect(result).toMatchObject({ requests: 1, events: 1, attempts: 1, complete: true });
    expect(await remainingRequests()).toEqual(kept.map((request) => request.id).sort());
    expect(await remainingRequests()).not.toContain(expiredLease.id);
    // The final event of the half-pending request stays with it.
    expect(await counts()).toEqual({ requests: 5, events: 6, attempts: 3 });
  });

  it('keeps a request whose event was retried after the candidates were chosen', async () => {
    const retried = await seedRequest(OLD, [{ status: 'FAILED', attempts: 1 }]);
    const other = await seedRequest(new Date(OLD.getTime() + 1));
    // Lands the retry right after the candidate query, before the events are locked.
    const interleaving: RetentionOptions['pool'] = {
      connect: async () => {
        const client = await pool.connect();
        return new Proxy(client, {
          get(target, property) {
            if (property !== 'query') return Reflect.get(target, property, target);
            return async (text: string, values?: unknown[]) => {
              const result = await target.query(text, values);
              if (text.includes('FROM event_request r')) {
                await pool.query(`UPDATE event SET status = 'QUEUED', next_attempt_at = now() WHERE id = $1`, [retried.eventIds[0]]);
              }
              return result;
            };
          },
        });
      },
    };

    expect(await purge({ pool: interleaving })).toMatchObject({ requests: 1, events: 1, attempts: 1 });
    expect(await remainingRequests()).toEqual([retried.id]);
    expect(await remainingRequests()).not.toContain(other.id);
    expect(await counts()).toEqual({ requests: 1, events: 1, attempts: 1 });
  });

  it('works in transactions of batchSize requests', async () => {
    for (let i = 0; i < 5; i++) await seedRequest(new Date(OLD.getTime() + i));
    let transactions = 0;
    const counting: RetentionOptions['pool'] = {
      connect: () => {
        transactions += 1;
        return pool.connect();
      },
    };

    const result = await purge({ pool: counting, batchSize: 2 });

    expect(result).toEqual({ requests: 5, events: 5, attempts: 5, batches: 3, complete: true });
    expect(transactions).toBe(3);
    expect(await counts()).toEqual({ requests: 0, events: 0, attempts: 0 });
  });

  it('stops starting batches when its time budget is spent, and the next run goes on', async () => {
    for (let i = 0; i < 5; i++) await seedRequest(new Date(OLD.getTime() + i));

    expect(await purge({ batchSize: 2, timeBudgetMs: 0 })).toEqual({ requests: 2, events: 2, attempts: 2, batches: 1, complete: false });
    expect((await counts()).requests).toBe(3);
    expect(await purge({ batchSize: 2 })).toMatchObject({ requests: 3, complete: true });
  });

  it('skips rows another transaction has locked instead of waiting, and removes them on a later run', async () => {
    // Oldest first, so the locked ones sit in the first batch and the run has to get past them.
    const lockedEvent = await seedRequest(new Date(OLD.getTime() - 2));
    const lockedRequest = await seedRequest(new Date(OLD.getTime() - 1));
    for (let i = 0; i < 4; i++) await seedRequest(new Date(OLD.getTime() + i));
    await holdLock('SELECT id FROM event WHERE id = $1 FOR UPDATE', [lockedEvent.eventIds[0]]);
    // Inserting an event for a request holds this lock on it until commit.
    await holdLock('SELECT id FROM event_request WHERE id = $1 FOR KEY SHARE', [lockedRequest.id]);
    // Waiting for either lock would run into this timeout and fail the purge.
    const impatient = new pg.Pool({ connectionString: databaseUrl(), max: 1, statement_timeout: 500 });
    try {
      const result = await purge({ pool: impatient, batchSize: 2, lockTimeoutMs: 5_000 });

      expect(result).toMatchObject({ requests: 4, events: 4, attempts: 4, complete: true });
      expect(await remainingRequests()).toEqual([lockedEvent.id, lockedRequest.id].sort());

      for (const blocker of blockers.splice(0)) {
        await blocker.query('COMMIT');
        blocker.release();
      }
      expect(await purge({ pool: impatient })).toMatchObject({ requests: 2, events: 2, attempts: 2 });
      expect(await counts()).toEqual({ requests: 0, events: 0, attempts: 0 });
    } finally {
      await impatient.end();
    }
  });

  it('gives up a batch that would wait for a lock longer than lockTimeoutMs and goes on with the next', async () => {
    const blocked = await seedRequest(new Date(OLD.getTime() - 1));
    const sameBatch = await seedRequest(OLD);
    for (let i = 1; i <= 2; i++) await seedRequest(new Date(OLD.getTime() + i));
    await holdLock('SELECT id FROM attempt WHERE event_id = $1 FOR UPDATE', [blocked.eventIds[0]]);

    const result = await purge({ batchSize: 2, lockTimeoutMs: 100 });

    // The first batch rolled back whole; the second deleted its two.
    expect(result).toMatchObject({ requests: 2, events: 2, attempts: 2, complete: true });
    expect(await remainingRequests()).toEqual([blocked.id, sameBatch.id].sort());
  });

  it('finds every batch through an index', async () => {
    await seedBulk(2_000, OLD);
    await seedBulk(2_000, YOUNG);
    await seedRequest(OLD, [{ status: 'HOLD' }]);
    await pool.query('ANALYZE event_request, event, attempt');
    const plans: string[] = [];
    const explaining = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
    explaining.on('connect', (client) => {
      client.on('notice', (notice) => {
        if (notice.message?.includes('Query Text')) plans.push(notice.message);
      });
      // auto_explain reports the plans of the very statements purgeExpired sends, the foreign
      // keys' cascades included. On tables this small a sequential scan is rightly cheapest;
      // priced out, one still shows up only where no index can serve the statement.
      void client.query(
        `LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_level = notice;
         SET auto_explain.log_nested_statements = on; SET auto_explain.log_parameter_max_length = 0;
         SET enable_seqscan = off`,
      );
    });
    try {
      expect(await purge({ pool: explaining, batchSize: 500 })).toMatchObject({ requests: 2_000, batches: 5, complete: true });
    } finally {
      await explaining.end();
    }

    const distinct = [...new Set(plans.map((plan) => plan.replace(/^duration: [\d.]+ ms\s+plan:\n/, '').replace(/'(req|evt)_\w+'|'\{[^}]*\}'/g, "'…'")))];
    expect(distinct.length).toBeGreaterThanOrEqual(5);
    for (const plan of distinct) expect(unboundedScans(plan), plan).toEqual([]);
    const candidates = distinct.filter((plan) => plan.includes('SKIP LOCKED') && plan.includes('FROM event_request r'));
    expect(candidates.length).toBeGreaterThan(0);
    // Walking the index in order, not sorting every expired request on each batch.
    for (const plan of candidates) expect(plan).toMatch(/Index Scan using \w+ on event_request r[\s\S]*Index Cond: .*received_at/);
    for (const plan of candidates) expect(plan).not.toMatch(/^\s*->\s+Sort\b/m);
    if (process.env.RETENTION_PRINT_PLANS) console.log(distinct.join('\n'));
  });

  it('deletes 10,000 expired requests with their events and attempts in reasonable time', async () => {
    await seedBulk(10_000, OLD);
    await seedBulk(1_000, YOUNG);
    await pool.query('ANALYZE event_request, event, attempt');

    const started = performance.now();
    const result = await purge();
    const elapsedMs = performance.now() - started;

    expect(result).toEqual({ requests: 10_000, events: 10_000, attempts: 10_000, batches: 21, complete: true });
    expect(await counts()).toEqual({ requests: 1_000, events: 1_000, attempts: 1_000 });
    console.log(`[retention] 10,000 requests + 10,000 events + 10,000 attempts deleted in ${Math.round(elapsedMs)} ms (batches of 500)`);
    // Generous for a shared 2-core machine; a plan gone wrong (a scan per batch) takes far longer.
    expect(elapsedMs).toBeLessThan(15_000);
  });
});

/** `count` requests at `receivedAt` (one millisecond apart), each with one successful event and its attempt. */
async function seedBulk(count: number, receivedAt: Date): Promise<void> {
  const times = Array.from({ length: count }, (_, i) => new Date(receivedAt.getTime() + i));
  const requestIds = times.map((time) => newId('req', time.getTime()));
  const eventIds = times.map((time) => newId('evt', time.getTime()));
  const attemptIds = times.map((time) => newId('atm', time.getTime()));
  await pool.query(
    `INSERT INTO event_request (id, source_id, headers, body, received_at)
     SELECT id, $2, '{}', '{"bulk":true}', at FROM unnest($1::text[], $3::timestamptz[]) AS r(id, at)`,
    [requestIds, SOURCE, times],
  );
  await pool.query(
    `INSERT INTO event (id, request_id, connection_id, source_id, status, attempt_count, created_at)
     SELECT id, request_id, $3, $4, 'SUCCESSFUL', 1, at FROM unnest($1::text[], $2::text[], $5::timestamptz[]) AS e(id, request_id, at)`,
    [eventIds, requestIds, CONNECTION, SOURCE, times],
  );
  await pool.query(
    `INSERT INTO attempt (id, event_id, number, trigger, status, requested_at, response_status, response_body)
     SELECT id, event_id, 1, 'INITIAL', 'SUCCESSFUL', at, 200, 'ok' FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS a(id, event_id, at)`,
    [attemptIds, eventIds, times],
  );
}

/**
 * Plan nodes that read a whole table or index: a sequential scan, or an index scan without an
 * Index Cond (which would be a full pass in index order).
 */
function unboundedScans(plan: string): string[] {
  const nodes = plan.split(/\n(?=\s*->)/);
  return nodes
    .filter((node) => /Seq Scan/.test(node) || (/(Index Scan|Index Only Scan|Bitmap Index Scan) using/.test(node) && !/Index Cond:/.test(node)))
    .map((node) => node.split('\n')[0].trim());
}

describe('purgeFinishedAlerts', () => {
  it('deletes expired alerts that were sent or given up, and keeps pending and younger ones', async () => {
    await pool.query('TRUNCATE alert');
    await pool.query(
      `INSERT INTO alert (id, type, subject_id, created_at, sent_at, next_attempt_at) VALUES
         ('alr_old_sent', 'issue.opened', 'iss_x', $1, $1, NULL),
         ('alr_old_given_up', 'issue.opened', 'iss_x', $1, NULL, NULL),
         ('alr_old_pending', 'issue.opened', 'iss_x', $1, NULL, $1),
         ('alr_young_sent', 'issue.opened', 'iss_x', $2, $2, NULL)`,
      [OLD, YOUNG],
    );
    expect(await purgeFinishedAlerts(pool, CUTOFF)).toBe(2);
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM alert ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(['alr_old_pending', 'alr_young_sent']);
  });
});
