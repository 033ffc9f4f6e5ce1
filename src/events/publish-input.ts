import { AppError, badInput } from '../errors.ts';

/** A published request after validation: a string header map and a JSON body within the size limit. */
export interface PublishRequest {
  sourceName: string;
  headers: Record<string, string>;
  body: unknown;
  /** Path and query of the original request, for filters; "" and {} when not given. */
  path: string;
  query: Record<string, string | string[]>;
  idempotencyKey: string | null;
  /** The exact bytes of a REST publish, delivered as they are; null for a GraphQL publish. */
  rawBody: Buffer | null;
}

// RFC 9110 token characters; anything else would make the delivery's HTTP request invalid.
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const badHeaderValue = /[\r\n\0]/;

export function validatePublishRequest(
  input: { source: string; headers?: unknown; body: unknown; path?: string | null; query?: unknown; idempotencyKey?: string | null },
  maxBodyBytes: number,
): PublishRequest {
  if (!input.source.trim()) throw badInput('input.source', 'input.source: give the name of the source to publish to');
  const headers = validateHeaders(input.headers ?? {});
  if (input.body === undefined || input.body === null) {
    throw badInput('input.body', 'input.body: a JSON value is required');
  }
  const serialized = JSON.stringify(input.body);
  if (serialized.includes('\\u0000')) {
    throw badInput('input.body', 'input.body: JSON strings must not contain NUL (\\u0000), which PostgreSQL cannot store; publish binary data through POST /v1/publish');
  }
  const bytes = Buffer.byteLength(serialized, 'utf8');
  if (bytes > maxBodyBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `input.body is ${bytes} bytes as UTF-8 JSON; the limit is ${maxBodyBytes} (HOOKRELAY_MAX_BODY_BYTES). Send a smaller body or a reference to the data.`,
      { field: 'input.body', bytes, limit: maxBodyBytes },
    );
  }
  const key = input.idempotencyKey ?? null;
  if (key !== null && (key.length === 0 || key.length > 255)) {
    throw badInput('input.idempotencyKey', 'input.idempotencyKey: use 1 to 255 characters, or leave it out');
  }
  const path = input.path ?? '';
  if (path.length > 2048) throw badInput('input.path', 'input.path: use at most 2048 characters');
  return { sourceName: input.source, headers, body: input.body, path, query: validateQuery(input.query ?? {}), idempotencyKey: key, rawBody: null };
}

function validateQuery(query: unknown): Record<string, string | string[]> {
  const fix = 'must be an object of parameter names to a string or a list of strings, e.g. {"page": "2", "tag": ["a", "b"]}';
  if (typeof query !== 'object' || query === null || Array.isArray(query)) throw badInput('input.query', `input.query: ${fix}`);
  for (const [name, value] of Object.entries(query)) {
    const ok = typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    if (!ok) throw badInput(`input.query.${name}`, `input.query.${name}: ${fix}`);
  }
  return query as Record<string, string | string[]>;
}

export function validateHeaders(headers: unknown): Record<string, string> {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw badInput('input.headers', 'input.headers: must be an object of header names to string values, e.g. {"x-tenant": "42"}');
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      throw badInput(`input.headers.${name}`, `input.headers.${name}: header values must be strings; got ${Array.isArray(value) ? 'array' : typeof value}`);
    }
    if (!headerName.test(name)) {
      throw badInput(`input.headers.${name}`, `input.headers: "${name}" is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~-)`);
    }
    if (badHeaderValue.test(value)) {
      throw badInput(`input.headers.${name}`, `input.headers.${name}: header values must not contain line breaks or NUL`);
    }
    result[name.toLowerCase()] = value;
  }
  return result;
}
