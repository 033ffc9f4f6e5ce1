import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DestinationSecret, RotateDestinationSecret, UpsertConnection } from './documents.ts';
import type { DestinationAuthInput } from './generated/graphql.ts';
import { startTestApp, useTestApp } from './helpers/app.ts';
import { createTestDatabase, queryDatabase } from './helpers/database.ts';
import { deliveryFlows } from './helpers/flows.ts';
import { useReceivers } from './helpers/receiver.ts';

const fixture = useTestApp();
const receiver = useReceivers();
const { publish, settled } = deliveryFlows(() => fixture.t, 's');

let counter = 0;
async function connectWithAuth(url: string, auth: DestinationAuthInput) {
  const name = `sec${++counter}`;
  const { upsertConnection } = await fixture.t.gql(UpsertConnection, {
    input: { name, source: { name: `tenant-${name}` }, destination: { name, url, auth } },
  });
  return upsertConnection;
}

describe('destination authentication', () => {
  it('CUSTOM_SIGNATURE: base64 HMAC-SHA256 of the delivered body in the chosen header', async () => {
    const hook = await receiver();
    const connection = await connectWithAuth(hook.url, { strategy: 'CUSTOM_SIGNATURE', secret: 'a-shared-secret-of-tenant', headerName: 'x-acme-sig' });
    expect(connection.destination.auth).toEqual({ strategy: 'CUSTOM_SIGNATURE', headerName: 'x-acme-sig' });
    await publish(connection.source.name, { paid: true, amount: 5 });
    const [request] = await hook.waitForRequests(1);
    const expected = createHmac('sha256', 'a-shared-secret-of-tenant').update(request.rawBody).digest('base64');
    expect(request.headers['x-acme-sig']).toBe(expected);
    expect(request.headers['webhook-signature']).toBeUndefined();
  });

  it.each([
    [{ strategy: 'BASIC' as const, username: 'acme', password: 'pa55word' }, 'authorization', `Basic ${Buffer.from('acme:pa55word').toString('base64')}`],
    [{ strategy: 'BEARER' as const, token: 'tok-123' }, 'authorization', 'Bearer tok-123'],
    [{ strategy: 'API_KEY' as const, headerName: 'x-api-key', token: 'key-456' }, 'x-api-key', 'key-456'],
  ])('%j sends %s', async (auth, header, value) => {
    const hook = await receiver();
    const connection = await connectWithAuth(hook.url, auth);
    await publish(connection.source.name, { n: 1 }, { headers: { [header]: 'forged by the publisher' } });
    const [request] = await hook.waitForRequests(1);
    expect(request.headers[header]).toBe(value);
    expect(request.headers['webhook-signature']).toBeUndefined();
  });

  it('NONE sends no signature or credentials', async () => {
    const hook = await receiver();
    const connection = await connectWithAuth(hook.url, { strategy: 'NONE' });
    await publish(connection.source.name, { n: 1 });
    const [request] = await hook.waitForRequests(1);
    expect(Object.keys(request.headers).filter((name) => /^webhook-|authorization/.test(name))).toEqual([]);
  });

  it.each([
    [{ strategy: 'BASIC' as const, username: 'acme' }, 'input.destination.auth.password'],
    [{ strategy: 'BEARER' as const }, 'input.destination.auth.token'],
    [{ strategy: 'API_KEY' as const, token: 'k' }, 'input.destination.auth.headerName'],
    [{ strategy: 'API_KEY' as const, token: 'k', headerName: 'content-type' }, 'input.destination.auth.headerName'],
    [{ strategy: 'CUSTOM_SIGNATURE' as const, secret: 'short' }, 'input.destination.auth.secret'],
  ])('refuses %j naming %s', async (auth, field) => {
    const result = await fixture.t.raw(UpsertConnection, {
      input: { name: 'bad-auth', source: { name: 'bad-auth' }, destination: { name: 'd', url: 'https://hooks.test/x', auth } },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('keeps secrets and credentials encrypted at rest', async () => {
    const connection = await connectWithAuth('https://hooks.test/enc', { strategy: 'BEARER', token: 'very-secret-token' });
    const signing = await connectWithAuth('https://hooks.test/enc2', { strategy: 'STANDARD_WEBHOOKS' });
    const rows = await queryDatabase<{ secret: string | null; credential: string | null }>(
      fixture.databaseUrl,
      'SELECT secret, credential FROM destination WHERE id = ANY($1)',
      [[connection.destination.id, signing.destination.id]],
    );
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('very-secret-token');
    const { destinationSecret } = await fixture.t.gql(DestinationSecret, { destinationId: signing.destination.id });
    expect(stored).not.toContain(destinationSecret!.slice(6));
    expect(rows.flatMap((row) => [row.secret, row.credential]).filter(Boolean).every((value) => value!.startsWith('enc:v1:'))).toBe(true);
  });
});

describe('a destination that cannot make a request', () => {
  it('fails the event for good with INVALID_DESTINATION (here: a secret that no longer decrypts)', async () => {
    const hook = await receiver();
    const connection = await connectWithAuth(hook.url, { strategy: 'STANDARD_WEBHOOKS' });
    await queryDatabase(fixture.databaseUrl, `UPDATE destination SET secret = 'enc:v1:AAAA:AAAA:AAAA' WHERE id = $1`, [connection.destination.id]);
    const { events } = await publish(connection.source.name, { n: 1 });
    const event = await settled(events[0].id);
    expect(event).toMatchObject({ status: 'FAILED', attemptCount: 1 });
    expect(event.attempts[0].errorCode).toBe('INVALID_DESTINATION');
    expect(hook.requests).toEqual([]);
  });
});

describe('secret rotation', () => {
  it('signs with both secrets until the old one expires, then with the new one only', async () => {
    const hook = await receiver();
    const connection = await connectWithAuth(hook.url, { strategy: 'STANDARD_WEBHOOKS' });
    const destinationId = connection.destination.id;
    const oldSecret = (await fixture.t.gql(DestinationSecret, { destinationId })).destinationSecret!;
    const rotated = (await fixture.t.gql(RotateDestinationSecret, { destinationId, expireCurrentInSeconds: 2 })).rotateDestinationSecret;
    expect(rotated.secretRotatedUntil).not.toBeNull();
    const newSecret = (await fixture.t.gql(DestinationSecret, { destinationId })).destinationSecret!;
    expect(newSecret).not.toBe(oldSecret);

    await publish(connection.source.name, { during: 'grace' });
    const [during] = await hook.waitForRequests(1);
    const headers = during.headers as Record<string, string>;
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(newSecret).verify(during.body, headers)).toEqual({ during: 'grace' });
    expect(new Webhook(oldSecret).verify(during.body, headers)).toEqual({ during: 'grace' });

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await publish(connection.source.name, { after: 'expiry' });
    const [, after] = await hook.waitForRequests(2);
    const afterHeaders = after.headers as Record<string, string>;
    expect(afterHeaders['webhook-signature'].split(' ')).toHaveLength(1);
    expect(new Webhook(newSecret).verify(after.body, afterHeaders)).toEqual({ after: 'expiry' });
    expect(() => new Webhook(oldSecret).verify(after.body, afterHeaders)).toThrow();
  });

  it('refuses to rotate a destination without a signing secret', async () => {
    const connection = await connectWithAuth('https://hooks.test/none', { strategy: 'NONE' });
    const result = await fixture.t.raw(RotateDestinationSecret, { destinationId: connection.destination.id });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('SSRF guard and header prefix', () => {
  // Each of these runs its own app on its own database: apps sharing a database share deliveries.
  it('refuses private addresses by default (SSRF_BLOCKED, not retried)', async () => {
    const hook = await receiver();
    const database = await createTestDatabase();
    const guarded = await startTestApp(database.url, { allowPrivateNetworks: 'false' });
    try {
      const flows = deliveryFlows(() => guarded, 'guarded');
      for (const url of [hook.url, 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:127.0.0.1]:9/x']) {
        const connection = await flows.connect(url);
        const { events } = await flows.publish(connection.source.name, { n: 1 });
        const event = await flows.settled(events[0].id);
        expect(event).toMatchObject({ status: 'FAILED', attemptCount: 1 });
        expect(event.attempts[0].errorCode).toBe('SSRF_BLOCKED');
      }
      expect(hook.requests).toEqual([]);
    } finally {
      await guarded.stop();
      await database.drop();
    }
    // The first app allows private networks (as the README's quick start does) and keeps the default prefix.
    const connection = (await deliveryFlows(() => fixture.t, 'open').connect(hook.url));
    const { events } = await publish(connection.source.name, { n: 2 });
    expect((await settled(events[0].id)).status).toBe('SUCCESSFUL');
    expect(hook.requests[0].headers['x-hookrelay-event-id']).toBe(events[0].id);
  });

  it('renames the added headers with HOOKRELAY_HEADER_PREFIX', async () => {
    const hook = await receiver();
    const database = await createTestDatabase();
    const branded = await startTestApp(database.url, { headerPrefix: 'x-acme-' });
    try {
      const flows = deliveryFlows(() => branded, 'branded');
      const connection = await flows.connect(hook.url);
      const { events } = await flows.publish(connection.source.name, { n: 1 });
      const [request] = await hook.waitForRequests(1);
      expect(request.headers['x-acme-event-id']).toBe(events[0].id);
      expect(request.headers['x-acme-attempt']).toBe('1');
      expect(request.headers['x-acme-source-name']).toBe(connection.source.name);
      expect(Object.keys(request.headers).filter((name) => name.startsWith('x-hookrelay-'))).toEqual([]);
    } finally {
      await branded.stop();
      await database.drop();
    }
  });
});
