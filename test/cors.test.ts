import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, useTestApp } from './helpers/app.ts';

const LISTED = 'https://portal.example.com';
const fixture = useTestApp({ corsOrigins: [LISTED, 'http://localhost:5173'] });

const corsHeaders = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));

async function call(path: string, origin: string | undefined, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (origin) headers.set('origin', origin);
  const response = await fetch(`${fixture.t.app.url}${path}`, { ...init, headers });
  await response.arrayBuffer();
  return response;
}

const graphqlPost = { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` }, body: '{"query":"{ __typename }"}' };
const publishPost = {
  method: 'POST',
  headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_KEY}`, 'x-hookrelay-source-name': 'no-such-source' },
  body: 'hello',
};
const preflight = { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } };

describe('CORS', () => {
  it.each([
    ['/graphql', graphqlPost],
    ['/v1/publish', publishPost],
  ])('%s answers a listed origin with its own origin and no credentials', async (path, init) => {
    const response = await call(path, LISTED, init);
    expect(corsHeaders(response)).toMatchObject({ 'access-control-allow-origin': LISTED });
    expect(corsHeaders(response)['access-control-allow-credentials']).toBeUndefined();
  });

  it.each([
    ['/graphql', graphqlPost],
    ['/v1/publish', publishPost],
  ])('%s sends no CORS headers to an unlisted origin, or without an Origin', async (path, init) => {
    for (const origin of ['https://evil.example.net', 'https://portal.example.com.evil.net', 'null', undefined]) {
      const response = await call(path, origin, init);
      expect(corsHeaders(response), String(origin)).toEqual({});
      expect(response.status).not.toBe(500);
    }
  });

  it.each(['/graphql', '/v1/publish'])('%s answers the preflight of a listed origin only', async (path) => {
    const listed = await call(path, LISTED, preflight);
    expect(listed.status).toBe(204);
    expect(corsHeaders(listed)).toMatchObject({
      'access-control-allow-origin': LISTED,
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-max-age': '600',
    });
    expect(corsHeaders(listed)['access-control-allow-methods']).toContain('POST');
    expect(corsHeaders(listed)['access-control-allow-credentials']).toBeUndefined();
    const unlisted = await call(path, 'https://evil.example.net', preflight);
    expect(corsHeaders(unlisted)).toEqual({});
  });
});
