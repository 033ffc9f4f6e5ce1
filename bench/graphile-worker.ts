import { makeWorkerUtils, run, Logger, type Runner, type Task, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { benchBody } from './context.ts';
import { clock } from './stats.ts';

/**
 * The do-it-yourself baseline, as a platform team would write webhooks on graphile-worker: a
 * durable job per webhook (one per event and endpoint, added with the event), a task that signs
 * with Standard Webhooks, POSTs with undici and stores the response in a table; failures throw,
 * and graphile-worker retries them. Run as its own process (forked by sections/graphile.ts, over
 * IPC) so its CPU is measured apart. Settings are the library's defaults, except concurrency
 * (the bench's, like Hookrelay's), a pool as large as the docs ask for it, and no log per job.
 */
export type GraphileRequest =
  | { type: 'setup'; databaseUrl: string; receiverUrl: string; endpoints: number; concurrency: number }
  | { type: 'enqueue'; publishes: number; publishers: number; phase: string }
  | { type: 'start' }
  | { type: 'stop' };
export type GraphileMessage = { type: 'ready' } | { type: 'enqueued'; ms: number } | { type: 'started' } | { type: 'stopped' } | { type: 'failed'; error: string };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_endpoint (id TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS webhook_delivery (
  id BIGSERIAL PRIMARY KEY, message_id TEXT NOT NULL, endpoint_id TEXT NOT NULL REFERENCES webhook_endpoint(id),
  status INT NOT NULL, response_body TEXT, duration_ms INT NOT NULL, attempted_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE INDEX IF NOT EXISTS webhook_delivery_message_id_idx ON webhook_delivery (message_id);`;

interface Payload {
  endpointId: string;
  messageId: string;
  body: unknown;
}

let settings: Extract<GraphileRequest, { type: 'setup' }>;
let utils: WorkerUtils;
let runner: Runner | undefined;
const endpoints = new Map<string, { url: string; webhook: Webhook }>();
const send = (message: GraphileMessage) => process.send?.(message);
const quiet = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`[graphile-worker] ${message}`);
});

const deliverWebhook: Task = async (payload, helpers) => {
  const { endpointId, messageId, body } = payload as Payload;
  const endpoint = endpoints.get(endpointId);
  if (!endpoint) throw new Error(`unknown endpoint ${endpointId}`);
  const text = JSON.stringify(body);
  const timestamp = new Date();
  const started = clock();
  const response = await request(endpoint.url, {
    method: 'POST',
    body: text,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
    headers: {
      'content-type': 'application/json',
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': endpoint.webhook.sign(messageId, timestamp, text),
    },
  });
  const responseBody = (await response.body.text()).slice(0, 1024);
  await helpers.query('INSERT INTO webhook_delivery (message_id, endpoint_id, status, response_body, duration_ms) VALUES ($1, $2, $3, $4, $5)', [
    messageId,
    endpointId,
    response.statusCode,
    responseBody,
    Math.round(clock() - started),
  ]);
  if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`endpoint answered ${response.statusCode}`);
};

async function setup(request: Extract<GraphileRequest, { type: 'setup' }>) {
  settings = request;
  utils = await makeWorkerUtils({ connectionString: request.databaseUrl, logger: quiet });
  await utils.migrate();
  const client = new pg.Client({ connectionString: request.databaseUrl });
  await client.connect();
  await client.query(SCHEMA);
  for (let i = 0; i < request.endpoints; i++) {
    const secret = `whsec_${Buffer.from(`bench-secret-of-endpoint-${i}`).toString('base64')}`;
    const url = `${request.receiverUrl}?to=graphile-${i}`;
    await client.query('INSERT INTO webhook_endpoint (id, url, secret) VALUES ($1, $2, $3)', [`ep_${i}`, url, secret]);
    endpoints.set(`ep_${i}`, { url, webhook: new Webhook(secret) });
  }
  await client.end();
}

/** What publishing an event looks like here: one job per endpoint, added together. */
async function enqueue(request: Extract<GraphileRequest, { type: 'enqueue' }>) {
  let next = 0;
  const ids = [...endpoints.keys()];
  await Promise.all(
    Array.from({ length: request.publishers }, async () => {
      for (let n = next++; n < request.publishes; n = next++) {
        const body = benchBody(request.phase, n);
        await utils.addJobs(ids.map((endpointId) => ({ identifier: 'deliver_webhook', payload: { endpointId, messageId: `msg_${n}_${endpointId}`, body } })));
      }
    }),
  );
}

process.on('message', (message: GraphileRequest) => {
  void (async () => {
    try {
      if (message.type === 'setup') {
        await setup(message);
        send({ type: 'ready' });
      } else if (message.type === 'enqueue') {
        const started = clock();
        await enqueue(message);
        send({ type: 'enqueued', ms: clock() - started });
      } else if (message.type === 'start') {
        runner = await run({
          connectionString: settings.databaseUrl,
          concurrency: settings.concurrency,
          maxPoolSize: settings.concurrency,
          noHandleSignals: true,
          logger: quiet,
          taskList: { deliver_webhook: deliverWebhook },
        });
        send({ type: 'started' });
      } else if (message.type === 'stop') {
        await runner?.stop();
        await utils?.release();
        send({ type: 'stopped' });
      }
    } catch (error) {
      send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
