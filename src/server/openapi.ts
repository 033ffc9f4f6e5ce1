import { PUBLISH_PATH } from './publish-route.ts';

/**
 * GET /openapi.json: the REST endpoints for backends that do not speak GraphQL, as OpenAPI 3.1
 * (its schemas are JSON Schema 2020-12). test/openapi.test.ts checks it against real responses.
 */
const problem = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'hint'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Stable: BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, PAYLOAD_TOO_LARGE, SERVICE_UNAVAILABLE, ...' },
        message: { type: 'string', description: 'What went wrong, naming the header or value at fault.' },
        hint: { type: 'string', description: 'What to do about it.' },
      },
    },
  },
} as const;

const refusal = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } });

const header = (name: string, description: string, required = false) => ({ name, in: 'header', required, description, schema: { type: 'string' } });

const publishOperation = {
  summary: 'Publish an event to a source; its connections deliver it.',
  description:
    'The body (any content type, up to HOOKRELAY_MAX_BODY_BYTES) is stored and delivered byte for byte. Headers other than the ones below (and hop-by-hop ones) are stored and forwarded to every destination. The path after /v1/publish and the query string are matched by connection filters; both may be left out (POST /v1/publish).',
  security: [{ adminKey: [] }],
  parameters: [
    header('x-hookrelay-source-name', 'The source (tenant) to publish to.', true),
    header('content-type', 'Any media type; application/json and text bodies get a JSON view for filters and transformations.', true),
    header('idempotency-key', 'Publishing twice with the same key for the same source returns the first request (replayed: true).'),
    header('x-hookrelay-event-type', "The event's type (dotted lowercase words); checked against the catalog's JSON Schema when the type has one."),
  ],
  requestBody: { required: true, content: { '*/*': { schema: {} } } },
  responses: {
    200: {
      description: 'Stored (committed) before this answer.',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['eventRequestId', 'events', 'replayed'],
            additionalProperties: false,
            properties: {
              eventRequestId: { type: 'string', pattern: '^req_' },
              events: { type: 'integer', minimum: 0, description: 'Events created, one per connection the rules let through.' },
              replayed: { type: 'boolean', description: 'True when the idempotency key matched an earlier request: nothing new was stored.' },
            },
          },
        },
      },
    },
    400: refusal('A header or value is missing or invalid (the message names it); nothing was stored.'),
    401: refusal('No or a wrong API key.'),
    403: refusal('A tenant token: publishing needs the admin key.'),
    404: refusal('No source by that name.'),
    405: refusal('Not POST.'),
    413: refusal('The body is over HOOKRELAY_MAX_BODY_BYTES.'),
    415: refusal('No content-type header.'),
    503: refusal('The database is unreachable; the request may not be stored: retry with the same idempotency-key.'),
  },
};

export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hookrelay REST API',
      version,
      description: 'Publishing for backends that do not speak GraphQL, and the operational endpoints. Everything else is GraphQL at /graphql.',
    },
    // Relative: the document is served by the very server it describes, whatever its public name.
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { adminKey: { type: 'http', scheme: 'bearer', description: 'The admin API key (HOOKRELAY_API_KEY, or the one printed at first start).' } },
      schemas: { Problem: problem },
    },
    paths: {
      [PUBLISH_PATH]: { post: { operationId: 'publish', ...publishOperation } },
      [`${PUBLISH_PATH}/{path}`]: {
        post: {
          operationId: 'publishWithPath',
          ...publishOperation,
          parameters: [{ name: 'path', in: 'path', required: true, description: 'The request path, matched by filters (e.g. "orders").', schema: { type: 'string' } }, ...publishOperation.parameters],
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'Liveness and readiness: 200 while this process serves and its database answers.',
          responses: Object.fromEntries(
            (['200', '503'] as const).map((status) => [
              status,
              {
                description: status === '200' ? 'Serving.' : 'Starting, stopping, or the database does not answer: take it out of rotation.',
                content: { 'application/json': { schema: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { enum: [status === '200' ? 'ok' : 'unavailable'] } } } } },
              },
            ]),
          ),
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'Prometheus metrics: queue depth, delivery latency, attempts by outcome, open issues, disabled destinations.',
          responses: { 200: { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
    },
  };
}
