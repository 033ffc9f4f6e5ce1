import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded-postgres.ts';

const canConnect = async (port: number, password: string) => {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

const postmasterPid = async (dir: string) => Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded PostgreSQL', () => {
  let dir: string;
  let first: EmbeddedDatabase | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hookrelay-embedded-'));
  });
  afterAll(async () => {
    await first?.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('uses a password of its own data folder, readable by its owner only, and not the old fixed one', async () => {
    first = await startEmbeddedPostgres(dir);
    const file = path.join(dir, 'pg-password');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const password = (await readFile(file, 'utf8')).trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.adminUrl).toContain(encodeURIComponent(password));
    expect(await canConnect(first.port, password)).toBe(true);
    expect(await canConnect(first.port, 'hookrelay')).toBe(false);
  });

  it('reuses a postmaster left running by a killed process, and stops it on the next clean stop', async () => {
    // Nothing stopped `first`, as if its process had been killed: the next start finds it.
    const pid = await postmasterPid(dir);
    const reused = await startEmbeddedPostgres(dir);
    expect(reused.port).toBe(first?.port);
    expect(await canConnect(reused.port, (await readFile(path.join(dir, 'pg-password'), 'utf8')).trim())).toBe(true);
    await reused.stop();
    expect(alive(pid)).toBe(false);
    first = undefined;
  });

  it('replaces the fixed password of a folder made by an older version', async () => {
    const server = await startEmbeddedPostgres(dir);
    const client = new pg.Client({ connectionString: server.adminUrl });
    await client.connect();
    await client.query(`ALTER ROLE postgres PASSWORD 'hookrelay'`);
    await client.end();
    await server.stop();
    await rm(path.join(dir, 'pg-password'));
    first = await startEmbeddedPostgres(dir);
    const password = (await readFile(path.join(dir, 'pg-password'), 'utf8')).trim();
    expect(await canConnect(first.port, 'hookrelay')).toBe(false);
    expect(await canConnect(first.port, password)).toBe(true);
  });

  it('keeps an existing password file as it is', async () => {
    const before = await readFile(path.join(dir, 'pg-password'), 'utf8');
    await first?.stop();
    first = await startEmbeddedPostgres(dir);
    expect(await readFile(path.join(dir, 'pg-password'), 'utf8')).toBe(before);
  });
});
