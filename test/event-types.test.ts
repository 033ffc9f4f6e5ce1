import { describe, expect, it } from 'vitest';
import { CreateTenantToken, EventRequestById, Events, EventTypeByName, EventTypes, PublishEvent, UpsertConnection, UpsertEventType } from './documents.ts';
import { ADMIN_KEY, startTestApp, useTestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';
import { deliveryFlows } from './helpers/flows.ts';
import { useReceivers } from './helpers/receiver.ts';

const fixture = useTestApp();
const receiver = useReceivers();
const { connect, publish } = deliveryFlows(() => fixture.t, 'types');

const orderSchema = {
  type: 'object',
  required: ['id', 'total'],
  properties: { id: { type: 'integer' }, total: { type: 'number', minimum: 0 }, lines: { type: 'array', items: { type: 'object', required: ['sku'] } } },
};
const errorOf = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) => result.errors?.[0];

describe('the event type catalog', () => {
  it('creates and updates types by name, idempotently', async () => {
    const input = { name: 'order.created', description: 'An order was placed.', schema: orderSchema, example: { id: 1, total: 9.5 } };
    const first = (await fixture.t.gql(UpsertEventType, { input })).upsertEventType;
    const again = (await fixture.t.gql(UpsertEventType, { input })).upsertEventType;
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ name: 'order.created', schema: orderSchema, example: { id: 1, total: 9.5 }, deprecated: false });
    // Fields left out keep their value.
    const deprecated = (await fixture.t.gql(UpsertEventType, { input: { name: 'order.created', deprecated: true } })).upsertEventType;
    expect(deprecated).toMatchObject({ description: 'An order was placed.', schema: orderSchema, deprecated: true });
    expect((await fixture.t.gql(EventTypes, {})).eventTypes.map((t) => t.name)).not.toContain('order.created');
    expect((await fixture.t.gql(EventTypes, { includeDeprecated: true })).eventTypes.map((t) => t.name)).toContain('order.created');
    await fixture.t.gql(UpsertEventType, { input: { name: 'order.created', deprecated: false } });
  });

  it.each([
    [{ name: 'Order.Created' }, 'input.name', /dotted lowercase words/],
    [{ name: 'hookrelay.ping' }, 'input.name', /Hookrelay's own/],
    [{ name: 'bad.schema', schema: { type: 'objekt' } }, 'input.schema', /input.schema is not a valid JSON Schema \(draft 2020-12\): \/type must be equal to one of the allowed values/],
    [{ name: 'bad.example', schema: orderSchema, example: { id: 'one' } }, 'input.example', /input.example does not match the schema of bad.example: \/ must have required property 'total'; \/id must be integer/],
  ])('refuses %j naming %s', async (input, field, message) => {
    const error = errorOf(await fixture.t.raw(UpsertEventType, { input }));
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error?.message).toMatch(message);
    expect(await queryDatabase(fixture.databaseUrl, 'SELECT 1 FROM event_type WHERE name = $1', [input.name])).toEqual([]);
  });

  it('is readable by tenant tokens and changed by the platform only', async () => {
    await connect('http://127.0.0.1:9/never');
    const token = (await fixture.t.gql(CreateTenantToken, { sourceName: 'tenant-types1', ttlSeconds: 600, canManage: true })).createTenantToken;
    const asTenant = `Bearer ${token}`;
    expect((await fixture.t.raw(EventTypeByName, { name: 'order.created' }, asTenant)).data?.eventType?.schema).toEqual(orderSchema);
    expect(errorOf(await fixture.t.raw(UpsertEventType, { input: { name: 'tenant.made' } }, asTenant))?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('publishing a typed event', () => {
  it('refuses a body that breaks its schema, listing each violation with its path, and stores nothing', async () => {
    const connection = await connect('http://127.0.0.1:9/never', { delayMs: 3_600_000 });
    const before = await queryDatabase(fixture.databaseUrl, 'SELECT count(*)::int AS n FROM event_request');
    const result = await fixture.t.raw(PublishEvent, {
      input: { source: connection.source.name, eventType: 'order.created', body: { id: 1.5, total: -1, lines: [{ qty: 1 }] } },
    });
    const error = errorOf(result);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
    expect(error?.extensions?.violations).toEqual([
      { path: '/id', message: 'must be integer' },
      { path: '/lines/0', message: "must have required property 'sku'" },
      { path: '/total', message: 'must be >= 0' },
    ]);
    expect(await queryDatabase(fixture.databaseUrl, 'SELECT count(*)::int AS n FROM event_request')).toEqual(before);
  });

  it('stores the type on the request, filterable, over GraphQL and REST', async () => {
    const connection = await connect('http://127.0.0.1:9/never', { delayMs: 3_600_000 });
    const typed = await publish(connection.source.name, { id: 2, total: 3 }, { eventType: 'order.created' });
    const response = await fetch(`${fixture.t.app.url}/v1/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-hookrelay-source-name': connection.source.name, 'x-hookrelay-event-type': 'invoice.paid', 'content-type': 'application/json' },
      body: '{"invoice": 7}',
    });
    expect(response.status).toBe(200);
    const rest = (await response.json()) as { eventRequestId: string };
    await publish(connection.source.name, { untyped: true });
    expect((await fixture.t.gql(EventRequestById, { id: typed.eventRequestId })).eventRequest?.eventType).toBe('order.created');
    const restRequest = (await fixture.t.gql(EventRequestById, { id: rest.eventRequestId })).eventRequest;
    expect(restRequest?.eventType).toBe('invoice.paid');
    expect(restRequest?.headers).not.toHaveProperty('x-hookrelay-event-type');
    const filtered = async (eventTypes: string[]) =>
      (await fixture.t.gql(Events, { filter: { sourceId: connection.source.id, eventTypes } })).events.edges.map((e) => e.node.request.id);
    expect(await filtered(['order.created'])).toEqual([typed.eventRequestId]);
    expect(await filtered(['order.*', 'invoice.paid'])).toEqual([rest.eventRequestId, typed.eventRequestId]);
    expect(errorOf(await fixture.t.raw(Events, { filter: { eventTypes: ['Order'] } }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.eventTypes.0' });
  });

  it('delivers through a connection only the types it subscribes to, the others FILTERED', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, { eventTypes: ['order.*', 'invoice.paid'] });
    expect(connection.rules.eventTypes).toEqual(['order.*', 'invoice.paid']);
    const sent = [
      await publish(connection.source.name, { id: 3, total: 1 }, { eventType: 'order.created' }),
      await publish(connection.source.name, { n: 1 }, { eventType: 'invoice.paid' }),
      await publish(connection.source.name, { n: 2 }, { eventType: 'invoice.voided' }),
      await publish(connection.source.name, { n: 3 }),
    ];
    expect(sent.map((p) => p.events.length)).toEqual([1, 1, 0, 0]);
    const skipped = (await fixture.t.gql(EventRequestById, { id: sent[2].eventRequestId })).eventRequest?.skipped;
    expect(skipped).toEqual([{ connectionId: connection.id, connectionName: connection.name, reason: 'FILTERED' }]);
    const requests = await hook.waitForRequests(2);
    expect(requests.map((r) => JSON.parse(r.body))).toEqual(expect.arrayContaining([{ id: 3, total: 1 }, { n: 1 }]));
    const refused = await fixture.t.raw(UpsertConnection, {
      input: { name: connection.name, source: { name: connection.source.name }, destination: { name: connection.name, url: hook.url }, rules: { eventTypes: ['order.'] } },
    });
    expect(errorOf(refused)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rules.eventTypes.0' });
  });

  it('refuses unknown types with the catalog when HOOKRELAY_REQUIRE_EVENT_TYPES is on', async () => {
    const strict = await startTestApp(fixture.databaseUrl, { requireEventTypes: true });
    try {
      const connection = await connect('http://127.0.0.1:9/never', { delayMs: 3_600_000 });
      const error = errorOf(await strict.raw(PublishEvent, { input: { source: connection.source.name, eventType: 'order.shipped', body: {} } }));
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.eventType' });
      expect(error?.message).toMatch(/"order.shipped" is not in the event type catalog.*Known types: .*order.created/);
      const known = await strict.raw(PublishEvent, { input: { source: connection.source.name, eventType: 'order.created', body: { id: 1, total: 1 } } });
      expect(known.errors).toBeUndefined();
    } finally {
      await strict.stop();
    }
  });
});
