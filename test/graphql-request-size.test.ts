import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { PublishEvent, UpsertConnection } from './documents.ts';
import { ADMIN_KEY, useTestApp } from './helpers/app.ts';

const MAX_BODY = 1_024;
const LIMIT = MAX_BODY + 65_536;
const ORIGIN = 'https://app.example';
const fixture = useTestApp({ maxBodyBytes: MAX_BODY, corsOrigins: [ORIGIN] });

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${fixture.t.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers }, body });

interface Answer {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

describe('the size of a GraphQL request', () => {
  it('refuses one over HOOKRELAY_MAX_BODY_BYTES plus the document allowance before reading it: not parsed, not authenticated', async () => {
    // Not even JSON, and no key: the size alone answers, and the browser may read why.
    const oversized = `{"query": "${'x'.repeat(LIMIT)}`;
    const response = await post(oversized);
    expect(response.status).toBe(413);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const { errors } = (await response.json()) as Answer;
    expect(errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^This GraphQL request is \d+ bytes; the limit is 66560 \(HOOKRELAY_MAX_BODY_BYTES plus 65536 for the document\)\./),
        extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'HOOKRELAY_MAX_BODY_BYTES', max: LIMIT, found: Buffer.byteLength(oversized) },
      }),
    ]);
  });

  it('runs one just under the limit', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(LIMIT - 100) } });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(LIMIT);
    const response = await post(body, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('leaves a body over the publish limit in a request under it to publishEvent, which names the field', async () => {
    await fixture.t.gql(UpsertConnection, { input: { name: 'size', source: { name: 'size' }, destination: { name: 'size', url: 'http://127.0.0.1:9/x' } } });
    const answer = await fixture.t.raw(PublishEvent, { input: { source: 'size', body: { text: 'y'.repeat(MAX_BODY) } } });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'input.body', limit: MAX_BODY });
  });

  it('refuses a chunked one, whose size is unknown until read, with 411', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const chunked = request(`${fixture.t.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      chunked.on('error', reject);
      // Written in two pieces without a length: Node sends them chunked.
      chunked.write('{"query":');
      chunked.end('"{ __typename }"}');
    });
    expect(status).toBe(411);
    const { errors } = JSON.parse(body) as Answer;
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'LENGTH_REQUIRED', hint: expect.stringContaining('Content-Length') });
  });
});
