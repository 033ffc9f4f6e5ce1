import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase } from '../../../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../../src/db/embedded-postgres.ts';
import { startTcpProxy } from './tcp-proxy.ts';

/**
 * A PostgreSQL of its own that a test may stop and start again, for outages the shared test
 * server must not suffer. It is reached through a TCP proxy at a fixed port, because each start of
 * the embedded server picks a new port and Hookrelay's DATABASE_URL is set once.
 */
export interface RestartablePostgres {
  /** URL of the `hookrelay` database, valid across restarts. */
  url: string;
  /** Stops PostgreSQL: open sessions are terminated, new connections refused. */
  stop(): Promise<void>;
  /** Starts it again on the same data. */
  start(): Promise<void>;
  /** Stops it for good and deletes its files. */
  close(): Promise<void>;
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const runs = path.join(os.tmpdir(), 'hookrelay-test');
  await mkdir(runs, { recursive: true });
  const dir = await mkdtemp(path.join(runs, 'chaos-'));
  // mkdtemp makes 0700 folders; PostgreSQL runs as the `postgres` OS user when we are root.
  await chmod(dir, 0o755);
  let server: EmbeddedDatabase | undefined = await startEmbeddedPostgres(dir, (message) => console.warn(message));
  const proxy = await startTcpProxy(server.port);
  const adminUrl = new URL(server.adminUrl);
  adminUrl.port = String(proxy.port);
  const url = await ensureDatabase(adminUrl.toString(), 'hookrelay');

  const stop = async () => {
    // Refuse new connections first, so nothing reaches a half-stopped server.
    proxy.down();
    await server?.stop();
    server = undefined;
  };
  return {
    url,
    stop,
    async start() {
      server = await startEmbeddedPostgres(dir, (message) => console.warn(message));
      await proxy.up(server.port);
    },
    async close() {
      await stop();
      proxy.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
