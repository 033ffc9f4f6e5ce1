/**
 * What a bench run measures and for how long: sections from the command line
 * (`npm run bench -- throughput latency`), sizes and durations from BENCH_* variables.
 */
export const SECTIONS = ['baseline', 'throughput', 'backlog', 'publish', 'graphile', 'latency', 'fanout', 'history', 'agenda'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  sections: Section[];
  /** BENCH_SECONDS: measurement window of throughput and latency runs. */
  seconds: number;
  /** BENCH_BASELINE_SECONDS: each raw baseline's window. */
  baselineSeconds: number;
  /** BENCH_DRAIN_SECONDS: how long to wait for the backlog after a window before calling it lost. */
  drainSeconds: number;
  /** BENCH_PUBLISHERS: concurrent publishers, half GraphQL publishEvent, half POST /v1/publish. */
  publishers: number;
  /** BENCH_CONCURRENCY: deliveries in flight (HOOKRELAY_CONCURRENCY) and the raw POST baseline's concurrency. */
  concurrency: number;
  /** BENCH_CONNECTIONS: connections of the throughput source; every publish makes one event each. */
  connections: number;
  /** BENCH_BACKLOG_EVENTS: events held, then released at once, by the backlog section. */
  backlogEvents: number;
  /** BENCH_PUBLISH_CLIENTS: concurrent publishers of the publish section (one kind at a time). */
  publishClients: number;
  /** BENCH_LATENCY_RATE: publishes per second of the fixed-rate latency run. */
  latencyRate: number;
  /** BENCH_FANOUT: connections of the fan-out source; BENCH_FANOUT_ROUNDS: publishes timed. */
  fanout: number;
  fanoutRounds: number;
  /** BENCH_HISTORY_ROWS: events stored for the large history figure (the small one is 10k). */
  historyRows: number;
  historySmallRows: number;
  /** BENCH_HISTORY_QUERIES: timed history queries per size. */
  historyQueries: number;
  /** BENCH_INSERT_CLIENTS: concurrent autocommit clients of the raw INSERT baseline. */
  insertClients: number;
  /** BENCH_AGENDA_JOBS: no-op jobs queued, then drained, by the agenda section. */
  agendaJobs: number;
  /** BENCH_CPU_PROF=1: each server process writes a --cpu-prof profile to bench/results/profiles. */
  cpuProfileDir?: string;
}

function int(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const unknown = argv.filter((arg) => !(SECTIONS as readonly string[]).includes(arg));
  if (unknown.length) throw new Error(`Unknown section ${unknown.join(', ')}; choose from: ${SECTIONS.join(', ')} (none: all).`);
  const asked = argv as Section[];
  // Throughput, backlog and latency are read against the raw baselines, so those always run with them.
  const wanted = new Set<Section>(asked.length ? asked : SECTIONS);
  if (['throughput', 'backlog', 'publish', 'graphile', 'latency'].some((section) => wanted.has(section as Section))) wanted.add('baseline');
  // Hookrelay's delivery alone is read against the graphile-worker baseline of the same run.
  if (wanted.has('graphile')) wanted.add('backlog');
  const seconds = int('BENCH_SECONDS', 60);
  return {
    sections: SECTIONS.filter((section) => wanted.has(section)),
    seconds,
    baselineSeconds: int('BENCH_BASELINE_SECONDS', Math.min(10, seconds)),
    drainSeconds: int('BENCH_DRAIN_SECONDS', 60),
    publishers: int('BENCH_PUBLISHERS', 8, 2),
    concurrency: int('BENCH_CONCURRENCY', 50),
    connections: int('BENCH_CONNECTIONS', 10),
    backlogEvents: int('BENCH_BACKLOG_EVENTS', 30_000),
    publishClients: int('BENCH_PUBLISH_CLIENTS', 16),
    latencyRate: int('BENCH_LATENCY_RATE', 200),
    fanout: int('BENCH_FANOUT', 100),
    fanoutRounds: int('BENCH_FANOUT_ROUNDS', 5),
    historyRows: int('BENCH_HISTORY_ROWS', 1_000_000),
    historySmallRows: int('BENCH_HISTORY_SMALL_ROWS', 10_000),
    historyQueries: int('BENCH_HISTORY_QUERIES', 300),
    insertClients: int('BENCH_INSERT_CLIENTS', 8),
    agendaJobs: int('BENCH_AGENDA_JOBS', 5_000),
    cpuProfileDir: process.env.BENCH_CPU_PROF ? 'bench/results/profiles' : undefined,
  };
}
