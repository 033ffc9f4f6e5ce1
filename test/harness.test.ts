import pg from 'pg';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, queryDatabase, useTestDatabase } from './helpers/database.ts';
import { type Receiver, failTimes, refusedUrl, sequence, startReceiver } from './helpers/receiver.ts';

describe('test databases', () => {
  const databaseUrl = useTestDatabase();

  it('are copies of the migrated template', async () => {
    const rows = await queryDatabase<{ table_name: string }>(
      databaseUrl(),
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['source', 'event', 'attempt', '_prisma_migrations']),
    );
    const migrations = await queryDatabase<{ count: string }>(
      databaseUrl(),
      'SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
    );
    expect(Number(migrations[0].count)).toBeGreaterThan(0);
  });

  it('do not see each other’s rows', async () => {
    const other = await createTestDatabase();
    try {
      expect(other.url).not.toBe(databaseUrl());
      await queryDatabase(databaseUrl(), "INSERT INTO source (id, name) VALUES ('src_harness', 'harness')");
      expect(await queryDatabase(databaseUrl(), "SELECT id FROM source WHERE id = 'src_harness'")).toHaveLength(1);
      expect(await queryDatabase(other.url, 'SELECT id FROM source')).toHaveLength(0);
    } finally {
      await other.drop();
    }
  });

  it('drop removes the database even with a session still open', async () => {
    const database = await createTestDatabase();
    const forgotten = new pg.Client({ connectionString: database.url });
    // The forced drop terminates this session; pg reports that as an error event.
    forgotten.on('error', () => undefined);
    await forgotten.connect();
    await database.drop();
    await database.drop();
    expect(await queryDatabase(databaseUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [database.name])).toHaveLength(0);
  });
});

describe('receiver', () => {
  const receivers: Receiver[] = [];
  const start = async (...args: Parameters<typeof startReceiver>) => {
    const receiver = await startReceiver(...args);
    receivers.push(receiver);
    return receiver;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });

  it('records method, path, lower-cased headers and body', async () => {
    const receiver = await start();
    const body = JSON.stringify({ hello: 'wörld' });
    const response = await request(`${receiver.url}?attempt=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Webhook-Id': 'msg_1' },
      body,
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe('ok');

    const [recorded] = await receiver.waitForRequests(1);
    expect(recorded).toMatchObject({ method: 'POST', path: '/hook?attempt=1', body });
    expect(recorded.headers['content-type']).toBe('application/json');
    expect(recorded.headers['webhook-id']).toBe('msg_1');
    expect(recorded.rawBody.equals(Buffer.from(body))).toBe(true);
    expect(recorded.receivedAt).toBeGreaterThan(0);
  });

  it('follows a failTimes script', async () => {
    const receiver = await start({ respond: failTimes(2, 503) });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await request(receiver.url, { method: 'POST', body: `#${i}` });
      await response.body.dump();
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([503, 503, 200, 200]);
    expect(receiver.requests.map((recorded) => recorded.body)).toEqual(['#0', '#1', '#2', '#3']);
  });

  it('answers after delayMs with the scripted status, headers and body', async () => {
    const receiver = await start({ respond: () => ({ status: 201, body: 'late', headers: { 'x-test': 'yes' }, delayMs: 150 }) });
    const sent = performance.now();
    const response = await request(receiver.url, { method: 'POST', body: '{}' });
    expect(performance.now() - sent).toBeGreaterThanOrEqual(140);
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-test']).toBe('yes');
    expect(await response.body.text()).toBe('late');
  });

  it("'hang' never answers and close() still returns at once", async () => {
    const receiver = await start({ respond: () => 'hang' });
    const pending = request(receiver.url, { method: 'POST', body: '{}', headersTimeout: 60_000 });
    const outcome = pending.then(
      () => 'answered',
      (error: unknown) => error,
    );
    await receiver.waitForRequests(1);
    const raced = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 300))]);
    expect(raced).toBe('still waiting');

    const closing = performance.now();
    await receiver.close();
    expect(performance.now() - closing).toBeLessThan(1_000);
    expect(await outcome).toBeInstanceOf(Error);
  });

  it("'destroy' resets the connection", async () => {
    const receiver = await start({ respond: sequence('destroy', { status: 200 }) });
    await expect(request(receiver.url, { method: 'POST', body: '{}' })).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/),
    });
    const second = await request(receiver.url, { method: 'POST', body: '{}' });
    expect(second.statusCode).toBe(200);
    await second.body.dump();
    expect(receiver.requests).toHaveLength(2);
  });

  it('waitForRequests rejects saying how many arrived', async () => {
    const receiver = await start();
    await (await request(receiver.url, { method: 'PUT', body: 'x' })).body.dump();
    await expect(receiver.waitForRequests(3, 100)).rejects.toThrow(/expected 3 request\(s\) within 100 ms, got 1\n {2}#0 PUT \/hook/);
  });

  it('refusedUrl() points where nothing listens', async () => {
    await expect(request(await refusedUrl(), { method: 'POST', body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
