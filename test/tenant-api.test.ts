import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  CreateTenantToken,
  DeliveryStatus,
  DestinationHealth,
  DestinationHeaders,
  DestinationSecret,
  EventById,
  Issues,
  SendTestEvent,
  UpsertConnection,
  UpsertEventType,
} from './documents.ts';
import { subscribe, useTestApp, wsClient } from './helpers/app.ts';
import { deliveryFlows } from './helpers/flows.ts';
import { useReceivers } from './helpers/receiver.ts';

const fixture = useTestApp({ deliveryTimeoutMs: 1_000 });
const receiver = useReceivers();
const { connect, publish, settled } = deliveryFlows(() => fixture.t, 'api');
const errorOf = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) => result.errors?.[0];

const upsertWithHeaders = (connection: { name: string; source: { name: string } }, url: string, headers: unknown, auth?: { strategy: 'BEARER'; token: string }) =>
  fixture.t.raw(UpsertConnection, {
    input: { name: connection.name, source: { name: connection.source.name }, destination: { name: connection.name, url, headers, ...(auth ? { auth } : {}) } },
  });

describe('destination headers', () => {
  it('are added to every delivery, over published headers of the same name, never over our own', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url);
    expect((await upsertWithHeaders(connection, hook.url, { 'X-Team': 'payments', 'x-region': 'eu' })).errors).toBeUndefined();
    const shown = await fixture.t.gql(DestinationHeaders, { name: connection.source.name });
    expect(shown.source?.connections.edges[0]?.node.destination.headers).toEqual({ 'x-team': 'payments', 'x-region': 'eu' });
    await publish(connection.source.name, { n: 1 }, { headers: { 'x-region': 'us', 'x-from-publisher': 'yes' } });
    const [request] = await hook.waitForRequests(1);
    expect(request.headers).toMatchObject({ 'x-team': 'payments', 'x-region': 'eu', 'x-from-publisher': 'yes' });
    const { destinationSecret } = await fixture.t.gql(DestinationSecret, { destinationId: connection.destination.id });
    expect(new Webhook(destinationSecret!).verify(request.body, request.headers as Record<string, string>)).toEqual({ n: 1 });
  });

  it.each([
    [{ 'webhook-signature': 'v1,forged' }, 'webhook-signature'],
    [{ 'Content-Type': 'text/plain' }, 'Content-Type'],
    [{ 'user-agent': 'curl/8' }, 'user-agent'],
    [{ 'x-hookrelay-attempt': '9' }, 'x-hookrelay-attempt'],
    [{ host: 'evil.example' }, 'host'],
    [{ 'x-ok': 'line\nbreak' }, 'x-ok'],
    [{ 'bad name': 'x' }, 'bad name'],
  ])('refuses %j naming the header', async (headers, name) => {
    const connection = await connect('http://127.0.0.1:9/never');
    const error = errorOf(await upsertWithHeaders(connection, 'http://127.0.0.1:9/never', headers));
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `input.destination.headers.${name}` });
  });

  it("refuses the header the destination's auth strategy sets itself", async () => {
    const connection = await connect('http://127.0.0.1:9/never');
    const error = errorOf(await upsertWithHeaders(connection, 'http://127.0.0.1:9/never', { Authorization: 'Bearer mine' }, { strategy: 'BEARER', token: 'secret-token' }));
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.destination.headers.authorization' });
    expect(error?.message).toMatch(/BEARER authentication sets "authorization" itself/);
  });
});

describe('sendTestEvent', () => {
  it("delivers a signed ping through that one connection, as a test event in history and live", async () => {
    const hook = await receiver();
    const other = await receiver();
    const connection = await connect(hook.url);
    await fixture.t.gql(UpsertConnection, { input: { name: 'sibling', source: { name: connection.source.name }, destination: { name: 'sibling', url: other.url } } });
    const ws = wsClient(fixture.t.app);
    const live = subscribe(ws, DeliveryStatus, { sourceName: connection.source.name });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { sendTestEvent: event } = await fixture.t.gql(SendTestEvent, { connectionId: connection.id });
    expect(event).toMatchObject({ test: true, request: { eventType: 'hookrelay.ping' } });
    const [request] = await hook.waitForRequests(1);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'hookrelay.ping', connectionId: connection.id });
    const { destinationSecret } = await fixture.t.gql(DestinationSecret, { destinationId: connection.destination.id });
    expect(() => new Webhook(destinationSecret!).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
    expect((await settled(event.id)).status).toBe('SUCCESSFUL');
    await live.waitFor((items) => items.some((item) => item.deliveryStatus.event.id === event.id && item.deliveryStatus.attempt?.status === 'SUCCESSFUL'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(other.requests).toHaveLength(0);
    live.stop();
    await ws.dispose();
  });

  it("sends the type's example, and refuses a type that is unknown or has no example", async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, { filter: { body: { never: true } } });
    await fixture.t.gql(UpsertEventType, { input: { name: 'invoice.paid', example: { invoice: 'in_1', amount: 100 } } });
    await fixture.t.gql(UpsertEventType, { input: { name: 'invoice.voided' } });
    await fixture.t.gql(SendTestEvent, { connectionId: connection.id, eventType: 'invoice.paid' });
    // The connection's filter would drop it; a test goes through anyway.
    expect(JSON.parse((await hook.waitForRequests(1))[0].body)).toEqual({ invoice: 'in_1', amount: 100 });
    expect(errorOf(await fixture.t.raw(SendTestEvent, { connectionId: connection.id, eventType: 'invoice.unknown' }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventType' });
    expect(errorOf(await fixture.t.raw(SendTestEvent, { connectionId: connection.id, eventType: 'invoice.voided' }))?.message).toMatch(/has no example/);
  });

  it('leaves failed test deliveries out of issues and the failure streak', async () => {
    const hook = await receiver({ respond: () => ({ status: 500 }) });
    const connection = await connect(hook.url, { retry: { strategy: 'LINEAR', count: 0, intervalMs: 100 } });
    const { sendTestEvent: event } = await fixture.t.gql(SendTestEvent, { connectionId: connection.id });
    expect((await settled(event.id)).status).toBe('FAILED');
    const health = await fixture.t.gql(DestinationHealth, { sourceName: connection.source.name });
    expect(health.source?.connections.edges[0]?.node.destination).toMatchObject({ consecutiveFailures: 0, failingSince: null });
    expect((await fixture.t.gql(Issues, { sourceName: connection.source.name })).issues).toEqual([]);
    const { event: stored } = await fixture.t.gql(EventById, { id: event.id });
    expect(stored?.status).toBe('FAILED');
  });

  it("lets a managing tenant test its own connections only", async () => {
    const mine = await connect('http://127.0.0.1:9/never', { delayMs: 3_600_000 });
    const theirs = await connect('http://127.0.0.1:9/never', { delayMs: 3_600_000 });
    const token = async (canManage: boolean) => `Bearer ${(await fixture.t.gql(CreateTenantToken, { sourceName: mine.source.name, ttlSeconds: 600, canManage })).createTenantToken}`;
    const manager = await token(true);
    const reader = await token(false);
    expect((await fixture.t.raw(SendTestEvent, { connectionId: mine.id }, manager)).errors).toBeUndefined();
    expect(errorOf(await fixture.t.raw(SendTestEvent, { connectionId: mine.id }, reader))?.extensions?.code).toBe('FORBIDDEN');
    expect(errorOf(await fixture.t.raw(SendTestEvent, { connectionId: theirs.id }, manager))?.extensions?.code).toBe('FORBIDDEN');
  });
});
