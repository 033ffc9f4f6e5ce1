import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext, SectionResult } from './context.ts';
import { startBenchPostgres } from './database.ts';
import { parseOptions } from './options.ts';
import { startReceiver } from './receiver-client.ts';
import { agendaWall } from './sections/agenda.ts';
import { backlog } from './sections/backlog.ts';
import { rawInserts, rawPosts } from './sections/baseline.ts';
import { fanout } from './sections/fanout.ts';
import { graphileBaseline } from './sections/graphile.ts';
import { history } from './sections/history.ts';
import { latency } from './sections/latency.ts';
import { publishing } from './sections/publish.ts';
import { throughput } from './sections/throughput.ts';

/**
 * `npm run bench [-- <section> ...]`: Hookrelay, PostgreSQL and a receiver in separate processes
 * on this machine, measured beside raw baselines taken in the same run. Prints a table and writes
 * bench/results/bench-<time>.json. Never asserts: figures, not tests (see bench/README.md).
 */
const options = parseOptions(process.argv.slice(2));
const log = (message: string) => console.error(`[bench] ${message}`);
const figures: { section: string; figure: string; value: string }[] = [];
const results: Record<string, SectionResult> = {};

log(`sections: ${options.sections.join(', ')}; window ${options.seconds} s`);
const postgres = await startBenchPostgres(log);
const receiver = await startReceiver();
const ctx: BenchContext = {
  options,
  postgres,
  receiver,
  log,
  figure(section, figure, value) {
    figures.push({ section, figure, value });
    log(`${section}: ${figure}: ${value}`);
  },
};

let failed = false;
try {
  for (const section of options.sections) {
    log(`— ${section}`);
    if (section === 'baseline') results.baseline = { post: await rawPosts(ctx), insert: await rawInserts(ctx) };
    const rawPostsPerSecond = (results.baseline as { post: { postsPerSecond: number } } | undefined)?.post.postsPerSecond;
    if (section === 'throughput') results.throughput = await throughput(ctx, rawPostsPerSecond);
    if (section === 'backlog') results.backlog = await backlog(ctx, rawPostsPerSecond);
    if (section === 'publish') results.publish = await publishing(ctx, rawPostsPerSecond);
    const hookrelayDeliveries = (results.backlog as { deliveriesPerSecond?: number } | undefined)?.deliveriesPerSecond;
    if (section === 'graphile') results.graphile = await graphileBaseline(ctx, rawPostsPerSecond, hookrelayDeliveries);
    if (section === 'latency') results.latency = await latency(ctx);
    if (section === 'fanout') results.fanout = await fanout(ctx);
    if (section === 'history') results.history = await history(ctx);
    if (section === 'agenda') results.agenda = await agendaWall(ctx);
  }
} catch (error) {
  failed = true;
  log(`stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await receiver.stop();
  await postgres.stop();
}

const measuredAt = new Date().toISOString();
// Which code was measured; a copy outside git (e.g. an exported snapshot) records null.
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
})();
const record = {
  measuredAt,
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  commit,
  database: postgres.kind,
  options,
  complete: !failed,
  results,
  figures,
};
await mkdir('bench/results', { recursive: true });
const file = path.join('bench/results', `bench-${measuredAt.replace(/[:.]/g, '-')}.json`);
await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);

console.log(`\nHookrelay bench, ${measuredAt}, ${record.machine.cpus} cores, ${record.database} PostgreSQL, window ${options.seconds} s`);
const width = Math.max(...figures.map((row) => row.section.length + row.figure.length + 3), 10);
for (const row of figures) console.log(`${`${row.section} · ${row.figure}`.padEnd(width)}  ${row.value}`);
console.log(`\nwritten ${file}`);
process.exit(failed ? 1 : 0);
