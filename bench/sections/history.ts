import pg from 'pg';
import { withHookrelay, type BenchContext } from '../context.ts';
import type { Hookrelay } from '../hookrelay.ts';
import { seedHistory } from '../seed-history.ts';
import { clock, summarize, type Summary } from '../stats.ts';
import { sourceWithConnections } from './sources.ts';

/**
 * History: the first page of `events(filter: { sourceName }, first: 50)` over GraphQL, timed one
 * query after another, with BENCH_HISTORY_SMALL_ROWS (10k) and then BENCH_HISTORY_ROWS (1M)
 * events stored for that source. Keyset pagination should make the two nearly equal.
 */
const EVENTS = `query($filter: EventFilter, $first: Int) {
  events(filter: $filter, first: $first) {
    edges { cursor node { id status attemptCount createdAt connection { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const STATS = `query($name: String!) {
  source(name: $name) { connections(first: 1) { edges { node { destination { stats { successful failed pending successRate latencyP50Ms latencyP95Ms } } } } } }
}`;
// A day of per-minute rows for every destination of the source, as a busy day would leave them.
const SEED_STATS = `
INSERT INTO delivery_stats_minute (destination_id, minute, successful, failed, latency, last_success_at, last_failure_at)
SELECT c.destination_id, m, 600, 6, ARRAY[0, 5, 60, 200, 200, 100, 25, 10, 5, 1, 0, 0, 0, 0, 0, 0], m, m
  FROM connection c CROSS JOIN generate_series(date_trunc('minute', now()) - interval '1439 minutes', date_trunc('minute', now()), interval '1 minute') m
 WHERE c.source_id = $1
ON CONFLICT DO NOTHING`;
const CONNECTIONS = 10;
const WARMUP = 30;

interface EventsPage {
  events: { edges: { node: { id: string } }[] };
}

interface StatsPage {
  source: { connections: { edges: { node: { destination: { stats: { successful: number } } } }[] } };
}

/** Destination.stats over the default day, timed one query after another. */
async function timeStats(app: Hookrelay, source: string, count: number): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < count + WARMUP; i++) {
    const started = clock();
    const page = await app.gql<StatsPage>(STATS, { name: source });
    if (i >= WARMUP) samples.push(clock() - started);
    if (!(page.source.connections.edges[0]?.node.destination.stats.successful > 0)) throw new Error('expected the seeded stats');
  }
  return summarize(samples);
}

async function timeQueries(app: Hookrelay, source: string, count: number): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < count + WARMUP; i++) {
    const started = clock();
    const page = await app.gql<EventsPage>(EVENTS, { filter: { sourceName: source }, first: 50 });
    if (i >= WARMUP) samples.push(clock() - started);
    if (page.events.edges.length !== 50) throw new Error(`expected a page of 50 events, got ${page.events.edges.length}`);
  }
  return summarize(samples);
}

export function history(ctx: BenchContext) {
  const { historyRows, historySmallRows, historyQueries } = ctx.options;
  return withHookrelay(ctx, 'history', async (app, databaseUrl) => {
    const source = 'bench-history';
    await sourceWithConnections(app, source, CONNECTIONS, ctx.receiver.url);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>('SELECT id FROM source WHERE name = $1', [source]);
      const sourceId = rows[0].id;
      await client.query(SEED_STATS, [sourceId]);
      // Stored history lies in the past: one request per ms, ending a day ago.
      const requests = (events: number) => Math.ceil(events / CONNECTIONS);
      const baseMs = Date.now() - 86_400_000 - requests(historyRows);
      const tiers: { events: number; seedMs: number; queryMs: Summary; statsMs: Summary }[] = [];
      let stored = 0;
      for (const target of [historySmallRows, historyRows]) {
        const started = Date.now();
        stored += await seedHistory(client, sourceId, baseMs, requests(stored), requests(target), ({ events, ms }) =>
          ctx.log(`history: seeded ${stored + events} events (${Math.round(((stored + events) / Math.max(ms, 1)) * 1000)}/s this tier)`),
        );
        const seedMs = Date.now() - started;
        const queryMs = await timeQueries(app, source, historyQueries);
        const statsMs = await timeStats(app, source, historyQueries);
        tiers.push({ events: stored, seedMs, queryMs, statsMs });
        ctx.figure('history', `Destination.stats (a day of minutes) with ${stored.toLocaleString('en')} events`, `p50 ${statsMs.p50} / p99 ${statsMs.p99} ms`);
        ctx.figure('history', `events(sourceName, first: 50) with ${stored.toLocaleString('en')} events`, `p50 ${queryMs.p50} / p99 ${queryMs.p99} ms (seeded in ${(seedMs / 1000).toFixed(1)} s)`);
      }
      const [small, large] = tiers;
      const ratio = { p50: Math.round((large.queryMs.p50 / small.queryMs.p50) * 100) / 100, p99: Math.round((large.queryMs.p99 / small.queryMs.p99) * 100) / 100 };
      ctx.figure('history', `ratio ${large.events.toLocaleString('en')} / ${small.events.toLocaleString('en')}`, `p50 ${ratio.p50}, p99 ${ratio.p99}`);
      return { connections: CONNECTIONS, tiers, ratio };
    } finally {
      await client.end();
    }
  });
}
