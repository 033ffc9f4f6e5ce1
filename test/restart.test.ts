import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventById, PublishEvent, UpsertConnection } from './documents.ts';
import { eventually, startTestApp } from './helpers/app.ts';
import { createTestDatabase } from './helpers/database.ts';
import { failTimes, startReceiver, type Receiver } from './helpers/receiver.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let hook: Receiver;

beforeAll(async () => {
  database = await createTestDatabase();
  hook = await startReceiver({ respond: failTimes(1, 500) });
});
afterAll(async () => {
  await hook?.close();
  await database?.drop();
});

describe('restart', () => {
  it('still delivers a retry that was scheduled before the server stopped', async () => {
    const before = await startTestApp(database.url);
    await before.gql(UpsertConnection, {
      input: {
        name: 'restartable',
        source: { name: 'restart-tenant' },
        destination: { name: 'main', url: hook.url },
        rules: { retry: { strategy: 'LINEAR', count: 2, intervalMs: 1_500 } },
      },
    });
    const { publishEvent } = await before.gql(PublishEvent, { input: { source: 'restart-tenant', body: { survive: true } } });
    await hook.waitForRequests(1);
    const eventId = publishEvent.events[0].id;
    await eventually(async () => ((await before.gql(EventById, { id: eventId })).event?.status === 'SCHEDULED' ? true : undefined));
    await before.stop();

    const after = await startTestApp(database.url);
    try {
      const requests = await hook.waitForRequests(2, 10_000);
      expect(requests[1].headers['webhook-id']).toBe(eventId);
      expect(requests[1].headers['x-hookrelay-attempt']).toBe('2');
      const event = await eventually(async () => {
        const found = (await after.gql(EventById, { id: eventId })).event;
        return found?.status === 'SUCCESSFUL' ? found : undefined;
      });
      expect(event.attempts.map((a) => a.status)).toEqual(['FAILED', 'SUCCESSFUL']);
    } finally {
      await after.stop();
    }
  });
});
