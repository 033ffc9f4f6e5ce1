import type { ServerResponse } from 'node:http';
import { asDomainError } from '../db/unavailable.ts';
import type { ErrorCode } from '../errors.ts';

/** A refusal in the REST wire form: `{ error: { code, message, hint } }` with its HTTP status. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Each domain error code as a REST answer: its status and what the caller can do about it. */
const restForms: Record<ErrorCode, { status: number; hint: string }> = {
  BAD_USER_INPUT: { status: 400, hint: 'Fix the named header or value and send again.' },
  PAYLOAD_TOO_LARGE: { status: 413, hint: 'Send a smaller body, or a reference to the data.' },
  UNAUTHENTICATED: { status: 401, hint: 'Send "Authorization: Bearer <admin API key>".' },
  FORBIDDEN: { status: 403, hint: "Publishing needs the platform's admin API key, not a tenant token." },
  NOT_FOUND: { status: 404, hint: 'Create the source with upsertConnection first, or check the x-hookrelay-source-name header.' },
  CONFLICT: { status: 409, hint: 'Send again once the conflicting change is done.' },
  QUERY_TOO_COMPLEX: { status: 400, hint: 'Ask for less in one request.' },
  TOO_MANY_REQUESTS: { status: 429, hint: 'Send again once earlier requests are done.' },
  SERVICE_UNAVAILABLE: { status: 503, hint: 'The request may not have been stored: retry shortly with the same idempotency-key, so nothing is stored twice.' },
};

/** The problem a thrown value stands for; null when it is a bug (answered 500, logged by the caller). */
export function toProblem(error: unknown): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  const domainError = asDomainError(error);
  if (!domainError) return null;
  const { status, hint } = restForms[domainError.code];
  return new HttpProblem(status, domainError.code, domainError.message, hint);
}

export const internalProblem = () =>
  new HttpProblem(500, 'INTERNAL_SERVER_ERROR', 'Something unexpected failed; nothing may have been stored.', 'Retry with the same idempotency-key.');

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export const sendProblem = (res: ServerResponse, problem: HttpProblem) =>
  sendJson(res, problem.status, { error: { code: problem.code, message: problem.message, hint: problem.hint } });
