import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { Agent, request } from 'undici';
import { startApp } from '../src/app.ts';
import { makeConfig } from '../src/config.ts';
import { createTransformRunner } from '../src/rules/transform.ts';

/**
 * Publish-to-delivery latency, beside the raw baseline measured in the same run: the same local
 * receiver hit directly with undici. Prints a table and writes bench/results/latency-<time>.json.
 * DATABASE_URL selects a PostgreSQL; otherwise an embedded one starts in a temporary folder.
 */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const WARMUP = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) };
}

// The receiver notes when each id arrived; a waiter registered later still gets that time.
const arrivedAt = new Map<string, number>();
const arrivals = new Map<string, (at: number) => void>();
const arrival = (id: string) =>
  new Promise<number>((resolve, reject) => {
    const at = arrivedAt.get(id);
    if (at !== undefined) return resolve(at);
    const timer = setTimeout(() => reject(new Error(`${id} did not reach the receiver within 10 s`)), 10_000);
    arrivals.set(id, (when) => {
      clearTimeout(timer);
      resolve(when);
    });
  });
const receiver = createServer((req: IncomingMessage, res) => {
  const at = performance.now();
  req.resume();
  req.on('end', () => {
    res.end('ok');
    const id = String(req.headers['x-hookrelay-event-id'] ?? req.headers['x-bench-id']);
    arrivedAt.set(id, at);
    arrivals.get(id)?.(at);
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

// Baseline: one POST at a time straight to the receiver, as the gateway's last hop does.
const agent = new Agent({ connections: 10 });
const raw: number[] = [];
for (let i = 0; i < SAMPLES + WARMUP; i++) {
  const id = `raw-${i}`;
  const arrived = arrival(id);
  const started = performance.now();
  const response = await request(receiverUrl, { method: 'POST', dispatcher: agent, headers: { 'x-bench-id': id, 'content-type': 'application/json' }, body: '{"bench":true}' });
  await response.body.dump();
  if (i >= WARMUP) raw.push((await arrived) - started);
}

const dataDir = process.env.DATABASE_URL ? undefined : await mkdtemp(path.join(os.tmpdir(), 'hookrelay-bench-'));
const apiKey = 'bench-admin-key-0123456789';
const app = await startApp(
  makeConfig({ databaseUrl: process.env.DATABASE_URL, dataDir: dataDir ? path.join(dataDir, 'data') : undefined, port: 0, host: '127.0.0.1', apiKey, logLevel: 'warn', graphiql: false, allowPrivateNetworks: 'true' }),
  pino({ level: 'warn' }),
);
const gql = async (query: string, variables: Record<string, unknown>) => {
  const response = await request(`${app.url}/graphql`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.body.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
};
const transformCode = "(request) => { request.body = { ...request.body, kind: String(request.body.type).toUpperCase() }; request.headers['x-bench'] = '1'; return request; }";
for (const [name, rules] of [['bench', {}], ['bench-transform', { transformCode }]] as const) {
  await gql('mutation($input: UpsertConnectionInput!) { upsertConnection(input: $input) { id } }', {
    input: { name, source: { name }, destination: { name: 'receiver', url: receiverUrl }, rules },
  });
}

/** Sequential publishes: each sample is publishEvent's start to the receiver's first byte. */
async function measurePublish(source: string) {
  const delivered: number[] = [];
  const publishCall: number[] = [];
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    const started = performance.now();
    const data = await gql('mutation($input: PublishEventInput!) { publishEvent(input: $input) { events { id } } }', {
      input: { source, body: { n: i, type: 'bench.latency' } },
    });
    const answered = performance.now();
    const eventId = (data.publishEvent as { events: { id: string }[] }).events[0].id;
    const arrived = await arrival(eventId);
    if (i >= WARMUP) {
      delivered.push(arrived - started);
      publishCall.push(answered - started);
    }
  }
  return { delivered, publishCall };
}
const plain = await measurePublish('bench');
const transformed = await measurePublish('bench-transform');

// The sandbox alone, warm: what a transformation adds to each event.
const runner = createTransformRunner();
const transformOnly: number[] = [];
for (let i = 0; i < SAMPLES * 10 + WARMUP; i++) {
  const started = performance.now();
  const result = await runner.run(transformCode, { body: { n: i, type: 'bench' }, headers: {}, path: '', query: {} }, 'bench');
  if (result.kind !== 'ok') throw new Error(`transform failed: ${JSON.stringify(result)}`);
  if (i >= WARMUP) transformOnly.push(performance.now() - started);
}
await runner.close();
await app.stop();
receiver.close();
await agent.close();

const results = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
  rawPostMs: summary(raw),
  publishCallMs: summary(plain.publishCall),
  publishToReceiverMs: summary(plain.delivered),
  publishToReceiverWithTransformMs: summary(transformed.delivered),
  transformPerEventMs: summary(transformOnly),
};
console.table({
  'raw undici POST → receiver': results.rawPostMs,
  'publishEvent call (HTTP round trip)': results.publishCallMs,
  'publishEvent → receiver hit': results.publishToReceiverMs,
  'publishEvent → receiver hit, with a transform': results.publishToReceiverWithTransformMs,
  'transform alone (QuickJS worker, warm)': results.transformPerEventMs,
});
console.log(`ratio p50 publish→receiver / raw POST: ${(results.publishToReceiverMs.p50 / results.rawPostMs.p50).toFixed(1)}x`);
const file = path.join('bench/results', `latency-${results.measuredAt.replace(/[:.]/g, '-')}.json`);
await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written ${file}`);
process.exit(0);
