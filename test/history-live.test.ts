import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteConnection, DeliveryStatus, EventById, Events, PublishEvent, UpsertConnection } from './documents.ts';
import { ADMIN_KEY, eventually, startTestApp, subscribe, wsClient, type TestApp } from './helpers/app.ts';
import { createTestDatabase } from './helpers/database.ts';
import { publishUntilStreamed, readEventStream } from './helpers/event-stream.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let a: TestApp;
let b: TestApp;
let hook: Receiver;

beforeAll(async () => {
  database = await createTestDatabase();
  hook = await startReceiver();
  // Two Hookrelay processes' worth of app on one database: updates must cross between them.
  a = await startTestApp(database.url);
  b = await startTestApp(database.url);
  for (const tenant of ['alpha', 'beta']) {
    await a.gql(UpsertConnection, {
      input: { name: `${tenant}-hook`, source: { name: tenant }, destination: { name: 'main', url: hook.url } },
    });
  }
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await hook?.close();
  await database?.drop();
});

const publish = (app: TestApp, source: string, body: unknown) => app.gql(PublishEvent, { input: { source, body } });

describe('events history', () => {
  it('filters by source and pages newest first without overlap', async () => {
    const published: string[] = [];
    for (let i = 0; i < 7; i++) published.push((await publish(a, 'alpha', { i })).publishEvent.events[0].id);
    await publish(a, 'beta', { i: 'beta' });

    const seen: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const page = (await a.gql(Events, { filter: { sourceName: 'alpha' }, first: 3, after })).events;
      seen.push(...page.edges.map((e) => e.node.id));
      expect(page.edges.every((e) => e.node.connection.source.name === 'alpha')).toBe(true);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.slice(0, 7)).toEqual([...published].reverse());
    const sourceId = (await a.gql(Events, { filter: { sourceName: 'beta' }, first: 1 })).events.edges[0].node.connection.source.id;
    const beta = (await a.gql(Events, { filter: { sourceId } })).events.edges;
    expect(beta.map((e) => e.node.request.body)).toEqual([{ i: 'beta' }]);
  });

  it('filters by status and creation time', async () => {
    const { events } = (await publish(a, 'alpha', { marker: 'status-filter' })).publishEvent;
    await eventually(async () => ((await a.gql(EventById, { id: events[0].id })).event?.status === 'SUCCESSFUL' ? true : undefined));
    const successful = (await a.gql(Events, { filter: { sourceName: 'alpha', status: ['SUCCESSFUL'] }, first: 100 })).events.edges;
    expect(successful.map((e) => e.node.id)).toContain(events[0].id);
    expect(successful.every((e) => e.node.status === 'SUCCESSFUL')).toBe(true);
    const future = (await a.gql(Events, { filter: { createdAfter: new Date(Date.now() + 60_000).toISOString() } })).events.edges;
    expect(future).toEqual([]);
    const past = (await a.gql(Events, { filter: { createdBefore: new Date(Date.now() - 3_600_000).toISOString() } })).events.edges;
    expect(past).toEqual([]);
  });

  it('shows every attempt of an event', async () => {
    const { events } = (await publish(a, 'beta', { marker: 'attempts' })).publishEvent;
    const event = await eventually(async () => {
      const found = (await a.gql(EventById, { id: events[0].id })).event;
      return found?.attempts.length ? found : undefined;
    });
    expect(event.attempts[0]).toMatchObject({ number: 1, status: 'SUCCESSFUL', responseStatus: 200 });
  });
});

describe('deliveryStatus subscription', () => {
  it('pushes the status changes and attempts of one source only, across processes', async () => {
    const clientOnB = wsClient(b.app);
    const alpha = subscribe(clientOnB, DeliveryStatus, { sourceName: 'alpha' });
    const betaId = (await a.gql(Events, { filter: { sourceName: 'beta' }, first: 1 })).events.edges[0].node.connection.source.id;
    const beta = subscribe(clientOnB, DeliveryStatus, { sourceId: betaId });
    try {
      // Let both subscriptions register before publishing.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { events } = (await publish(a, 'alpha', { marker: 'live' })).publishEvent;
      const items = (await alpha.waitFor((got) => got.some(({ deliveryStatus: u }) => u.event.id === events[0].id && u.attempt?.status === 'SUCCESSFUL'))).map((item) => item.deliveryStatus);
      const mine = items.filter((u) => u.event.id === events[0].id);
      expect(mine[0].attempt).toBeNull();
      expect(mine.at(-1)).toMatchObject({ event: { status: 'SUCCESSFUL', attemptCount: 1 }, attempt: { number: 1, responseStatus: 200 } });
      expect(items.every((u) => u.event.connection.source.name === 'alpha')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(beta.items).toEqual([]);
      expect(alpha.errors).toEqual([]);
    } finally {
      alpha.stop();
      beta.stop();
      await clientOnB.dispose();
    }
  });

  it('announces the events that deleteConnection cancels', async () => {
    const { upsertConnection: held } = await a.gql(UpsertConnection, {
      input: { name: 'held', source: { name: 'gamma' }, destination: { name: 'main', url: hook.url }, rules: { delayMs: 3_600_000 } },
    });
    const { events } = (await publish(a, 'gamma', { marker: 'to-cancel' })).publishEvent;
    const client = wsClient(b.app);
    const gamma = subscribe(client, DeliveryStatus, { sourceName: 'gamma' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await a.gql(DeleteConnection, { id: held.id })).deleteConnection).toBe(true);
      const items = await gamma.waitFor((got) => got.some(({ deliveryStatus: u }) => u.event.status === 'CANCELLED'));
      expect(items.map(({ deliveryStatus: u }) => [u.event.id, u.event.status, u.attempt])).toEqual([[events[0].id, 'CANCELLED', null]]);
      expect((await a.gql(EventById, { id: events[0].id })).event).toMatchObject({ status: 'CANCELLED', nextAttemptAt: null, attempts: [] });
    } finally {
      gamma.stop();
      await client.dispose();
    }
  });

  it('also streams over server-sent events on /graphql, authenticated by the header (GraphiQL uses this)', async () => {
    const controller = new AbortController();
    const response = await fetch(`${b.app.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'subscription { deliveryStatus(sourceName: "alpha") { event { id status } attempt { status } } }' }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const stream = readEventStream(response);
    const publishOne = async () => (await publish(a, 'alpha', { marker: 'sse' })).publishEvent.events[0].id;
    const streamed = await publishUntilStreamed(stream, publishOne, (text) => text.includes('"SUCCESSFUL"'));
    controller.abort();
    expect(streamed).toBe(true);
    expect(stream.text).toContain('"attempt":{"status":"SUCCESSFUL"}');
  });

  it('closes a socket without the key with 4403 Forbidden and the reason', async () => {
    for (const [authorization, reason] of [[null, /^Missing API key/], ['Bearer wrong-key-000000000000', /^Invalid API key/]] as const) {
      const client = wsClient(a.app, authorization);
      const sub = subscribe(client, DeliveryStatus, { sourceName: 'alpha' });
      await sub.waitFor(() => sub.errors.length > 0, 5_000);
      expect(sub.errors).toEqual([expect.objectContaining({ code: 4403, reason: expect.stringMatching(reason) })]);
      await client.dispose();
    }
    expect(ADMIN_KEY).toBeTruthy();
  });
});
