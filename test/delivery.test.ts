import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newId } from '../src/ids.ts';
import { DestinationSecret } from './documents.ts';
import { useTestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';
import { deliveryFlows } from './helpers/flows.ts';
import { failTimes, refusedUrl, useReceivers } from './helpers/receiver.ts';

const fixture = useTestApp({ deliveryTimeoutMs: 500, recoveryIntervalMs: 1_000 });
const receiver = useReceivers();
const { connect: connectWithRules, publish, settled } = deliveryFlows(() => fixture.t, 'c');

type RetryInput = { strategy: 'LINEAR' | 'EXPONENTIAL'; count: number; intervalMs: number; responseStatusCodes?: string[] };
const connect = (url: string, retry?: RetryInput) => connectWithRules(url, retry ? { retry } : {});

/** An event due 5 s ago, stored directly (no publish, no wake), leased for `leasedForMs` when given. */
async function insertDueEvent(connection: { id: string; source: { id: string } }, leasedForMs: number | null): Promise<string> {
  const eventId = newId('evt');
  await queryDatabase(
    fixture.databaseUrl,
    `WITH request AS (INSERT INTO event_request (id, source_id, headers, body) VALUES ($1, $3, '{}', '{"stored":true}') RETURNING id),
     event AS (INSERT INTO event (id, request_id, connection_id, source_id, status, next_attempt_at)
               SELECT $2, request.id, $4, $3, 'QUEUED', now() - interval '5 seconds' FROM request RETURNING id, connection_id)
     INSERT INTO event_lease (event_id, destination_id, locked_until)
     SELECT event.id, c.destination_id, now() + make_interval(secs => $5::double precision / 1000)
       FROM event JOIN connection c ON c.id = event.connection_id WHERE $5::double precision IS NOT NULL`,
    [newId('req'), eventId, connection.source.id, connection.id, leasedForMs],
  );
  return eventId;
}

describe('delivery', () => {
  it('POSTs the body as JSON with the published headers, Hookrelay headers and a Standard Webhooks signature', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url);
    const body = { type: 'invoice.paid', amount: 4200, customer: 'Zoë', tags: ['a', 'b'] };
    const published = await publish(connection.source.name, body, { headers: { 'x-tenant-id': 't-1' } });
    const [request] = await hook.waitForRequests(1);
    const eventId = published.events[0].id;

    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-tenant-id']).toBe('t-1');
    expect(request.headers['x-hookrelay-event-id']).toBe(eventId);
    expect(request.headers['x-hookrelay-attempt']).toBe('1');
    expect(request.headers['x-hookrelay-source-name']).toBe(connection.source.name);
    expect(request.headers['webhook-id']).toBe(eventId);
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(JSON.parse(request.body)).toEqual(body);

    // Verified with the public standardwebhooks package, not with our own code.
    const { destinationSecret } = await fixture.t.gql(DestinationSecret, { destinationId: connection.destination.id });
    const verified = new Webhook(destinationSecret!).verify(request.body, request.headers as Record<string, string>);
    expect(verified).toEqual(body);
    expect(() => new Webhook(destinationSecret!).verify(request.body.replace('4200', '4201'), request.headers as Record<string, string>)).toThrow();

    const event = await settled(eventId);
    expect(event).toMatchObject({ status: 'SUCCESSFUL', attemptCount: 1, lastResponseStatus: 200, nextAttemptAt: null });
    expect(event.attempts).toEqual([
      expect.objectContaining({ number: 1, trigger: 'INITIAL', status: 'SUCCESSFUL', responseStatus: 200, errorCode: null }),
    ]);
    expect(event.attempts[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('retries a 500 twice, then succeeds on the third attempt with the same webhook-id', async () => {
    const hook = await receiver({ respond: failTimes(2, 500) });
    const connection = await connect(hook.url, { strategy: 'LINEAR', count: 3, intervalMs: 100 });
    const published = await publish(connection.source.name, { n: 1 });
    const requests = await hook.waitForRequests(3);
    expect(requests.map((r) => r.headers['x-hookrelay-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([published.events[0].id]));
    const event = await settled(published.events[0].id);
    expect(event.status).toBe('SUCCESSFUL');
    expect(event.attempts.map((a) => [a.number, a.trigger, a.status, a.responseStatus])).toEqual([
      [1, 'INITIAL', 'FAILED', 500],
      [2, 'AUTOMATIC', 'FAILED', 500],
      [3, 'AUTOMATIC', 'SUCCESSFUL', 200],
    ]);
    // LINEAR 100 ms with ±10% jitter: each retry waits at least 90 ms.
    expect(requests[1].receivedAt - requests[0].receivedAt).toBeGreaterThanOrEqual(89);
  });

  it('gives up after the last retry: FAILED, with the response body kept', async () => {
    const hook = await receiver({ respond: () => ({ status: 503, body: 'maintenance until 5pm' }) });
    const connection = await connect(hook.url, { strategy: 'EXPONENTIAL', count: 2, intervalMs: 50 });
    const published = await publish(connection.source.name, { n: 2 });
    const event = await settled(published.events[0].id);
    expect(event.status).toBe('FAILED');
    expect(event.attemptCount).toBe(3);
    expect(event.nextAttemptAt).toBeNull();
    expect(event.attempts.map((a) => a.responseBody)).toEqual(Array(3).fill('maintenance until 5pm'));
    expect(hook.requests).toHaveLength(3);
  });

  it('keeps a response body with NUL bytes (PostgreSQL text cannot store them)', async () => {
    const hook = await receiver({ respond: () => ({ status: 200, body: 'ok\0done' }) });
    const connection = await connect(hook.url);
    const published = await publish(connection.source.name, { n: 'nul' });
    const event = await settled(published.events[0].id);
    expect(event.status).toBe('SUCCESSFUL');
    expect(event.attempts[0].responseBody).toBe('ok\uFFFDdone');
  });

  it('records TIMEOUT for a receiver that never answers', async () => {
    const hook = await receiver({ respond: () => 'hang' });
    const connection = await connect(hook.url, { strategy: 'LINEAR', count: 0, intervalMs: 100 });
    const published = await publish(connection.source.name, { n: 3 });
    const event = await settled(published.events[0].id);
    expect(event.status).toBe('FAILED');
    expect(event.attempts[0]).toMatchObject({ status: 'FAILED', errorCode: 'TIMEOUT', responseStatus: null });
    expect(event.attempts[0].durationMs).toBeGreaterThanOrEqual(450);
  });

  it('records CONNECTION_REFUSED and retries it', async () => {
    const connection = await connect(await refusedUrl(), { strategy: 'LINEAR', count: 1, intervalMs: 50 });
    const published = await publish(connection.source.name, { n: 4 });
    const event = await settled(published.events[0].id);
    expect(event.status).toBe('FAILED');
    expect(event.attempts.map((a) => a.errorCode)).toEqual(['CONNECTION_REFUSED', 'CONNECTION_REFUSED']);
  });

  it('does not retry a status outside responseStatusCodes', async () => {
    const hook = await receiver({ respond: () => ({ status: 404 }) });
    const connection = await connect(hook.url, { strategy: 'LINEAR', count: 3, intervalMs: 50, responseStatusCodes: ['500-599'] });
    const published = await publish(connection.source.name, { n: 5 });
    const event = await settled(published.events[0].id);
    expect(event).toMatchObject({ status: 'FAILED', attemptCount: 1, lastResponseStatus: 404 });
  });

  it('delivers a due event nobody announced (the periodic sweep claims it)', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url);
    // Store an event the way publish does, but wake nobody: as if the process died after its commit.
    const eventId = await insertDueEvent(connection, null);
    const [request] = await hook.waitForRequests(1, 10_000);
    expect(request.headers['webhook-id']).toBe(eventId);
    expect((await settled(eventId)).status).toBe('SUCCESSFUL');
  });

  it('delivers an event whose lease a dead process left behind, once the lease runs out', async () => {
    const hook = await receiver();
    const connection = await connect(hook.url);
    const eventId = await insertDueEvent(connection, 1_500);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(hook.requests).toHaveLength(0);
    const [request] = await hook.waitForRequests(1, 10_000);
    expect(request.headers['webhook-id']).toBe(eventId);
    expect((await settled(eventId)).status).toBe('SUCCESSFUL');
  });
});
