import { textProblem, unstorableJson } from '../db/storable.ts';
import { isHeaderName, isHeaderValue } from '../delivery/http/header-grammar.ts';
import { DomainError, badInput } from '../errors.ts';

/** A published request after validation: a string header map and a JSON body within the size limit. */
export interface PublishRequest {
  sourceName: string;
  headers: Record<string, string>;
  body: unknown;
  /** Path and query of the original request, for filters; "" and {} when not given. */
  path: string;
  query: Record<string, string | string[]>;
  idempotencyKey: string | null;
  /** The catalog type the publisher named (checked against its schema), or null. */
  eventType: string | null;
  /** The exact bytes of a REST publish, delivered as they are; null for a GraphQL publish. */
  rawBody: Buffer | null;
  /** A GraphQL publish's body as JSON text, serialized once from the published value in its key
   * order: what is delivered and signed (jsonb, which keeps the parsed form, reorders keys). */
  bodyText: string | null;
}

export function validatePublishRequest(
  input: { source: string; headers?: unknown; body: unknown; path?: string | null; query?: unknown; idempotencyKey?: string | null; eventType?: string | null },
  maxBodyBytes: number,
): PublishRequest {
  if (!input.source.trim()) throw badInput('input.source', 'input.source: give the name of the source to publish to');
  assertStorable('input.source', textProblem(input.source));
  const headers = validateHeaders(input.headers ?? {});
  if (input.body === undefined || input.body === null) {
    throw badInput('input.body', 'input.body: a JSON value is required');
  }
  // Before serializing: a body nested far enough would overflow JSON.stringify's stack.
  const unstorable = unstorableJson(input.body);
  if (unstorable) {
    throw badInput('input.body', `input.body${unstorable.at}: ${unstorable.problem}; to deliver such data as it is, publish it through POST /v1/publish`);
  }
  const bodyText = JSON.stringify(input.body);
  const bytes = Buffer.byteLength(bodyText, 'utf8');
  if (bytes > maxBodyBytes) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `input.body is ${bytes} bytes as UTF-8 JSON; the limit is ${maxBodyBytes} (HOOKRELAY_MAX_BODY_BYTES). Send a smaller body or a reference to the data.`,
      { field: 'input.body', bytes, limit: maxBodyBytes },
    );
  }
  const key = input.idempotencyKey ?? null;
  if (key !== null && (key.length === 0 || key.length > 255)) {
    throw badInput('input.idempotencyKey', 'input.idempotencyKey: use 1 to 255 characters, or leave it out');
  }
  if (key !== null) assertStorable('input.idempotencyKey', textProblem(key));
  const path = input.path ?? '';
  if (path.length > 2048) throw badInput('input.path', 'input.path: use at most 2048 characters');
  assertStorable('input.path', textProblem(path));
  return { sourceName: input.source, headers, body: input.body, path, query: validateQuery(input.query ?? {}), idempotencyKey: key, eventType: input.eventType ?? null, rawBody: null, bodyText };
}

function assertStorable(field: string, problem: string | undefined): void {
  if (problem) throw badInput(field, `${field}: ${problem}`);
}

/** Also for the decoded query string of a REST publish, where %00 becomes NUL. */
export function validateQuery(query: unknown, field = 'input.query'): Record<string, string | string[]> {
  const fix = 'must be an object of parameter names to a string or a list of strings, e.g. {"page": "2", "tag": ["a", "b"]}';
  if (typeof query !== 'object' || query === null || Array.isArray(query)) throw badInput(field, `${field}: ${fix}`);
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    const values = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
    if (!values) throw badInput(`${field}.${name}`, `${field}.${name}: ${fix}`);
    assertStorable(`${field}.${name}`, [name, ...values].map(textProblem).find(Boolean));
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
    if (!isHeaderName(name)) {
      throw badInput(`input.headers.${name}`, `input.headers: "${name}" is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~-)`);
    }
    if (!isHeaderValue(value)) {
      throw badInput(
        `input.headers.${name}`,
        `input.headers.${name}: header values may hold only visible ASCII, spaces, tabs and Latin-1 characters (no line breaks, NUL or other controls, nothing beyond U+00FF); encode other text, e.g. percent-encoded UTF-8`,
      );
    }
    // Header maps are built by assignment, here and for each delivery: "__proto__" would vanish.
    if (name.toLowerCase() === '__proto__') throw badInput('input.headers.__proto__', 'input.headers.__proto__: not a header name Hookrelay can keep');
    result[name.toLowerCase()] = value;
  }
  return result;
}
