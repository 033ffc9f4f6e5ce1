import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateTenantToken, UpsertConnection } from './documents.ts';
import { ADMIN_KEY, subscribe, useTestApp, wsClient } from './helpers/app.ts';

const fixture = useTestApp();
let tenant = '';

beforeAll(async () => {
  await fixture.t.gql(UpsertConnection, { input: { name: 'limits', source: { name: 'limits' }, destination: { name: 'limits', url: 'http://127.0.0.1:9/x' } } });
  tenant = `Bearer ${(await fixture.t.gql(CreateTenantToken, { sourceName: 'limits' })).createTenantToken}`;
});

interface Answer {
  status: number;
  ms: number;
  body: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

async function post(query: string, variables?: Record<string, unknown>, authorization = `Bearer ${ADMIN_KEY}`): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${fixture.t.app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, ms: performance.now() - started, body };
}

async function fastest(run: () => Promise<Answer>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push((await run()).ms);
  return Math.min(...times);
}

/** events → connection → source → connections → … → source, `levels` times: the query that took the heap to 4.6 GB. */
function nested(levels: number): string {
  const open = 'source { connections(first: 100) { edges { node { '.repeat(levels);
  return `{ events(first: 100) { edges { node { connection { ${open} name ${'} } } } '.repeat(levels)}} } } } }`;
}

const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: events(first: 100) { edges { node { id } } }`).join(' ')} }`;

function refusal(answer: Answer) {
  expect(answer.body.data ?? null).toBeNull();
  expect(answer.body.errors).toHaveLength(1);
  return answer.body.errors![0];
}

describe('query limits', () => {
  it('refuses the deeply nested query at once, for a tenant and for the admin', async () => {
    const query = nested(10);
    expect(Buffer.byteLength(query)).toBeLessThan(800);
    for (const authorization of [tenant, `Bearer ${ADMIN_KEY}`]) {
      const answer = await post(query, undefined, authorization);
      const error = refusal(answer);
      expect(answer.status).toBe(400);
      expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'HOOKRELAY_MAX_QUERY_DEPTH', max: 15, found: 45 });
      expect(error.message).toBe(
        'This operation nests fields 45 deep; the limit is 15. Ask for fewer nested levels: fetch nested lists in a second query, by id. (HOOKRELAY_MAX_QUERY_DEPTH)',
      );
      console.info(`nested query (${Buffer.byteLength(query)} bytes) refused in ${answer.ms.toFixed(1)} ms (fastest of 5: ${(await fastest(() => post(query, undefined, authorization))).toFixed(1)} ms)`);
      expect(answer.ms).toBeLessThan(500);
    }
  });

  it('refuses 1,000 aliases of events(first: 100) at once', async () => {
    // 16,000 tokens: refused by the token limit before it is even parsed.
    const answer = await post(aliases(1_000));
    expect(refusal(answer).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'HOOKRELAY_MAX_QUERY_TOKENS' });
    console.info(`1,000-alias query refused in ${answer.ms.toFixed(1)} ms (fastest of 5: ${(await fastest(() => post(aliases(1_000)))).toFixed(1)} ms)`);
    expect(answer.ms).toBeLessThan(500);
    const fewer = await post(aliases(100));
    expect(refusal(fewer).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'HOOKRELAY_MAX_QUERY_ALIASES', max: 15, found: 100 });
    expect(refusal(fewer).message).toContain('This operation has 100 aliased fields; the limit is 15.');
    expect((await post(aliases(15))).body.errors).toBeUndefined();
  });

  it('multiplies list sizes, reading first from the variables', async () => {
    const query = `query($n: Int) { events(first: $n) { edges { node { connection { source { connections(first: $n) { edges { node { source { connections(first: $n) { edges { node { id } } } } } } } } } } } } }`;
    const error = refusal(await post(query, { n: 100 }, tenant));
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'HOOKRELAY_MAX_QUERY_COST', max: 50_000 });
    expect(error.extensions.found).toBeGreaterThan(1_000_000);
    expect(error.message).toMatch(/^This operation could resolve \d+ fields .* the limit is 50000\. Ask for smaller pages/);
    expect((await post(query, { n: 5 }, tenant)).body.errors).toBeUndefined();
  });

  it('refuses too many tokens before parsing, and too many directives', async () => {
    const long = `{ events(first: 1) { edges { node { ${'id '.repeat(2_100)} } } } }`;
    const tokens = refusal(await post(long));
    expect(tokens.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'HOOKRELAY_MAX_QUERY_TOKENS', max: 2_000 });
    expect(tokens.message).toContain('more than 2000 tokens');
    const directives = refusal(await post(`{ events(first: 1) { edges { node { ${'id @include(if: true) '.repeat(51)} } } } }`));
    expect(directives.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'HOOKRELAY_MAX_QUERY_DIRECTIVES', found: 51 });
  });

  it('applies to subscriptions over server-sent events and WebSocket', async () => {
    const deep = `subscription { deliveryStatus(sourceName: "limits") { event { connection { ${'source { connections(first: 100) { edges { node { '.repeat(4)} id ${'} } } } '.repeat(4)}} } } }`;
    const costly = `subscription { deliveryStatus(sourceName: "limits") { event { connection { ${'source { connections(first: 100) { edges { node { '.repeat(2)} id name createdAt updatedAt ${'} } } } '.repeat(2)}} } } }`;
    for (const [query, limit] of [[deep, 'HOOKRELAY_MAX_QUERY_DEPTH'], [costly, 'HOOKRELAY_MAX_QUERY_COST']]) {
      const response = await fetch(`${fixture.t.app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: tenant },
        body: JSON.stringify({ query }),
      });
      const text = await response.text();
      expect(text).toContain('"QUERY_TOO_COMPLEX"');
      expect(text).toContain(limit);

      const client = wsClient(fixture.t.app, tenant);
      const sub = subscribe(client, { ...parse(query), __apiType: undefined }, {});
      await sub.waitFor(() => sub.errors.length > 0, 5_000);
      expect(sub.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit }) })]);
      await client.dispose();
    }
  });
});
