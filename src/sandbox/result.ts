import { isHeaderName, isHeaderValue } from '../delivery/http/header-grammar.ts';
import type { SandboxAnswer } from './protocol.ts';
import type { TransformValidation } from './syntax-check.ts';
import type { TransformRequest, TransformResult } from './types.ts';

// The worker's answers as the runner's callers see them. A run's is checked here, in the main
// thread: a transform returns any JSON, and only a request that can be sent comes out.


const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function toValidation(answer: SandboxAnswer): TransformValidation {
  if (answer.ok) return { ok: true };
  const { message, line, column } = answer;
  return line === undefined || column === undefined ? { ok: false, message } : { ok: false, message, line, column };
}

export function toResult(answer: SandboxAnswer, original: TransformRequest): TransformResult {
  if (!answer.ok) {
    const { message, line, column } = answer;
    return { kind: 'error', message: line === undefined ? message : `${message} (line ${line}, column ${column})` };
  }
  if (answer.output === undefined) return { kind: 'error', message: 'transform sandbox sent no result' };
  let value: unknown;
  try {
    value = JSON.parse(answer.output);
  } catch {
    // Only possible if the sandbox's JSON.stringify was subverted.
    return { kind: 'error', message: 'the returned request is not JSON' };
  }
  if (value === null) return { kind: 'dropped' };
  const checked = checkReturnedRequest(value, original);
  return typeof checked === 'string' ? { kind: 'error', message: checked } : { kind: 'ok', request: checked };
}

/** The request to send, or why the returned value cannot be one. Unknown keys are dropped. */
function checkReturnedRequest(value: unknown, original: TransformRequest): TransformRequest | string {
  if (!isRecord(value)) return 'transform must return the request, or null to drop the event';
  if (!('body' in value)) return 'the returned request has no body (a body of undefined is not JSON)';
  if (!isRecord(value.headers)) return 'the returned request has no headers object';
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value.headers)) {
    if (!isHeaderName(name)) return `header name ${JSON.stringify(name)} is not a valid HTTP field name`;
    if (typeof headerValue !== 'string') return `header ${JSON.stringify(name)} must be a string, got ${typeof headerValue}`;
    if (!isHeaderValue(headerValue)) return `header ${JSON.stringify(name)} has characters not allowed in HTTP`;
    headers[name] = headerValue;
  }
  const path = value.path ?? original.path;
  const query = value.query ?? original.query;
  if (typeof path !== 'string') return 'the returned request path must be a string';
  if (!isQuery(query)) return 'the returned request query must map names to strings or arrays of strings';
  return { body: value.body, headers, path, query };
}

function isQuery(value: unknown): value is TransformRequest['query'] {
  return (
    isRecord(value) &&
    Object.values(value).every(
      (entry) => typeof entry === 'string' || (Array.isArray(entry) && entry.every((item) => typeof item === 'string')),
    )
  );
}
