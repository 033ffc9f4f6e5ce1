import path from 'node:path';
import { Pool } from 'undici';
import { startServerProcess, type ServerProcess } from '../test/helpers/server-process.ts';

/**
 * Hookrelay as its own process (test/helpers/server-process.ts) on a bench database, and the
 * calls the bench makes to it over HTTP, as a platform's backend would.
 */
const API_KEY = 'bench-admin-key-0123456789';

export interface Hookrelay {
  server: ServerProcess;
  gql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
  /** GraphQL publishEvent. */
  publishGraphql(source: string, body: object): Promise<void>;
  /** POST /v1/publish with a JSON body. */
  publishRest(source: string, body: object): Promise<void>;
  /** Creates connection `name` from `source` to a destination of the same name at `url`. */
  connect(source: string, name: string, url: string): Promise<void>;
  stop(): Promise<void>;
}

export interface HookrelayOptions {
  databaseUrl: string;
  /** HOOKRELAY_CONCURRENCY: deliveries in flight, the same as the raw POST baseline's. */
  concurrency: number;
  /** HTTP connections the bench keeps to the server. */
  clientConnections: number;
  /** Write a V8 CPU profile of the server into this folder when it exits (BENCH_CPU_PROF). */
  cpuProfileDir?: string;
}

const PUBLISH_EVENT = 'mutation($input: PublishEventInput!) { publishEvent(input: $input) { eventRequestId } }';
const UPSERT_CONNECTION = 'mutation($input: UpsertConnectionInput!) { upsertConnection(input: $input) { id } }';

export async function startHookrelay(options: HookrelayOptions): Promise<Hookrelay> {
  const server = await startServerProcess({
    DATABASE_URL: options.databaseUrl,
    HOOKRELAY_API_KEY: API_KEY,
    HOOKRELAY_ALLOW_PRIVATE_NETWORKS: 'true',
    HOOKRELAY_CONCURRENCY: String(options.concurrency),
    // info is the production default, and startServerProcess waits for the info "listening" line.
    LOG_LEVEL: 'info',
  },
  60_000,
  // Node refuses --cpu-prof in NODE_OPTIONS; it has to be an argument of the server process.
  options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProfileDir)}`] : [],
  );
  const pool = new Pool(server.url, { connections: options.clientConnections });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };

  async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await pool.request({ method: 'POST', path: '/graphql', headers, body: JSON.stringify({ query, variables }) });
    const result = (await response.body.json()) as { data?: T; errors?: unknown[] };
    if (result.errors || !result.data) throw new Error(`GraphQL ${response.statusCode}: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  return {
    server,
    gql,
    async publishGraphql(source, body) {
      await gql(PUBLISH_EVENT, { input: { source, body } });
    },
    async publishRest(source, body) {
      const response = await pool.request({ method: 'POST', path: '/v1/publish', headers: { ...headers, 'x-hookrelay-source-name': source }, body: JSON.stringify(body) });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`POST /v1/publish ${response.statusCode}: ${text}`);
    },
    async connect(source, name, url) {
      await gql(UPSERT_CONNECTION, { input: { name, source: { name: source }, destination: { name, url } } });
    },
    async stop() {
      await pool.close();
      await server.stop();
    },
  };
}
