import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateTenantToken, DestinationSecret, EventRequestById, PublishEvent, UpsertConnection } from './documents.ts';
import { ADMIN_KEY, useTestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

const fixture = useTestApp({ maxBodyBytes: 2048 });
let hook: Receiver;
let destinationId: string;

beforeAll(async () => {
  hook = await startReceiver();
  const { upsertConnection } = await fixture.t.gql(UpsertConnection, {
    input: { name: 'rest', source: { name: 'rest' }, destination: { name: 'rest', url: hook.url } },
  });
  destinationId = upsertConnection.destination.id;
  await fixture.t.gql(UpsertConnection, {
    input: {
      name: 'orders-only',
      source: { name: 'rest-filtered' },
      destination: { name: 'orders', url: hook.url },
      rules: { filter: { path: { $startsWith: '/orders' }, query: { region: 'eu' } } },
    },
  });
  return () => hook.close();
});

async function post(body: Buffer | string, headers: Record<string, string>, path = '') {
  const response = await request(`${fixture.t.app.url}/v1/publish${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-hookrelay-source-name': 'rest', ...headers },
    body,
  });
  return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
}

const countRequests = async () => Number((await queryDatabase<{ n: string }>(fixture.databaseUrl, 'SELECT count(*) AS n FROM event_request'))[0].n);

describe('POST /v1/publish', () => {
  it.each([
    ['JSON with whitespace and non-ASCII', 'application/json; charset=utf-8', Buffer.from('{ "a" :  1,\n  "name": "Zoë 東京 🚀" }\n', 'utf8')],
    ['plain text', 'text/plain', Buffer.from('  line one\r\nline two\t ', 'utf8')],
    ['a binary body', 'application/octet-stream', Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0x0d, 0x80, 0x7f, 0x00])],
  ])('stores and delivers %s byte for byte, signed over those bytes', async (_what, contentType, bytes) => {
    const before = hook.requests.length;
    const { status, json } = await post(bytes, { 'content-type': contentType, 'x-platform-sig': 'abc' });
    expect(status).toBe(200);
    expect(json.eventRequestId).toMatch(/^req_/);
    const delivered = (await hook.waitForRequests(before + 1)).at(-1)!;
    expect(Buffer.compare(delivered.rawBody, bytes)).toBe(0);
    expect(delivered.headers['content-type']).toBe(contentType);
    expect(delivered.headers['x-platform-sig']).toBe('abc');
    expect(delivered.headers.authorization).toBeUndefined();
    const { destinationSecret } = await fixture.t.gql(DestinationSecret, { destinationId });
    const id = delivered.headers['webhook-id'];
    const timestamp = delivered.headers['webhook-timestamp'];
    // Standard Webhooks signs "id.timestamp.body" over the body's exact bytes.
    const key = Buffer.from(destinationSecret!.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), bytes])).digest('base64');
    expect(delivered.headers['webhook-signature']).toBe(`v1,${expected}`);
    if (contentType.startsWith('application/json')) {
      expect(new Webhook(destinationSecret!).verify(delivered.body, delivered.headers as Record<string, string>)).toEqual({ a: 1, name: 'Zoë 東京 🚀' });
    }
  });

  it('shows the parsed JSON on the EventRequest and honours idempotency-key', async () => {
    const first = await post('{"order": 7}', { 'content-type': 'application/json', 'idempotency-key': 'rest-7' });
    const again = await post('{"order": 8}', { 'content-type': 'application/json', 'idempotency-key': 'rest-7' });
    expect(again.json).toMatchObject({ eventRequestId: first.json.eventRequestId, replayed: true });
    const { eventRequest } = await fixture.t.gql(EventRequestById, { id: String(first.json.eventRequestId) });
    expect(eventRequest?.body).toEqual({ order: 7 });
    expect(eventRequest?.headers).not.toHaveProperty('authorization');
  });

  it('matches filters on the path after /v1/publish and the query', async () => {
    const filtered = async (path: string) =>
      (await post('{}', { 'content-type': 'application/json', 'x-hookrelay-source-name': 'rest-filtered' }, path)).json.events;
    expect(await filtered('/orders/7?region=eu')).toBe(1);
    expect(await filtered('/orders/7?region=us')).toBe(0);
    expect(await filtered('/users/7?region=eu')).toBe(0);
  });

  it.each<[string, Record<string, string>, number, string]>([
    ['no API key', { authorization: '' }, 401, 'UNAUTHENTICATED'],
    ['a tenant token', { authorization: 'TENANT' }, 403, 'FORBIDDEN'],
    ['no source header', { 'x-hookrelay-source-name': '' }, 400, 'BAD_USER_INPUT'],
    ['an unknown source', { 'x-hookrelay-source-name': 'nobody' }, 404, 'NOT_FOUND'],
    ['no content-type', { 'content-type': '' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body over the limit', { 'x-big': 'yes' }, 413, 'PAYLOAD_TOO_LARGE'],
  ])('answers %s with %i and a hint, storing nothing', async (_what, overrides, status, code) => {
    // Start from a valid call; '' removes a header.
    const headers: Record<string, string> = {
      authorization: `Bearer ${ADMIN_KEY}`,
      'x-hookrelay-source-name': 'rest',
      'content-type': 'application/json',
      ...overrides,
    };
    if (headers.authorization === 'TENANT') {
      headers.authorization = `Bearer ${(await fixture.t.gql(CreateTenantToken, { sourceName: 'rest' })).createTenantToken}`;
    }
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
    const before = await countRequests();
    const body = headers['x-big'] ? JSON.stringify({ blob: 'x'.repeat(3000) }) : '{"ok":true}';
    const response = await request(`${fixture.t.app.url}/v1/publish`, { method: 'POST', headers, body });
    const json = (await response.body.json()) as { error: { code: string; message: string; hint: string } };
    expect(response.statusCode).toBe(status);
    expect(json.error.code).toBe(code);
    expect(json.error.message.length).toBeGreaterThan(10);
    expect(json.error.hint.length).toBeGreaterThan(5);
    expect(await countRequests()).toBe(before);
  });

  it('refuses NUL inside a GraphQL JSON body with a pointer to the REST endpoint', async () => {
    const result = await fixture.t.raw(PublishEvent, { input: { source: 'rest', body: { text: 'a\u0000b' } } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
    expect(result.errors?.[0]?.message).toContain('/v1/publish');
  });
});
