import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { buildApp, type App } from '../../src/app.ts';
import { makeConfig, type Config } from '../../src/config.ts';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestApp {
  app: App;
  /** Runs a typed document as admin; throws with the errors when the response has any. */
  gql<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R>;
  /** Runs a document and returns the raw response, errors included. */
  raw<R, V>(document: TypedDocumentNode<R, V>, variables?: V, authorization?: string | null): Promise<ExecutionResult<R>>;
  stop(): Promise<void>;
}

/** Builds the app and starts it on the config's port (0 in tests: a free one). */
export async function startApp(config: Config, logger: pino.Logger): Promise<App> {
  const app = await buildApp(config, logger);
  await app.start();
  return app;
}

export async function startTestApp(databaseUrl: string, overrides: Partial<Config> = {}, logger?: pino.Logger): Promise<TestApp> {
  const config = makeConfig({
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    apiKey: ADMIN_KEY,
    logLevel: 'warn',
    graphiql: false,
    deliveryTimeoutMs: 2_000,
    // Test receivers listen on 127.0.0.1; the SSRF guard itself has its own tests.
    allowPrivateNetworks: 'true',
    // A configured key, as production should have; the generated-key path runs in auth.test.ts.
    encryptionKey: Buffer.alloc(32, 7).toString('base64'),
    ...overrides,
  });
  const app = await startApp(config, logger ?? pino({ level: config.logLevel }));
  const raw = async <R, V>(document: TypedDocumentNode<R, V>, variables?: V, authorization: string | null = `Bearer ${ADMIN_KEY}`) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: print(document), variables }),
    });
    return (await response.json()) as ExecutionResult<R>;
  };
  return {
    app,
    raw,
    async gql(document, variables) {
      const result = await raw(document, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as NonNullable<typeof result.data>;
    },
    stop: () => app.stop(),
  };
}

export function wsClient(app: App, authorization: string | null = `Bearer ${ADMIN_KEY}`): Client {
  return createClient({
    url: `${app.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Subscription<R> {
  items: R[];
  errors: unknown[];
  /** True once the server completed the subscription. */
  readonly completed: boolean;
  /** Resolves once `predicate` holds for the items received so far. */
  waitFor(predicate: (items: R[]) => boolean, timeoutMs?: number): Promise<R[]>;
  stop(): void;
}

export function subscribe<R, V>(client: Client, document: TypedDocumentNode<R, V>, variables: V): Subscription<R> {
  const items: R[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((waiter) => waiter());
  let completed = false;
  const stop = client.subscribe<R>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) items.push(result.data as R);
        wake();
      },
      error: (error) => {
        // graphql-ws hands over the GraphQL errors of a refused operation as an array.
        errors.push(...(Array.isArray(error) ? error : [error]));
        wake();
      },
      complete: () => {
        completed = true;
        wake();
      },
    },
  );
  return {
    items,
    errors,
    stop,
    get completed() {
      return completed;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(items)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(items);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`subscription condition not met after ${timeoutMs} ms; got ${items.length} items, errors: ${JSON.stringify(errors)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Polls `probe` until it returns a value other than undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * A test file's own database and app: started in beforeAll, stopped and dropped in afterAll.
 * Read `.t` and `.databaseUrl` inside tests and later hooks (they exist once beforeAll ran).
 */
export function useTestApp(
  overrides: Partial<Config> = {},
  logger?: pino.Logger,
): { readonly t: TestApp; readonly databaseUrl: string; restart(): Promise<void> } {
  let database: TestDatabase | undefined;
  let started: TestApp | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    started = await startTestApp(database.url, overrides, logger);
  });
  afterAll(async () => {
    await started?.stop();
    await database?.drop();
  });
  return {
    /** Stops the app and starts a new one on the same database, as a process restart would. */
    async restart() {
      await started?.stop();
      started = undefined;
      started = await startTestApp(this.databaseUrl, overrides, logger);
    },
    get t() {
      if (!started) throw new Error('useTestApp: the app starts in beforeAll; use it inside tests or later hooks');
      return started;
    },
    get databaseUrl() {
      if (!database) throw new Error('useTestApp: the database is created in beforeAll');
      return database.url;
    },
  };
}
