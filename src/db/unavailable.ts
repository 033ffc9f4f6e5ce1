import { DomainError } from '../errors.ts';
import { Prisma } from './prisma.ts';

/**
 * A lost or refused database connection, from Prisma or pg, as the SERVICE_UNAVAILABLE the client
 * can act on (retry); undefined for anything else.
 */
function databaseUnavailable(error: unknown): DomainError | undefined {
  if (
    error instanceof Prisma.PrismaClientInitializationError ||
    (error instanceof Prisma.PrismaClientKnownRequestError && /^P10\d\d$/.test(error.code)) ||
    (error instanceof Error && /ECONNREFUSED|Connection terminated|terminating connection/.test(error.message))
  ) {
    return new DomainError(
      'SERVICE_UNAVAILABLE',
      'The database is not reachable right now, so the request may not have been stored. Retry shortly (publishes: with the same idempotencyKey, so nothing is stored twice).',
    );
  }
  return undefined;
}

/** The DomainError a thrown value stands for, if it is one or a database outage. */
export const asDomainError = (error: unknown): DomainError | undefined => (error instanceof DomainError ? error : databaseUnavailable(error));
