import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateTenantToken, UpsertConnection } from './documents.ts';
import { ADMIN_KEY, useTestApp } from './helpers/app.ts';

const fixture = useTestApp({ maxBodyBytes: 1_024 });

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

let document: Document;
let tenantToken: string;

beforeAll(async () => {
  const response = await fetch(`${fixture.t.app.url}/openapi.json`);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  document = (await response.json()) as Document;
  await fixture.t.gql(UpsertConnection, {
    input: { name: 'rest', source: { name: 'rest-shop' }, destination: { name: 'rest', url: 'http://127.0.0.1:9/never' }, rules: { delayMs: 3_600_000 } },
  });
  tenantToken = (await fixture.t.gql(CreateTenantToken, { sourceName: 'rest-shop', ttlSeconds: 600 })).createTenantToken;
});

/** Checks a real response against what the document says that path, method and status return. */
async function conforms(path: string, method: string, response: Response): Promise<void> {
  const operation = document.paths[path]?.[method];
  expect(operation, `${method} ${path} is documented`).toBeDefined();
  const documented = operation?.responses[String(response.status)];
  expect(documented, `${method} ${path} documents status ${response.status}`).toBeDefined();
  const [mediaType, { schema }] = Object.entries(documented?.content ?? {})[0] ?? [];
  expect(response.headers.get('content-type') ?? '').toContain(mediaType);
  if (mediaType !== 'application/json') return;
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema({ $id: 'doc', components: document.components });
  const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"doc#/components')));
  const body: unknown = await response.json();
  expect(validate(body) ? [] : validate.errors, `${method} ${path} ${response.status} body ${JSON.stringify(body)}`).toEqual([]);
}

const publish = (init: { path?: string; headers?: Record<string, string>; body?: string | Blob; method?: string }) =>
  fetch(`${fixture.t.app.url}/v1/publish${init.path ?? ''}`, {
    method: init.method ?? 'POST',
    headers: init.headers ?? { authorization: `Bearer ${ADMIN_KEY}`, 'x-hookrelay-source-name': 'rest-shop', 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });

const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'x-hookrelay-source-name': 'rest-shop', 'content-type': 'application/json' };

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document of the REST endpoints', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(['/healthz', '/metrics', '/v1/publish', '/v1/publish/{path}']);
  });

  it.each<[string, string, () => Promise<Response>, number]>([
    ['a publish', '/v1/publish', () => publish({ body: '{"id":1}' }), 200],
    ['a publish with a path', '/v1/publish/{path}', () => publish({ path: '/orders', body: '{"id":2}' }), 200],
    ['no source header', '/v1/publish', () => publish({ headers: { authorization: admin.authorization, 'content-type': 'application/json' }, body: '{}' }), 400],
    ['a bad event type', '/v1/publish', () => publish({ headers: { ...admin, 'x-hookrelay-event-type': 'Not A Type' }, body: '{}' }), 400],
    ['no key', '/v1/publish', () => publish({ headers: { 'x-hookrelay-source-name': 'rest-shop', 'content-type': 'application/json' }, body: '{}' }), 401],
    ['a tenant token', '/v1/publish', () => publish({ headers: { ...admin, authorization: `Bearer ${tenantToken}` }, body: '{}' }), 403],
    ['an unknown source', '/v1/publish', () => publish({ headers: { ...admin, 'x-hookrelay-source-name': 'nobody' }, body: '{}' }), 404],
    ['GET', '/v1/publish', () => publish({ method: 'GET' }), 405],
    ['a body over the limit', '/v1/publish', () => publish({ body: 'x'.repeat(2_000) }), 413],
    ['no content-type', '/v1/publish', // A Blob without a type, not a string: fetch labels a string body text/plain by itself.
    () => publish({ headers: { authorization: admin.authorization, 'x-hookrelay-source-name': 'rest-shop' }, body: new Blob(['x']) }), 415],
    ['health', '/healthz', () => fetch(`${fixture.t.app.url}/healthz`), 200],
    ['metrics', '/metrics', () => fetch(`${fixture.t.app.url}/metrics`), 200],
  ])('describes %s as it is answered', async (_name, path, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    await conforms(path, path === '/v1/publish' || path === '/v1/publish/{path}' ? 'post' : 'get', response);
  });
});
