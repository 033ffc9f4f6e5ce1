import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../src/delivery/attempt.ts';
import { createDispatchPool } from '../src/db/pools.ts';
import { claimDueEvents, recordAttemptResults, releaseLeases } from '../src/events/lifecycle.sql.ts';
import { useTestDatabase } from './helpers/database.ts';

/**
 * Leases live in event_lease (their own rows), not in the event: nothing about the event row
 * tells a claim that another one took it. The lease's insert has to.
 */
const databaseUrl = useTestDatabase();
let pool: pg.Pool;
const EVENTS = 2_000;

beforeAll(async () => {
  pool = createDispatchPool(databaseUrl(), 8);
  await pool.query(`INSERT INTO source (id, name) VALUES ('src_lease', 'lease')`);
  await pool.query(`INSERT INTO destination (id, source_id, name, url) VALUES ('des_lease', 'src_lease', 'main', 'http://127.0.0.1:9/')`);
  await pool.query(`INSERT INTO connection (id, source_id, destination_id, name) VALUES ('con_lease', 'src_lease', 'des_lease', 'main')`);
  await pool.query(`INSERT INTO event_request (id, source_id, headers, body) VALUES ('req_lease', 'src_lease', '{}', '{}')`);
});
beforeEach(async () => {
  await pool.query('TRUNCATE event, event_lease CASCADE');
});
afterAll(() => pool?.end());

/** `count` events due a second ago, `evt_lease_1`… in due order. */
async function seedDue(count: number): Promise<void> {
  await pool.query(
    `INSERT INTO event (id, request_id, connection_id, source_id, status, next_attempt_at)
     SELECT 'evt_lease_' || i, 'req_lease', 'con_lease', 'src_lease', 'QUEUED', now() - interval '1 second' + i * interval '1 microsecond'
       FROM generate_series(1, $1) AS i`,
    [count],
  );
}
const leases = async () => (await pool.query<{ event_id: string; live: boolean }>('SELECT event_id, locked_until > now() AS live FROM event_lease ORDER BY event_id')).rows;

describe('leases', () => {
  it('give each due event to one claim only, with eight claiming at once', async () => {
    await seedDue(EVENTS);
    const claims = new Map<string, number>();
    const deadline = Date.now() + 20_000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (claims.size < EVENTS && Date.now() < deadline) {
          for (const event of await claimDueEvents(pool, 25, 60_000)) claims.set(event.id, (claims.get(event.id) ?? 0) + 1);
        }
      }),
    );
    expect(claims.size).toBe(EVENTS);
    expect([...claims.values()].filter((times) => times > 1)).toEqual([]);
    expect(await leases()).toHaveLength(EVENTS);
  });

  it('take over a lease that ran out, and leave one that has not', async () => {
    await seedDue(2);
    await pool.query(`INSERT INTO event_lease (event_id, destination_id, locked_until) VALUES
      ('evt_lease_1', 'des_lease', now() - interval '1 second'), ('evt_lease_2', 'des_lease', now() + interval '1 minute')`);
    expect((await claimDueEvents(pool, 10, 60_000)).map((event) => event.id)).toEqual(['evt_lease_1']);
    expect(await leases()).toEqual([
      { event_id: 'evt_lease_1', live: true },
      { event_id: 'evt_lease_2', live: true },
    ]);
    expect(await claimDueEvents(pool, 10, 60_000)).toEqual([]);
  });

  it('end with the outcome, or when the event is given back (due later, or as it was)', async () => {
    await seedDue(3);
    const [first, second, third] = await claimDueEvents(pool, 10, 60_000);
    const later = new Date(Date.now() + 60_000);
    await releaseLeases(pool, [
      { id: second!.id, dueAt: later },
      { id: third!.id, dueAt: null },
    ]);
    await recordAttemptResults(pool, [{ eventId: first!.id, eventStatus: 'SUCCESSFUL', number: 1, responseStatus: 200, nextAttemptAt: null } as AttemptRecord]);
    expect(await leases()).toEqual([]);
    const { rows } = await pool.query<{ id: string; status: string; due: Date | null }>('SELECT id, status, next_attempt_at AS due FROM event ORDER BY id');
    expect(rows).toEqual([
      { id: first!.id, status: 'SUCCESSFUL', due: null },
      { id: second!.id, status: 'QUEUED', due: later },
      { id: third!.id, status: 'QUEUED', due: third!.nextAttemptAt },
    ]);
    // The one given back as it was is due again now; the other waits.
    expect((await claimDueEvents(pool, 10, 60_000)).map((event) => event.id)).toEqual([third!.id]);
  });
});
