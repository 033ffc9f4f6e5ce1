import { GraphQLError } from 'graphql';

/**
 * Expected failures, with a stable code in `extensions.code` (a REST layer maps the same code to an
 * HTTP status). Extending GraphQLError keeps Yoga from logging them as crashes or masking them;
 * anything that is not an AppError is a bug and is masked.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE';

const httpStatus: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SERVICE_UNAVAILABLE: 503,
};

export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra machine-readable facts, e.g. the input field at fault. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return httpStatus[this.code];
  }
}

export const badInput = (field: string, message: string) => new AppError('BAD_USER_INPUT', message, { field });
export const notFound = (what: string, message: string) => new AppError('NOT_FOUND', message, { what });
