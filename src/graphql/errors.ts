import { GraphQLError } from 'graphql';
import { AppError } from '../errors.ts';
import { Prisma } from '../db/prisma.ts';

/** The AppError behind a thrown value, if any; database outages become SERVICE_UNAVAILABLE. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof GraphQLError) return error.originalError ? toAppError(error.originalError) : undefined;
  if (
    error instanceof Prisma.PrismaClientInitializationError ||
    (error instanceof Prisma.PrismaClientKnownRequestError && /^P10\d\d$/.test(error.code)) ||
    (error instanceof Error && /ECONNREFUSED|Connection terminated|terminating connection/.test(error.message))
  ) {
    return new AppError('SERVICE_UNAVAILABLE', 'The database is not reachable right now, so the request may not have been stored. Retry shortly (publishes: with the same idempotencyKey, so nothing is stored twice).');
  }
  return undefined;
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
  const appError = toAppError(error);
  if (appError) {
    // UNAUTHENTICATED and friends before execution also set the HTTP status; field errors keep 200.
    const http = error instanceof GraphQLError && error.path ? {} : { http: { status: appError.httpStatus } };
    return new GraphQLError(appError.message, { ...located, extensions: { ...appError.extensions, ...http } });
  }
  if (error instanceof GraphQLError && isGraphqlOwn(error)) {
    // Variable coercion errors come without a code (graphql-tools adds one only for subscriptions).
    if (error.extensions.code) return error;
    const { source, positions } = error;
    return new GraphQLError(error.message, { ...located, source, positions, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
  }
  return new GraphQLError(message, { ...located, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
