import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDispatchPool, createMainPool } from '../src/db/pools.ts';
import { findPublishTargets } from '../src/events/publish-target.sql.ts';
import { UpsertConnection } from './documents.ts';
import { useTestApp } from './helpers/app.ts';

const fixture = useTestApp();
const pools: pg.Pool[] = [];
afterAll(() => Promise.all(pools.map((pool) => pool.end())));

interface PlanCounts {
  generic_plans: string;
  custom_plans: string;
}

describe('named statements on the app pools', () => {
  it.each([
    ['main', createMainPool],
    ['dispatch', createDispatchPool],
  ])('are planned once per session on the %s pool, not again for each call', async (_name, create) => {
    await fixture.t.gql(UpsertConnection, { input: { name: 'plans', source: { name: 'plans' }, destination: { name: 'plans', url: 'http://127.0.0.1:9/x' } } });
    const pool = create(fixture.databaseUrl, 1);
    pools.push(pool);
    const client = await pool.connect();
    try {
      // Batches of different sizes, as concurrent publishes make them: PostgreSQL planned each one
      // again for its values, because the generic plan of a few names' `unnest` looked costlier.
      for (let size = 1; size <= 8; size += 1) {
        const answers = await findPublishTargets(client, Array.from({ length: size }, (_, i) => ({ sourceName: i ? `absent-${i}` : 'plans', eventType: null })));
        expect(answers[0]?.connections.map((connection) => connection.name)).toEqual(['plans']);
      }
      const { rows } = await client.query<PlanCounts>(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'find-publish-targets'`);
      expect(rows).toEqual([{ generic_plans: '8', custom_plans: '0' }]);
    } finally {
      client.release();
    }
  });
});
