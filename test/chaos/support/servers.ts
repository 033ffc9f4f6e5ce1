import { afterEach } from 'vitest';
import { ADMIN_KEY } from '../../helpers/app.ts';
import { queryDatabase } from '../../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';

/** The environment every chaos server runs with; tests add their own settings on top. */
export function hookrelayEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    HOOKRELAY_API_KEY: ADMIN_KEY,
    HOOKRELAY_ALLOW_PRIVATE_NETWORKS: 'true',
    HOOKRELAY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    // startServerProcess waits for the info-level "listening" line.
    LOG_LEVEL: 'info',
    // A dead process's claims run out after the attempt timeout plus a margin: keep that short,
    // and sweep for them every second rather than every 30.
    HOOKRELAY_DELIVERY_TIMEOUT_MS: '2000',
    HOOKRELAY_RECOVERY_INTERVAL_MS: '1000',
    ...overrides,
  };
}

/**
 * Server processes started by a test, stopped after it whatever happened (SIGKILL after 5 s).
 * A failed test prints the tail of each server's log: the server's side of the story.
 */
export function useServerProcesses(): (env: Record<string, string>) => Promise<ServerProcess> {
  const started: ServerProcess[] = [];
  afterEach(async (context) => {
    const servers = started.splice(0);
    if (context.task.result?.state === 'fail') {
      for (const server of servers) {
        const lines = server.output().trimEnd().split('\n');
        // pino levels: 50 error, 60 fatal.
        const errors = lines.filter((line) => /^\{"level":[56]0,/.test(line)).slice(0, 20);
        console.log(
          `--- Hookrelay pid ${server.pid}: first errors ---\n${errors.join('\n')}\n` +
            `--- Hookrelay pid ${server.pid}: last lines ---\n${lines.slice(-20).join('\n')}`,
        );
      }
    }
    await Promise.all(servers.map((server) => server.stop(5_000)));
  });
  return async (env) => {
    const server = await startServerProcess(env);
    started.push(server);
    return server;
  };
}

/**
 * Sessions of this database that ended without the client closing them (PostgreSQL's
 * sessions_abandoned): a process that exits without closing its pools leaves some behind.
 */
export async function abandonedSessions(databaseUrl: string): Promise<number> {
  const [row] = await queryDatabase<{ abandoned: string }>(
    databaseUrl,
    'SELECT sessions_abandoned AS abandoned FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(row.abandoned);
}

/** Sessions on this database other than the one asking. */
export async function otherSessions(databaseUrl: string): Promise<number> {
  const [row] = await queryDatabase<{ count: string }>(
    databaseUrl,
    'SELECT count(*) AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return Number(row.count);
}

/** Delivery attempts this process made, from its own /metrics counter (hookrelay_attempts_total). */
export async function attemptsMadeBy(server: ServerProcess): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return [...text.matchAll(/^hookrelay_attempts_total(?:\{[^}]*\})? (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}
