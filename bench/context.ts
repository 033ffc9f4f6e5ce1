import type { BenchPostgres } from './database.ts';
import { startHookrelay, type Hookrelay } from './hookrelay.ts';
import type { BenchOptions } from './options.ts';
import type { ReceiverProcess } from './receiver-client.ts';
import { clock } from './stats.ts';

/** What every section gets: the options, the shared PostgreSQL and the receiver process. */
export interface BenchContext {
  options: BenchOptions;
  postgres: BenchPostgres;
  receiver: ReceiverProcess;
  log(message: string): void;
  /** Figures for the printed table, in order. */
  figure(section: string, name: string, value: string): void;
}

/** A section's JSON record. */
export type SectionResult = Record<string, unknown>;

/**
 * Runs `work` against a Hookrelay process on a fresh database, then stops the server and drops
 * the database; the server's peak RSS is added to the result.
 */
export async function withHookrelay<T extends SectionResult>(
  ctx: BenchContext,
  name: string,
  work: (app: Hookrelay, databaseUrl: string) => Promise<T>,
): Promise<T & { serverPeakRssMb: number | null }> {
  const databaseUrl = await ctx.postgres.createDatabase(`bench_${name}`);
  const started = clock();
  const app = await startHookrelay({
    databaseUrl,
    concurrency: ctx.options.concurrency,
    // Enough that the fixed-rate run's open loop is not queued by the client's own pool.
    clientConnections: Math.max(ctx.options.publishers + 2, 64),
    cpuProfileDir: ctx.options.cpuProfileDir,
  });
  ctx.log(`${name}: Hookrelay pid ${app.server.pid} listening after ${Math.round(clock() - started)} ms`);
  try {
    const result = await work(app, databaseUrl);
    // A server that died mid-section leaves figures that mean nothing: say so, with its last words.
    if (!app.server.running()) ctx.log(`${name}: the Hookrelay process exited during the section; its last output:\n${app.server.output().slice(-4_000)}`);
    const rss = await app.server.peakRss();
    const serverPeakRssMb = rss === null ? null : Math.round(rss / 1024 / 1024);
    ctx.figure(name, 'server peak RSS', `${serverPeakRssMb} MB`);
    return { ...result, serverPeakRssMb };
  } finally {
    await app.stop();
    await ctx.postgres.dropDatabase(databaseUrl);
  }
}

/** A JSON body the receiver can attribute to `phase` and time from `sentAt`. */
export const benchBody = (phase: string, n: number) => ({ phase, sentAt: clock(), n, type: 'bench.event', data: { orderId: `ord_${n}`, amount: 4200, currency: 'EUR', note: 'x'.repeat(120) } });
