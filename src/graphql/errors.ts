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
    return new AppError('SERVICE_UNAVAILABLE', 'The database is not reachable right now; nothing was stored. Retry shortly.');
  }
  return undefined;
}

/**
 * Expected errors keep their message and `extensions.code`; GraphQL's own errors (validation,
 * parsing) pass; anything else is a bug whose details stay in the log, and the client sees only
 * that something unexpected happened.
 */
export function maskError(error: unknown, message: string): Error {
  const located = error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {};
  const appError = toAppError(error);
  if (appError) {
    // UNAUTHENTICATED and friends before execution also set the HTTP status; field errors keep 200.
    const http = error instanceof GraphQLError && error.path ? {} : { http: { status: appError.httpStatus } };
    return new GraphQLError(appError.message, { ...located, extensions: { ...appError.extensions, ...http } });
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  return new GraphQLError(message, { ...located, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
