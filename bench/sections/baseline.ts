import pg from 'pg';
import { Pool } from 'undici';
import { newId } from '../../src/ids.ts';
import { benchBody, type BenchContext } from '../context.ts';
import { closedLoop } from '../load.ts';
import { perSecond, summarize } from '../stats.ts';

/**
 * The machine's limits, measured in the same run as Hookrelay: POSTs per second from one Node
 * process to the same receiver with an undici Pool at the delivery concurrency, and single-row
 * autocommit INSERTs per second into the same PostgreSQL.
 */
export async function rawPosts(ctx: BenchContext) {
  const { concurrency, baselineSeconds } = ctx.options;
  const url = new URL(ctx.receiver.url);
  const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
  const phase = 'baseline-post';
  const load = await closedLoop(concurrency, baselineSeconds * 1000, async (n) => {
    const response = await pool.request({ method: 'POST', path: url.pathname, headers: { 'content-type': 'application/json' }, body: JSON.stringify(benchBody(phase, n)) });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`receiver answered ${response.statusCode}`);
  });
  await pool.close();
  const received = await ctx.receiver.waitFor(phase, load.completed, 5_000);
  ctx.receiver.forget(phase);
  const result = {
    concurrency,
    seconds: load.elapsedMs / 1000,
    postsPerSecond: perSecond(load.completed, load.elapsedMs),
    receivedByReceiver: received.count,
    failed: load.failed,
    callMs: summarize(load.callMs),
    sendToReceiverMs: received.latencyMs,
  };
  ctx.figure('baseline', `raw undici Pool POST → receiver, ${concurrency} in flight`, `${result.postsPerSecond}/s (p50 ${result.callMs.p50} ms)`);
  return result;
}

export async function rawInserts(ctx: BenchContext) {
  const { insertClients, baselineSeconds } = ctx.options;
  const databaseUrl = await ctx.postgres.createDatabase('bench_inserts');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: insertClients });
  // A client still connecting when the database is dropped (WITH FORCE) errors here, not in the bench.
  pool.on('error', (error) => ctx.log(`raw INSERT pool: ${error.message}`));
  try {
    // Shaped like an event row: a text id, a JSON body and a timestamp default.
    await pool.query('CREATE TABLE bench_insert (id TEXT PRIMARY KEY, body JSONB NOT NULL, created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now())');
    const load = await closedLoop(insertClients, baselineSeconds * 1000, async (n) => {
      await pool.query('INSERT INTO bench_insert (id, body) VALUES ($1, $2)', [newId('evt'), JSON.stringify(benchBody('insert', n))]);
    });
    const result = { clients: insertClients, seconds: load.elapsedMs / 1000, commitsPerSecond: perSecond(load.completed, load.elapsedMs), failed: load.failed, commitMs: summarize(load.callMs) };
    ctx.figure('baseline', `raw single-row INSERT commits, ${insertClients} clients`, `${result.commitsPerSecond}/s (p50 ${result.commitMs.p50} ms)`);
    return result;
  } finally {
    await pool.end();
    await ctx.postgres.dropDatabase(databaseUrl);
  }
}
