import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { buildDeliveryRequest, type DeliveryRequestInput } from '../../src/delivery/build-request.ts';
import { generateSecret } from '../../src/signing/standard-webhooks.ts';

const secret = generateSecret();

const input = (overrides: Partial<DeliveryRequestInput> = {}): DeliveryRequestInput => ({
  url: 'https://receiver.example/hooks?x=1',
  eventId: 'evt_01jabc',
  attemptNumber: 1,
  sourceName: 'acme',
  auth: { strategy: 'STANDARD_WEBHOOKS', secret },
  publishedHeaders: {},
  body: { type: 'order.created', id: 1001 },
  now: new Date(),
  ...overrides,
});

describe('buildDeliveryRequest', () => {
  it('serializes the body as JSON and keeps the URL', () => {
    const request = buildDeliveryRequest(input({ body: { a: [1, 'two', null], b: { c: true } } }));
    expect(request.url).toBe('https://receiver.example/hooks?x=1');
    expect(request.body).toBe('{"a":[1,"two",null],"b":{"c":true}}');
  });

  it.each([
    ['a string', 'hello', '"hello"'],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['an array', [1, 2], '[1,2]'],
  ])('serializes %s body', (_label, body, expected) => {
    expect(buildDeliveryRequest(input({ body })).body).toBe(expected);
  });

  it('sets our headers, with the attempt number as a 1-based string', () => {
    const { headers } = buildDeliveryRequest(input({ attemptNumber: 3, auth: { strategy: 'NONE', secret: null } }));
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-hookrelay-event-id': 'evt_01jabc',
      'x-hookrelay-attempt': '3',
      'x-hookrelay-source-name': 'acme',
    });
  });

  it('forwards published headers with lower-cased names', () => {
    const { headers } = buildDeliveryRequest(
      input({ publishedHeaders: { 'X-Acme-Region': 'eu', Authorization: 'Bearer tenant-token', 'user-agent': 'acme/1' } }),
    );
    expect(headers['x-acme-region']).toBe('eu');
    expect(headers.authorization).toBe('Bearer tenant-token');
    expect(headers['user-agent']).toBe('acme/1');
    expect(Object.keys(headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('puts published headers first and ours after them', () => {
    const { headers } = buildDeliveryRequest(input({ publishedHeaders: { 'x-b': '1', 'x-a': '2' } }));
    expect(Object.keys(headers).slice(0, 3)).toEqual(['x-b', 'x-a', 'content-type']);
  });

  it('lets our headers win over published ones with the same name, in any case', () => {
    const now = new Date();
    const { headers } = buildDeliveryRequest(
      input({
        now,
        attemptNumber: 2,
        publishedHeaders: {
          'Content-Type': 'text/plain',
          'X-Hookrelay-Event-Id': 'evt_forged',
          'x-hookrelay-attempt': '99',
          'X-HOOKRELAY-SOURCE-NAME': 'someone-else',
          'Webhook-Id': 'forged',
          'webhook-timestamp': '1',
          'Webhook-Signature': 'v1,Zm9yZ2Vk',
        },
      }),
    );
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-hookrelay-event-id']).toBe('evt_01jabc');
    expect(headers['x-hookrelay-attempt']).toBe('2');
    expect(headers['x-hookrelay-source-name']).toBe('acme');
    expect(headers['webhook-id']).toBe('evt_01jabc');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(headers['webhook-signature']).not.toContain('Zm9yZ2Vk');
  });

  it.each([
    'Host',
    'Content-Length',
    'Content-Encoding',
    'Connection',
    'Keep-Alive',
    'Transfer-Encoding',
    'Upgrade',
    'TE',
    'Trailer',
    'Expect',
    'Proxy-Authorization',
    'Proxy-Connection',
    'proxy-anything',
  ])('drops the hop-by-hop or framing header %s', (name) => {
    const { headers } = buildDeliveryRequest(input({ publishedHeaders: { [name]: 'x', 'x-kept': 'yes' } }));
    expect(headers).not.toHaveProperty(name.toLowerCase());
    expect(headers['x-kept']).toBe('yes');
  });

  it('keeps headers that merely start like a dropped one', () => {
    const { headers } = buildDeliveryRequest(input({ publishedHeaders: { 'x-host': 'a', 'content-language': 'en', tenant: 'b' } }));
    expect(headers).toMatchObject({ 'x-host': 'a', 'content-language': 'en', tenant: 'b' });
  });

  describe('STANDARD_WEBHOOKS', () => {
    it.each([
      ['ASCII', { type: 'order.created', id: 1001 }],
      ['non-ASCII', { customer: 'Zoë Ærøskøbing', city: '東京', note: '🚀 \u2028' }],
    ])('signs so that the standardwebhooks package verifies it (%s body)', (_label, body) => {
      const request = buildDeliveryRequest(input({ body, publishedHeaders: { 'x-acme-region': 'eu' } }));
      expect(new Webhook(secret).verify(request.body, request.headers)).toEqual(body);
    });

    it('uses the event id as webhook-id on every attempt, with a fresh timestamp and signature', () => {
      const first = buildDeliveryRequest(input({ attemptNumber: 1, now: new Date(Date.now() - 60_000) }));
      const retry = buildDeliveryRequest(input({ attemptNumber: 2, now: new Date() }));
      expect(first.headers['webhook-id']).toBe('evt_01jabc');
      expect(retry.headers['webhook-id']).toBe('evt_01jabc');
      expect(Number(retry.headers['webhook-timestamp']) - Number(first.headers['webhook-timestamp'])).toBe(60);
      expect(retry.headers['webhook-signature']).not.toBe(first.headers['webhook-signature']);
      expect(() => new Webhook(secret).verify(retry.body, retry.headers)).not.toThrow();
    });

    it('takes the timestamp in whole seconds from now', () => {
      const { headers } = buildDeliveryRequest(input({ now: new Date(1_700_000_000_999) }));
      expect(headers['webhook-timestamp']).toBe('1700000000');
    });

    it('does not verify with another secret', () => {
      const request = buildDeliveryRequest(input());
      expect(() => new Webhook(generateSecret()).verify(request.body, request.headers)).toThrow(/No matching signature/);
    });

    it('throws a clear error without a secret', () => {
      expect(() => buildDeliveryRequest(input({ auth: { strategy: 'STANDARD_WEBHOOKS', secret: null } }))).toThrow(
        /evt_01jabc.*STANDARD_WEBHOOKS.*no signing secret/,
      );
    });
  });

  describe('NONE', () => {
    it('sends no webhook-* headers, not even published ones', () => {
      const { headers } = buildDeliveryRequest(
        input({
          auth: { strategy: 'NONE', secret: null },
          publishedHeaders: { 'webhook-id': 'a', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x', 'Webhook-Other': 'x' },
        }),
      );
      expect(Object.keys(headers).filter((name) => name.startsWith('webhook-'))).toEqual([]);
    });

    it('ignores a secret it does not use', () => {
      const { headers } = buildDeliveryRequest(input({ auth: { strategy: 'NONE', secret } }));
      expect(headers).not.toHaveProperty('webhook-signature');
    });
  });
});
