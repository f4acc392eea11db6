// Domain errors with stable codes. Use cases throw these; the API layers translate
// them (GraphQL: extensions.code; MLflow REST: error_code + HTTP status). Anything
// else that escapes is a bug and surfaces as INTERNAL without details.

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'ALREADY_EXISTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const unauthenticated = (message = 'Sign in or send a valid API token') =>
  new AppError('UNAUTHENTICATED', message);

export const forbidden = (message = 'You do not have permission to do this') => new AppError('FORBIDDEN', message);

/** Also used for resources of other teams: never hint that they exist. */
export const notFound = (what: string, id?: string | number | bigint) =>
  new AppError('NOT_FOUND', id === undefined ? `${what} not found` : `${what} '${String(id)}' not found`);

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new AppError('BAD_USER_INPUT', message, details);

export const alreadyExists = (message: string) => new AppError('ALREADY_EXISTS', message);

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** Prisma's unique-constraint violation, for use cases that turn it into ALREADY_EXISTS. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string }; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return (
    e?.code === 'P2002' ||
    e?.code === '23505' ||
    e?.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation'
  );
}
