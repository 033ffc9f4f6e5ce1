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
const CONNECTIONS = 10;
const WARMUP = 30;

interface EventsPage {
  events: { edges: { node: { id: string } }[] };
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
      // Stored history lies in the past: one request per ms, ending a day ago.
      const requests = (events: number) => Math.ceil(events / CONNECTIONS);
      const baseMs = Date.now() - 86_400_000 - requests(historyRows);
      const tiers: { events: number; seedMs: number; queryMs: Summary }[] = [];
      let stored = 0;
      for (const target of [historySmallRows, historyRows]) {
        const started = Date.now();
        stored += await seedHistory(client, sourceId, baseMs, requests(stored), requests(target), ({ events, ms }) =>
          ctx.log(`history: seeded ${stored + events} events (${Math.round(((stored + events) / Math.max(ms, 1)) * 1000)}/s this tier)`),
        );
        const seedMs = Date.now() - started;
        const queryMs = await timeQueries(app, source, historyQueries);
        tiers.push({ events: stored, seedMs, queryMs });
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
