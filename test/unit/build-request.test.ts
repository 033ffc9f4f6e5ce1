import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  authHeaderNameProblem,
  buildDeliveryRequest,
  headerPrefixProblem,
  type DeliveryRequestInput,
  type DestinationAuth,
} from '../../src/delivery/build-request.ts';
import { verifyCustomSignature } from '../../src/signing/custom-signature.ts';
import { generateSecret } from '../../src/signing/standard-webhooks.ts';

const secret = generateSecret();

const input = (overrides: Partial<DeliveryRequestInput> = {}): DeliveryRequestInput => ({
  url: 'https://receiver.example/hooks?x=1',
  eventId: 'evt_01jabc',
  attemptNumber: 1,
  sourceName: 'acme',
  auth: { strategy: 'STANDARD_WEBHOOKS', secrets: [secret] },
  userAgent: 'Hookrelay/1.2.3',
  publishedHeaders: {},
  body: { json: { type: 'order.created', id: 1001 } },
  now: new Date(),
  ...overrides,
});

describe('buildDeliveryRequest', () => {
  it('serializes the body as JSON and keeps the URL', () => {
    const request = buildDeliveryRequest(input({ body: { json: { a: [1, 'two', null], b: { c: true } } } }));
    expect(request.url).toBe('https://receiver.example/hooks?x=1');
    expect(request.body).toBe('{"a":[1,"two",null],"b":{"c":true}}');
  });

  it.each([
    ['a string', 'hello', '"hello"'],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['an array', [1, 2], '[1,2]'],
  ])('serializes %s body', (_label, body, expected) => {
    expect(buildDeliveryRequest(input({ body: { json: body } })).body).toBe(expected);
  });

  it('sends a raw body byte for byte with the published content-type, signed over those bytes', () => {
    const raw = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7b]);
    const request = buildDeliveryRequest(input({ body: { raw }, publishedHeaders: { 'Content-Type': 'application/x-acme' } }));
    expect(Buffer.compare(request.body as Buffer, raw)).toBe(0);
    expect(request.headers['content-type']).toBe('application/x-acme');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const signed = Buffer.concat([Buffer.from(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.`), raw]);
    expect(request.headers['webhook-signature']).toBe(`v1,${createHmac('sha256', key).update(signed).digest('base64')}`);
  });

  it('sets our headers, with the attempt number as a 1-based string', () => {
    const { headers } = buildDeliveryRequest(input({ attemptNumber: 3, auth: { strategy: 'NONE' } }));
    expect(headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Hookrelay/1.2.3',
      'x-hookrelay-event-id': 'evt_01jabc',
      'x-hookrelay-attempt': '3',
      'x-hookrelay-source-name': 'acme',
    });
  });

  it('forwards published headers with lower-cased names', () => {
    const { headers } = buildDeliveryRequest(
      input({ publishedHeaders: { 'X-Acme-Region': 'eu', Authorization: 'Bearer tenant-token', 'x-acme-agent': 'acme/1' } }),
    );
    expect(headers['x-acme-region']).toBe('eu');
    expect(headers.authorization).toBe('Bearer tenant-token');
    expect(headers['x-acme-agent']).toBe('acme/1');
    expect(Object.keys(headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('sends our user-agent: a published one, in any case, does not replace it', () => {
    const { headers } = buildDeliveryRequest(input({ publishedHeaders: { 'User-Agent': 'acme/1', 'user-agent': 'acme/2' } }));
    expect(headers['user-agent']).toBe('Hookrelay/1.2.3');
    expect(Object.values(headers)).not.toContain('acme/1');
    expect(Object.values(headers)).not.toContain('acme/2');
  });

  it('refuses user-agent as the header of an API key or signature', () => {
    expect(authHeaderNameProblem('User-Agent')).toMatch(/already one of Hookrelay's headers/);
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
      const request = buildDeliveryRequest(input({ body: { json: body }, publishedHeaders: { 'x-acme-region': 'eu' } }));
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

    it('signs with every secret during a rotation, current first, each verifying on its own', () => {
      const previous = generateSecret();
      const request = buildDeliveryRequest(input({ auth: { strategy: 'STANDARD_WEBHOOKS', secrets: [secret, previous] } }));
      const signatures = request.headers['webhook-signature'].split(' ');
      expect(signatures).toHaveLength(2);
      expect(signatures.every((signature) => /^v1,[A-Za-z0-9+/]{43}=$/.test(signature))).toBe(true);
      expect(new Webhook(secret).verify(request.body, request.headers)).toEqual((input().body as { json: unknown }).json);
      expect(new Webhook(previous).verify(request.body, request.headers)).toEqual((input().body as { json: unknown }).json);
      expect(() => new Webhook(generateSecret()).verify(request.body, request.headers)).toThrow(/No matching signature/);
      expect(signatures[0]).toBe(buildDeliveryRequest(input()).headers['webhook-signature']);
    });

    it('signs once with a secret listed twice', () => {
      const { headers } = buildDeliveryRequest(input({ auth: { strategy: 'STANDARD_WEBHOOKS', secrets: [secret, secret] } }));
      expect(headers['webhook-signature'].split(' ')).toHaveLength(1);
    });

    it('throws a clear error without a secret', () => {
      expect(() => buildDeliveryRequest(input({ auth: { strategy: 'STANDARD_WEBHOOKS', secrets: [] } }))).toThrow(
        /evt_01jabc.*STANDARD_WEBHOOKS.*no signing secret/,
      );
    });
  });

  describe('NONE', () => {
    it('sends no webhook-* headers, not even published ones', () => {
      const { headers } = buildDeliveryRequest(
        input({
          auth: { strategy: 'NONE' },
          publishedHeaders: { 'webhook-id': 'a', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x', 'Webhook-Other': 'x' },
        }),
      );
      expect(Object.keys(headers).filter((name) => name.startsWith('webhook-'))).toEqual([]);
    });
  });

  describe('CUSTOM_SIGNATURE', () => {
    const custom = (secrets: string[], headerName = 'x-hookrelay-signature'): DestinationAuth => ({
      strategy: 'CUSTOM_SIGNATURE',
      secrets,
      headerName,
    });
    // Computed here with node:crypto, not with our module, so the test states the scheme itself.
    const hmac = (key: string | Buffer, body: string | Buffer) => createHmac('sha256', key).update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body).digest('base64');

    it.each([
      ['ASCII', { type: 'order.created', id: 1001 }],
      ['non-ASCII', { customer: 'Zoë Ærøskøbing', city: '東京', note: '🚀 \u2028' }],
    ])('puts the base64 HMAC-SHA256 of the exact body bytes in the header (%s body)', (_label, body) => {
      const request = buildDeliveryRequest(input({ body: { json: body }, auth: custom(['s3cr3t-ütf8']) }));
      expect(request.headers['x-hookrelay-signature']).toBe(hmac(Buffer.from('s3cr3t-ütf8', 'utf8'), request.body));
      expect(verifyCustomSignature('s3cr3t-ütf8', request.body, request.headers['x-hookrelay-signature'])).toBe(true);
    });

    it('keys with the decoded bytes of a whsec_ secret', () => {
      const request = buildDeliveryRequest(input({ auth: custom([secret]) }));
      expect(request.headers['x-hookrelay-signature']).toBe(hmac(Buffer.from(secret.slice(6), 'base64'), request.body));
    });

    it('uses the header name given, lower-cased, and sends no webhook-* headers', () => {
      const { headers } = buildDeliveryRequest(
        input({ auth: custom(['k'], 'X-Acme-Signature'), publishedHeaders: { 'webhook-signature': 'v1,forged' } }),
      );
      expect(headers).toHaveProperty('x-acme-signature');
      expect(headers).not.toHaveProperty('x-hookrelay-signature');
      expect(Object.keys(headers).filter((name) => name.startsWith('webhook-'))).toEqual([]);
    });

    it('comma-separates one signature per secret during a rotation, each verifying on its own', () => {
      const request = buildDeliveryRequest(input({ auth: custom(['current', 'previous']) }));
      const value = request.headers['x-hookrelay-signature'];
      expect(value).toBe(`${hmac('current', request.body)},${hmac('previous', request.body)}`);
      expect(verifyCustomSignature('current', request.body, value)).toBe(true);
      expect(verifyCustomSignature('previous', request.body, value)).toBe(true);
      expect(verifyCustomSignature('other', request.body, value)).toBe(false);
    });

    it('is a plain signature with one secret, and differs for another body', () => {
      const a = buildDeliveryRequest(input({ auth: custom(['k']) }));
      const b = buildDeliveryRequest(input({ auth: custom(['k']), body: { json: { id: 2 } } }));
      expect(a.headers['x-hookrelay-signature']).not.toContain(',');
      expect(a.headers['x-hookrelay-signature']).not.toBe(b.headers['x-hookrelay-signature']);
    });

    it('throws a clear error without a secret', () => {
      expect(() => buildDeliveryRequest(input({ auth: custom([]) }))).toThrow(/evt_01jabc.*CUSTOM_SIGNATURE.*no signing secret/);
    });

    it.each(['content-type', 'Host', 'webhook-signature', 'x-hookrelay-attempt', 'bad name', ''])(
      'refuses the header name %j',
      (headerName) => {
        expect(() => buildDeliveryRequest(input({ auth: custom(['k'], headerName) }))).toThrow(/evt_01jabc.*CUSTOM_SIGNATURE header name/);
      },
    );
  });

  describe('BASIC', () => {
    const decode = (header: string) => Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');

    it('sends base64 of user:password (UTF-8)', () => {
      const { headers } = buildDeliveryRequest(input({ auth: { strategy: 'BASIC', username: 'acme', password: 'pä:ss wörd' } }));
      expect(headers.authorization).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
      expect(decode(headers.authorization)).toBe('acme:pä:ss wörd');
      expect(headers).not.toHaveProperty('webhook-signature');
    });

    it('allows an empty password, as API keys sent as the user name need', () => {
      const { headers } = buildDeliveryRequest(input({ auth: { strategy: 'BASIC', username: 'sk_live_1', password: '' } }));
      expect(headers.authorization).toBe(`Basic ${Buffer.from('sk_live_1:').toString('base64')}`);
    });

    it('refuses a user name with a colon, which RFC 7617 cannot carry', () => {
      expect(() => buildDeliveryRequest(input({ auth: { strategy: 'BASIC', username: 'a:b', password: 'p' } }))).toThrow(
        /evt_01jabc.*BASIC username/,
      );
    });
  });

  describe('BEARER', () => {
    it('sends the token', () => {
      const { headers } = buildDeliveryRequest(input({ auth: { strategy: 'BEARER', token: 'tok_123.abc' } }));
      expect(headers.authorization).toBe('Bearer tok_123.abc');
    });

    it.each([
      ['empty', '', /no token/],
      ['with a line break', 'tok\r\nx-injected: 1', /token contains a line break/],
    ])('refuses a token that is %s', (_label, token, message) => {
      expect(() => buildDeliveryRequest(input({ auth: { strategy: 'BEARER', token } }))).toThrow(message);
    });
  });

  describe('API_KEY', () => {
    it('sends the value in the named header, lower-cased', () => {
      const { headers } = buildDeliveryRequest(input({ auth: { strategy: 'API_KEY', headerName: 'X-Api-Key', value: 'k-1' } }));
      expect(headers['x-api-key']).toBe('k-1');
      expect(headers).not.toHaveProperty('authorization');
    });

    it('may use authorization itself, with a scheme of the receiver\'s choosing', () => {
      const { headers } = buildDeliveryRequest(input({ auth: { strategy: 'API_KEY', headerName: 'Authorization', value: 'Token k-1' } }));
      expect(headers.authorization).toBe('Token k-1');
    });

    it.each(['content-type', 'content-length', 'webhook-id', 'proxy-authorization', 'x-hookrelay-event-id', 'x:y'])(
      'refuses the header name %j',
      (headerName) => {
        expect(() => buildDeliveryRequest(input({ auth: { strategy: 'API_KEY', headerName, value: 'k' } }))).toThrow(
          /evt_01jabc.*API_KEY header name/,
        );
      },
    );

    it('refuses a value with a line break or NUL', () => {
      expect(() => buildDeliveryRequest(input({ auth: { strategy: 'API_KEY', headerName: 'x-key', value: 'a\nb' } }))).toThrow(/line break/);
      expect(() => buildDeliveryRequest(input({ auth: { strategy: 'API_KEY', headerName: 'x-key', value: 'a\0b' } }))).toThrow(/NUL/);
    });
  });

  describe('header precedence', () => {
    const cases: [string, DestinationAuth, string][] = [
      ['BASIC', { strategy: 'BASIC', username: 'u', password: 'p' }, 'authorization'],
      ['BEARER', { strategy: 'BEARER', token: 't' }, 'authorization'],
      ['API_KEY', { strategy: 'API_KEY', headerName: 'x-api-key', value: 'k' }, 'x-api-key'],
      ['CUSTOM_SIGNATURE', { strategy: 'CUSTOM_SIGNATURE', secrets: ['k'], headerName: 'x-sig' }, 'x-sig'],
      ['STANDARD_WEBHOOKS', { strategy: 'STANDARD_WEBHOOKS', secrets: [secret] }, 'webhook-signature'],
    ];

    it.each(cases)('a published header never replaces the %s header, in any case', (_label, auth, name) => {
      const expected = buildDeliveryRequest(input({ auth })).headers[name];
      const { headers } = buildDeliveryRequest(
        input({ auth, publishedHeaders: { [name.toUpperCase()]: 'forged', [name]: 'forged', 'x-other': 'kept' } }),
      );
      expect(headers[name]).toBe(expected);
      expect(Object.values(headers)).not.toContain('forged');
      expect(headers['x-other']).toBe('kept');
    });

    it('puts our headers after the published ones even when it replaces one', () => {
      const { headers } = buildDeliveryRequest(
        input({ auth: { strategy: 'BEARER', token: 't' }, publishedHeaders: { Authorization: 'forged', 'x-a': '1' } }),
      );
      expect(Object.keys(headers)).toEqual([
        'x-a',
        'content-type',
        'user-agent',
        'x-hookrelay-event-id',
        'x-hookrelay-attempt',
        'x-hookrelay-source-name',
        'authorization',
      ]);
    });

    it('keeps every header we set, whatever the publisher sends (property)', () => {
      const ourNames = ['content-type', 'user-agent', 'authorization', 'x-acme-event-id', 'x-acme-attempt', 'x-acme-source-name'];
      const name = fc.oneof(
        fc.constantFrom(...ourNames, 'webhook-id', 'x-hookrelay-event-id'),
        fc.constantFrom(...ourNames).map((n) => n.toUpperCase()),
        fc.stringMatching(/^[a-z][a-z-]{0,10}$/),
      );
      fc.assert(
        fc.property(fc.dictionary(name, fc.string()), (publishedHeaders) => {
          const auth: DestinationAuth = { strategy: 'BEARER', token: 'tok' };
          const expected = buildDeliveryRequest(input({ auth, headerPrefix: 'x-acme-' })).headers;
          const { headers } = buildDeliveryRequest(input({ auth, headerPrefix: 'x-acme-', publishedHeaders }));
          expect(headers).toMatchObject(expected);
        }),
      );
    });
  });

  describe('headerPrefix', () => {
    it('renames our three headers, lower-cased', () => {
      const { headers } = buildDeliveryRequest(input({ auth: { strategy: 'NONE' }, attemptNumber: 2, headerPrefix: 'X-Acme-' }));
      expect(headers).toEqual({
        'content-type': 'application/json',
        'user-agent': 'Hookrelay/1.2.3',
        'x-acme-event-id': 'evt_01jabc',
        'x-acme-attempt': '2',
        'x-acme-source-name': 'acme',
      });
    });

    it('defaults to x-hookrelay-', () => {
      expect(buildDeliveryRequest(input({ headerPrefix: undefined })).headers).toHaveProperty('x-hookrelay-event-id');
    });

    it('lets our renamed headers win over published ones, and forwards the old names like any other', () => {
      const { headers } = buildDeliveryRequest(
        input({ headerPrefix: 'x-acme-', publishedHeaders: { 'X-Acme-Event-Id': 'evt_forged', 'x-hookrelay-event-id': 'theirs' } }),
      );
      expect(headers['x-acme-event-id']).toBe('evt_01jabc');
      expect(headers['x-hookrelay-event-id']).toBe('theirs');
    });

    it('refuses an API key header that would collide with a renamed header', () => {
      const auth: DestinationAuth = { strategy: 'API_KEY', headerName: 'x-acme-attempt', value: 'k' };
      expect(() => buildDeliveryRequest(input({ auth, headerPrefix: 'x-acme-' }))).toThrow(/already one of Hookrelay's headers/);
      expect(buildDeliveryRequest(input({ auth })).headers['x-acme-attempt']).toBe('k');
    });

    it.each(['x acme-', 'x-acme:', 'webhook-', 'Proxy-', 'x-é-'])('refuses the prefix %j', (headerPrefix) => {
      expect(() => buildDeliveryRequest(input({ headerPrefix }))).toThrow(/evt_01jabc.*header prefix/);
    });
  });

  describe('validation helpers', () => {
    it.each([
      ['x-hookrelay-', null],
      ['', null],
      ['X-Acme-', null],
      ['webhook-', /reserved/],
      ['x acme-', /not a valid HTTP header name/],
    ])('headerPrefixProblem(%j)', (prefix, expected) => {
      const problem = headerPrefixProblem(prefix);
      if (expected === null) expect(problem).toBeNull();
      else expect(problem).toMatch(expected);
    });

    it.each([
      ['X-Api-Key', undefined, null],
      ['authorization', undefined, null],
      ['x-hookrelay-source-name', undefined, /already one of Hookrelay's headers/],
      ['x-hookrelay-source-name', 'x-acme-', null],
      ['x-acme-source-name', 'x-acme-', /already one of Hookrelay's headers/],
      ['Content-Type', undefined, /reserved/],
      ['transfer-encoding', undefined, /reserved/],
      ['', undefined, /not a valid HTTP header name/],
    ])('authHeaderNameProblem(%j, %j)', (name, prefix, expected) => {
      const problem = authHeaderNameProblem(name, prefix);
      if (expected === null) expect(problem).toBeNull();
      else expect(problem).toMatch(expected);
    });
  });
});
