import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { TestDatabaseServer } from '../global-setup.ts';

export interface TestDatabase {
  name: string;
  /** Connection URL of this database, for pg, Prisma or the app's config. */
  url: string;
  /** Drops the database, disconnecting whoever is still connected. Safe to call twice. */
  drop(): Promise<void>;
}

function server(): TestDatabaseServer {
  const provided = inject('testDatabaseServer');
  if (!provided) {
    throw new Error(
      'No test PostgreSQL was provided: this file runs without test/global-setup.ts. ' +
        'Database tests belong under test/ but outside test/unit (see vitest.config.ts).',
    );
  }
  return provided;
}

async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh copy of the migrated template database (about 100 ms), private to the caller. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = server();
  // The pid keeps names readable when a leftover has to be traced back to a worker.
  const name = `hookrelay_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onAdmin(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    // FORCE: a pool a test forgot to close must not keep the database (and the run) alive.
    drop: () => (dropped ??= onAdmin(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)),
  };
}

/**
 * One database for the calling test file: created in beforeAll, dropped in afterAll. Call at the
 * top of a file or describe block; the returned getter works inside tests and later hooks.
 */
export function useTestDatabase(): () => string {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error('useTestDatabase(): the database exists only inside tests and hooks, after beforeAll');
    return database.url;
  };
}

/** Runs one statement on its own short-lived connection: for tests that look behind the API. */
export async function queryDatabase<R extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
