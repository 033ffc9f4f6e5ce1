import { GraphQLError } from 'graphql';
import { PothosValidationError } from '@pothos/core';
import { asDomainError } from '../db/unavailable.ts';
import { DomainError, type ErrorCode } from '../errors.ts';

/** The HTTP status of a response refused before execution (a field error keeps 200). */
const httpStatus: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  QUERY_TOO_COMPLEX: 400,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** The DomainError behind a thrown value, if any: graphql-js wraps resolver errors with their path. */
export function toDomainError(error: unknown): DomainError | undefined {
  // Pothos refuses bad connection arguments (first: -1, a cursor that does not decode) itself,
  // with a GraphQLError of its own: checked before the unwrapping below.
  if (error instanceof PothosValidationError) {
    return new DomainError('BAD_USER_INPUT', `${error.message}. Pass first/last from 0 to 100 and after/before cursors taken from a page you got (pageInfo.endCursor, edges.cursor).`, {
      field: /cursor/i.test(error.message) ? 'after' : /"(first|last|before|after)"/.exec(error.message)?.[1] ?? 'first',
    });
  }
  if (error instanceof GraphQLError) return error.originalError ? toDomainError(error.originalError) : undefined;
  return asDomainError(error);
}

/** A DomainError in GraphQL's wire form: the message, and the code and details in extensions. */
export function toGraphQLError(error: DomainError, located: { nodes?: GraphQLError['nodes']; path?: GraphQLError['path'] } = {}, beforeExecution = !located.path): GraphQLError {
  const http = beforeExecution ? { http: { status: httpStatus[error.code] } } : {};
  return new GraphQLError(error.message, { ...located, extensions: { code: error.code, ...error.details, ...http } });
}

/**
 * GraphQL's own errors (syntax, validation, variable values) wrap nothing but other GraphQL errors:
 * a variable of the wrong type is reported as "got invalid value ..." around the scalar's error.
 */
function isGraphqlOwn(error: GraphQLError): boolean {
  const cause = error.originalError;
  return cause == null || (cause instanceof GraphQLError && isGraphqlOwn(cause));
}

/**
 * graphql-js parses and validates recursively: a document nested a few thousand levels deep
 * overflows the stack before any GraphQL error exists. Errors of fields arrive wrapped with their
 * path, so a bare stack overflow here comes from parsing or validating the request itself.
 */
const isStackOverflow = (error: unknown) => error instanceof RangeError && error.message.includes('Maximum call stack size exceeded');

/**
 * Expected errors keep their message and `extensions.code`; GraphQL's own errors (validation,
 * parsing, variable values) pass, with BAD_USER_INPUT when they have no code yet; anything else is
 * a bug whose details stay in the log, and the client sees only that something unexpected happened.
 */
export function maskError(error: unknown, message: string): Error {
  if (isStackOverflow(error)) {
    return new GraphQLError('The GraphQL document is nested too deeply to parse; flatten it, or pass deep values as variables.', {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
  const located = error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {};
  const domainError = toDomainError(error);
  if (domainError) return toGraphQLError(domainError, located);
  if (error instanceof GraphQLError && isGraphqlOwn(error)) {
    // Variable coercion errors come without a code (graphql-tools adds one only for subscriptions).
    if (error.extensions.code) return error;
    const { source, positions } = error;
    return new GraphQLError(error.message, { ...located, source, positions, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
  }
  return new GraphQLError(message, { ...located, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
