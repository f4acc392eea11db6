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
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
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

/** Too many requests (lib/ratelimit): try again after `retryAfterSeconds` (HTTP 429 + Retry-After). */
export const rateLimited = (message: string, retryAfterSeconds: number) => new AppError('RATE_LIMITED', message, { retryAfterSeconds });

/** The database cannot be reached right now (restarting, down): retryable (HTTP 503 + Retry-After). */
export const unavailable = (message = 'The database is unavailable; try again shortly') =>
  new AppError('UNAVAILABLE', message, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS });

/** What a 503 asks clients to wait: an embedded PostgreSQL restarts within a few seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Seconds a RATE_LIMITED or UNAVAILABLE error asks the client to wait, for Retry-After. */
export function retryAfterOf(error: AppError): number | undefined {
  const seconds = error.details?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : undefined;
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/**
 * PostgreSQL refusals caused by the data a request carried, whatever path it took to the
 * database: text with NUL (PostgreSQL text cannot hold it), numbers or dates out of range,
 * values too long to index. Found by the property-based tests (tests/fuzz): without this they
 * were 500s. The statement failed, so its transaction wrote nothing.
 */
const databaseInputErrors: Record<string, string> = {
  '22021': 'Text may not contain NUL characters (\\u0000)',
  '22P05': 'Text may not contain NUL characters (\\u0000)',
  '22003': 'A number is out of range',
  '22008': 'A date or time is out of range',
  '22001': 'A value is too long',
  '54000': 'A value is too long to store',
};

function databaseErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } }; cause?: { code?: unknown } } | null;
  const candidates = [e?.meta?.driverAdapterError?.cause?.originalCode, e?.code, e?.cause?.code];
  return candidates.find((code): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code));
}

/**
 * The database is not there (refused or dropped connections, a server shutting down or
 * starting, no connection slots): the request may succeed if retried, unlike a bug.
 */
const databaseUnavailableCodes = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '53300']);
const networkUnavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);
const unavailableMessages = /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/;

function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown; message?: unknown; meta?: any } | null, depth = 0; current && depth < 5; depth++) {
    const code = current.code ?? current.meta?.driverAdapterError?.cause?.originalCode;
    if (typeof code === 'string' && (databaseUnavailableCodes.has(code) || networkUnavailableCodes.has(code))) return true;
    if (typeof current.message === 'string' && unavailableMessages.test(current.message)) return true;
    if (current.meta?.driverAdapterError?.cause?.kind === 'DatabaseNotReachable') return true;
    current = current.cause as typeof current;
  }
  return false;
}

/**
 * The error as a domain error: itself, a database refusal of bad input as BAD_USER_INPUT, an
 * unreachable database as UNAVAILABLE (retryable), or undefined (a bug).
 */
export function asAppError(error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error)) return unavailable();
  const code = databaseErrorCode(error);
  const message = code ? databaseInputErrors[code] : undefined;
  return message ? badInput(message) : undefined;
}

/** Prisma's unique-constraint violation, for use cases that turn it into ALREADY_EXISTS. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string }; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return (
    e?.code === 'P2002' ||
    e?.code === '23505' ||
    e?.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation'
  );
}
