import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_SQL } from '../src/events/lifecycle.sql.ts';
import { createDispatchPool } from '../src/db/pools.ts';
import { PauseConnection } from './documents.ts';
import { useTestApp } from './helpers/app.ts';
import { deliveryFlows } from './helpers/flows.ts';

const fixture = useTestApp();
const { connect } = deliveryFlows(() => fixture.t, 'plan');
const BACKLOG = 20_000;
let client: pg.PoolClient;
let pool: pg.Pool;

interface PlanNode {
  'Node Type': string;
  Alias?: string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Subplan Name'?: string;
  Filter?: string;
  'Join Type'?: string;
  Plans?: PlanNode[];
}
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

beforeAll(async () => {
  // Paused: this process's dispatcher leaves the backlog alone; a plan does not depend on that.
  const connection = await connect('http://127.0.0.1:9/in');
  await fixture.t.gql(PauseConnection, { id: connection.id });
  // The dispatcher's own pool, whose session settings the claim's plan depends on.
  pool = createDispatchPool(fixture.databaseUrl, 1);
  client = await pool.connect();
  await client.query(
    `WITH request AS (INSERT INTO event_request (id, source_id, headers, body) VALUES ('req_plan', $1, '{}', '{}') RETURNING id)
     INSERT INTO event (id, request_id, connection_id, source_id, status)
     SELECT 'evt_plan_' || g, request.id, $2, $1, 'HOLD' FROM request, generate_series(1, $3) g`,
    [connection.source.id, connection.id, BACKLOG],
  );
  // Statistics taken while a quarter of the events were due and the rest held, then all of them
  // released: the state after a pause or an outage, before autovacuum looks again.
  await client.query(`UPDATE event SET status = 'QUEUED', next_attempt_at = now() WHERE id IN (SELECT id FROM event WHERE id LIKE 'evt_plan_%' LIMIT 5000)`);
  await client.query('ANALYZE event');
  await client.query(`UPDATE event SET status = 'QUEUED', next_attempt_at = now() WHERE id LIKE 'evt_plan_%'`);
});

afterAll(async () => {
  client?.release();
  await pool?.end();
});

/**
 * The nodes of the claim's due CTE, planned without its values as the dispatcher's sessions plan it
 * (db/pools.ts), in a transaction that `prepare` may change first (rolled back).
 */
async function duePlan(prepare?: string): Promise<PlanNode[]> {
  await client.query('BEGIN');
  try {
    if (prepare) await client.query(prepare);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON, GENERIC_PLAN) ${CLAIM_SQL}`);
    const due = nodes(rows[0]['QUERY PLAN'][0].Plan).find((node) => node['Subplan Name'] === 'CTE due');
    expect(due, 'the plan has the due CTE').toBeDefined();
    return nodes(due as PlanNode);
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('claiming from a large backlog', () => {
  it('reads the due index in order and stops at its limit, even with statistics from before the backlog was released', async () => {
    const plan = await duePlan();
    // Before: a bitmap scan of every due event and a sort of all of them, for each claim.
    expect(plan.map((node) => node['Node Type'])).not.toContain('Sort');
    expect(plan.find((node) => node['Relation Name'] === 'event' && node.Alias !== 'p')).toMatchObject({ 'Node Type': 'Index Scan', 'Index Name': 'event_due_idx' });
  });

  it('checks the lease of each event it reads before its connection, not in a join after', async () => {
    const plan = await duePlan();
    const scan = plan.find((node) => node['Index Name'] === 'event_due_idx');
    // As an anti-join above the scan, the lease check ran after the costlier connection check.
    expect(plan.filter((node) => node['Join Type'] === 'Anti')).toEqual([]);
    expect(scan?.Filter).toMatch(/\(NOT EXISTS\(SubPlan \d+\)\) AND \(SubPlan \d+\)/);
  });

  it("checks an ordered connection's earlier pending events on the index of pending events, not its whole history", async () => {
    // Most of the connection's history delivered, as it is on a connection that has run a while.
    const plan = await duePlan(`UPDATE connection SET ordered = true WHERE name LIKE 'plan%';
      UPDATE event SET status = 'SUCCESSFUL', next_attempt_at = NULL WHERE id IN (SELECT id FROM event WHERE id LIKE 'evt_plan_%' ORDER BY seq LIMIT 19000);
      ANALYZE event`);
    // Before: each due event scanned every earlier event of its connection, delivered ones included.
    expect(plan.find((node) => node['Relation Name'] === 'event' && node.Alias === 'p')).toMatchObject({ 'Index Name': 'event_pending_idx' });
  });

  it("checks a failing destination's leases in the lease table, not among its pending events", async () => {
    const plan = await duePlan(`UPDATE destination SET consecutive_failures = 3 WHERE name LIKE 'plan%';
      INSERT INTO event_lease (event_id, destination_id, locked_until)
        SELECT e.id, c.destination_id, now() + interval '1 minute' FROM event e JOIN connection c ON c.id = e.connection_id WHERE e.id LIKE 'evt_plan_%' LIMIT 1;
      ANALYZE event_lease`);
    // Leases in the event row once needed an index of their own: without it, each due event of a
    // failing destination read all the destination's pending events.
    expect(plan.filter((node) => node['Relation Name'] === 'event' && node.Alias === 'l')).toEqual([]);
    expect(plan.some((node) => node['Relation Name'] === 'event_lease')).toBe(true);
    expect(plan.map((node) => node['Node Type'])).not.toContain('Sort');
  });
});
