/**
 * Expected failures: a stable code, a message that names the field and the fix, and machine-readable
 * details. No transport here: the GraphQL layer maps a DomainError to `extensions.code`
 * (graphql/errors.ts), the REST routes to `{ error: { code, message, hint } }` with a status
 * (server/problems.ts). Anything thrown that is not a DomainError is a bug and is masked.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** A query over a size limit (depth, aliases, tokens, directives, cost): refused before it runs. */
  | 'QUERY_TOO_COMPLEX'
  /** Over a per-caller cap (sockets, subscriptions): close or finish some first. */
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra machine-readable facts, e.g. the input field at fault. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, { field });
export const notFound = (what: string, message: string) => new DomainError('NOT_FOUND', message, { what });
