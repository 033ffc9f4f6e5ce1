import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DestinationSecret, EventById } from './documents.ts';
import { useTestApp } from './helpers/app.ts';
import { deliveryFlows } from './helpers/flows.ts';
import { useReceivers } from './helpers/receiver.ts';

const fixture = useTestApp();
const receiver = useReceivers();
const { connect, publish, settled } = deliveryFlows(() => fixture.t, 'exact');

// jsonb orders an object's keys by length, then bytewise, and keeps the last of duplicates: each
// of these bodies comes out of it in another order than it went in.
const bodies: Array<[string, unknown]> = [
  ['the README example', { type: 'order.created', id: 1001 }],
  ['long keys before short ones', { zeta_long_key: 1, b: 2, aa: 3, a: 4 }],
  ['nesting and arrays', { order: { total: 12.5, currency: 'EUR', items: [{ sku: 'x', qty: 2, price: 1.25 }] }, meta: { z: null, y: false } }],
  ['Unicode keys and values', { 'ünïcödé': 'für dich ✓', 日本: '東京', emoji: '🎉', ascii: 'plain' }],
];

describe('payloads arrive exactly as published', () => {
  it.each(bodies)('%s: the receiver gets the JSON text of the published value, signed over those bytes', async (_name, body) => {
    const hook = await receiver();
    const connection = await connect(hook.url);
    const published = await publish(connection.source.name, body);
    const [request] = await hook.waitForRequests(1);
    expect(request.body).toBe(JSON.stringify(body));
    const { destinationSecret } = await fixture.t.gql(DestinationSecret, { destinationId: connection.destination.id });
    expect(new Webhook(destinationSecret!).verify(request.body, request.headers as Record<string, string>)).toEqual(body);
    // The stored, queryable form still shows the same value.
    await settled(published.events[0].id);
    const { event } = await fixture.t.gql(EventById, { id: published.events[0].id });
    expect(event?.request.body).toEqual(body);
  });

  it("delivers a transformation's result in the key order it built", async () => {
    const hook = await receiver();
    const connection = await connect(hook.url, {
      transformCode: '(request) => ({ ...request, body: { zz: request.body.id, type: request.body.type, a: { y: 1, x: 2 } } })',
    });
    await publish(connection.source.name, { type: 'order.created', id: 7 });
    const [request] = await hook.waitForRequests(1);
    expect(request.body).toBe('{"zz":7,"type":"order.created","a":{"y":1,"x":2}}');
  });
});
