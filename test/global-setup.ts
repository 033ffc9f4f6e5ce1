import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureDatabase } from '../src/db/database.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';

/**
 * One PostgreSQL for the whole run and one migrated template database in it; each test file copies
 * the template (test/helpers/database.ts), so files run in parallel without sharing rows and
 * migrations run once, not once per file.
 *
 * TEST_DATABASE_URL: an existing server to use instead of the embedded one. Its URL is used as the
 * admin connection (any database the role may connect to); the role needs CREATEDB.
 */
export interface TestDatabaseServer {
  adminUrl: string;
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseServer: TestDatabaseServer;
  }
}

const TEMPLATE = 'hookrelay_template';
const RUNS_DIR = path.join(os.tmpdir(), 'hookrelay-test');
/** `stop()` waits for a shutdown checkpoint; past this, the postmaster is killed outright. */
const STOP_TIMEOUT_MS = 10_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  // Registered as resources come up, run in reverse, so a failure half-way cleans up as well.
  const cleanups: Array<() => Promise<void>> = [];
  const teardown = async (): Promise<void> => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw new AggregateError(errors, 'test database teardown failed');
  };

  try {
    // Tests are not the app: src/config.ts stays the only reader of the app's settings.
    const externalUrl = process.env.TEST_DATABASE_URL;
    let adminUrl: string;
    let template: string;
    let serverMs: number;
    if (externalUrl) {
      adminUrl = externalUrl;
      // A shared server may serve several runs at once (worktrees, CI jobs): each gets its own
      // template and drops it afterwards. The embedded cluster is deleted whole instead.
      template = `${TEMPLATE}_${randomBytes(4).toString('hex')}`;
      cleanups.push(() => dropTemplate(externalUrl, template));
      serverMs = 0;
    } else {
      await mkdir(RUNS_DIR, { recursive: true });
      const dir = await mkdtemp(path.join(RUNS_DIR, 'run-'));
      // mkdtemp makes 0700 folders; PostgreSQL runs as the `postgres` OS user when we are root.
      await chmod(dir, 0o755);
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const server = await startEmbeddedPostgres(dir, (message) => console.warn(message));
      const postmasterPid = await readPostmasterPid(dir);
      cleanups.push(() => stopWithTimeout(server, postmasterPid));
      await tuneForTests(server.adminUrl);
      adminUrl = server.adminUrl;
      template = TEMPLATE;
      serverMs = performance.now() - started;
    }

    const migrateStarted = performance.now();
    await migrate(await ensureDatabase(adminUrl, template));
    await sealTemplate(adminUrl, template);
    const migrateMs = performance.now() - migrateStarted;

    project.provide('testDatabaseServer', { adminUrl, template });
    console.log(
      `[test db] ${externalUrl ? 'TEST_DATABASE_URL' : 'embedded PostgreSQL'} ready in ` +
        `${ms(performance.now() - started)} (server ${ms(serverMs)}, template + migrations ${ms(migrateMs)})`,
    );
  } catch (error) {
    await teardown().catch((cleanupError: unknown) => console.error(cleanupError));
    throw error;
  }
  keepFailingExitCode();
  return teardown;
}

const ms = (value: number) => `${Math.round(value)} ms`;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The cluster is thrown away after the run, so durability buys nothing: commits stop waiting for the
 * WAL flush (measured: 300 single-row commits 182 -> 105 ms). fsync itself stays on, so template copies
 * barely change: startEmbeddedPostgres sets it on the command line, which outranks ALTER SYSTEM.
 */
async function tuneForTests(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    await client.query('ALTER SYSTEM SET synchronous_commit = off');
    await client.query('ALTER SYSTEM SET full_page_writes = off');
    await client.query('SELECT pg_reload_conf()');
  });
}

/**
 * `CREATE DATABASE ... TEMPLATE` fails while anyone is connected to the template, and migrate()'s
 * backend may still be exiting. Forbidding connections first means nothing can sneak in afterwards
 * (a test that opened the template by mistake would break every other file's copy).
 */
async function sealTemplate(adminUrl: string, template: string): Promise<void> {
  const name = pg.escapeIdentifier(template);
  await withClient(adminUrl, async (client) => {
    await client.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
    const deadline = Date.now() + 5_000;
    for (;;) {
      const { rows } = await client.query<{ pid: number }>(
        'SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [template],
      );
      if (rows.length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(`Template ${template} still has ${rows.length} session(s) after 5 s: ${rows.map((row) => row.pid).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
}

async function dropTemplate(adminUrl: string, template: string): Promise<void> {
  const name = pg.escapeIdentifier(template);
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (rowCount === 0) return;
    // PostgreSQL refuses to drop a database marked as template.
    await client.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
    await client.query(`DROP DATABASE ${name} WITH (FORCE)`);
  });
}

async function readPostmasterPid(dir: string): Promise<number | undefined> {
  // startEmbeddedPostgres keeps the cluster in <dataDir>/pg; line 1 of postmaster.pid is the pid.
  const text = await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function stopWithTimeout(server: EmbeddedDatabase, postmasterPid: number | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
  });
  try {
    const outcome = await Promise.race([server.stop().then(() => 'stopped' as const), timedOut]);
    if (outcome === 'stopped' || postmasterPid === undefined) return;
    // SIGQUIT is PostgreSQL's immediate shutdown: no checkpoint, children exit at once.
    console.warn(`[test db] PostgreSQL did not stop within ${STOP_TIMEOUT_MS} ms; sending SIGQUIT to ${postmasterPid}`);
    try {
      process.kill(postmasterPid, 'SIGQUIT');
    } catch {
      // Already gone between the timeout and the kill.
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * embedded-postgres installs async-exit-hook, whose 'beforeExit' listener calls process.exit(0):
 * a run with failed tests would then exit 0 and CI would pass it (its 'exit' listener, next in
 * line, throws). Teardown stops PostgreSQL itself, so those listeners have nothing left to do.
 */
function keepFailingExitCode(): void {
  for (const listener of process.listeners('beforeExit')) {
    if (listener.toString().includes('eventFilters')) process.removeListener('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (listener.toString().includes('eventFilters')) process.removeListener('exit', listener);
  }
}
