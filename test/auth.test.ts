import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../src/config.ts';
import { Connections } from './documents.ts';
import { startApp, useTestApp } from './helpers/app.ts';
import { createTestDatabase } from './helpers/database.ts';

const fixture = useTestApp();

describe('admin API key', () => {
  it.each([
    [null, 'Missing API key'],
    ['Bearer not-the-key-00000000', 'Invalid API key'],
    ['Basic dXNlcjpwYXNz', 'Missing API key'],
  ])('refuses %s with UNAUTHENTICATED', async (authorization, message) => {
    const result = await fixture.t.raw(Connections, {}, authorization);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(result.errors?.[0]?.message).toContain(message);
  });

  it('serves /healthz without a key once the database and scheduler are up', async () => {
    const response = await fetch(`${fixture.t.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('generates a key on the first start, prints it once, stores only its hash', async () => {
    const own = await createTestDatabase();
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const config = makeConfig({ databaseUrl: own.url, port: 0, host: '127.0.0.1', graphiql: false, logLevel: 'info' });
    try {
      const first = await startApp(config, pino({ level: 'info' }, sink));
      const printed = lines.find((line) => typeof line.adminApiKey === 'string')?.adminApiKey as string;
      expect(printed).toMatch(/^hr_/);
      const ok = await fetch(`${first.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${printed}` },
        body: JSON.stringify({ query: '{ connections { edges { cursor } } }' }),
      });
      expect(await ok.json()).toEqual({ data: { connections: { edges: [] } } });
      const stored = await first.services.db.setting.findMany();
      expect(JSON.stringify(stored)).not.toContain(printed);
      // Without HOOKRELAY_ENCRYPTION_KEY the first start also generates the secrets' encryption key.
      expect(stored.map((setting) => setting.key).sort()).toEqual(['admin_api_key_sha256', 'encryption_key']);
      await first.stop();

      lines.length = 0;
      const second = await startApp(config, pino({ level: 'info' }, sink));
      expect(lines.some((line) => 'adminApiKey' in line)).toBe(false);
      const still = await fetch(`${second.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${printed}` },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await still.json()).toEqual({ data: { __typename: 'Query' } });
      await second.stop();
    } finally {
      await own.drop();
    }
  });
});
