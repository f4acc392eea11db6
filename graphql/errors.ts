// How errors leave the GraphQL API. Domain errors (AppError) keep their stable code in
// `extensions.code`; anything else is a bug: logged here with its stack, answered as
// INTERNAL_SERVER_ERROR "Internal error" so no message, stack or SQL leaks to clients.
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { asAppError, isAppError, retryAfterOf, type AppError } from '../lib/errors.ts';

/** GraphQL codes for AppError codes. ALREADY_EXISTS is bad input with a reason clients can test. */
const codeFor: Record<AppError['code'], string> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  ALREADY_EXISTS: 'BAD_USER_INPUT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

/** HTTP statuses for errors that fail the whole request (context creation, body limits). */
const httpStatusFor: Partial<Record<AppError['code'], number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  ALREADY_EXISTS: 400,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** The `extensions` an AppError is reported with. */
export function appErrorExtensions(error: AppError): Record<string, unknown> {
  return {
    code: codeFor[error.code] ?? 'INTERNAL_SERVER_ERROR',
    ...(error.code === 'ALREADY_EXISTS' ? { reason: 'ALREADY_EXISTS' } : {}),
    ...(error.details ? { details: error.details } : {}),
  };
}

/** An AppError as a GraphQLError that also sets the HTTP status (for whole-request failures). */
export function toRequestGraphQLError(error: AppError): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { ...appErrorExtensions(error), http: { status: httpStatusFor[error.code] ?? 500 } },
  });
}

/** Codes produced by graphql-js, Apollo Server and graphql-armor that are safe to pass through. */
const protocolCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
]);

type Logger = Pick<Console, 'error'>;

/**
 * The AppError behind a GraphQL error, following `originalError` links (Apollo wraps
 * errors again, e.g. "Context creation failed"). Duck-typed on purpose: Apollo and this
 * file may load different copies of graphql-js (ESM and CJS), so instanceof GraphQLError
 * cannot be trusted.
 */
function findAppError(error: unknown): AppError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const appError = asAppError(current);
    if (appError) return appError;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** Apollo's `formatError`: see the file comment. */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger = console,
): GraphQLFormattedError {
  const original = findAppError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (isAppError(original)) {
    if (original.code === 'INTERNAL') return internal(formatted, original, logger);
    return { ...base, message: original.message, extensions: appErrorExtensions(original) };
  }
  // Parse, validation, variable-coercion and HTTP-level errors: Apollo and graphql-js give
  // these codes only to errors they raise themselves, so their messages are safe to show.
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && protocolCodes.has(code)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...base, extensions };
  }
  // Anything else (a TypeError, a Prisma or pg error, a non-null violation, ...) may carry
  // SQL or internals in its message.
  return internal(formatted, error, logger);
}

function internal(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  logger.error('[graphql] internal error', formatted.path ? `at ${formatted.path.join('.')}` : '', error);
  return {
    message: 'Internal error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * Requests refused for a while (RATE_LIMITED, UNAVAILABLE) answer with the HTTP status and
 * Retry-After that every HTTP client and proxy understands, not only with an error code in a
 * 200: a script's generic retry logic then waits as asked.
 */
export const retryableErrorsPlugin: ApolloServerPlugin<any> = {
  async requestDidStart() {
    return {
      async willSendResponse({ errors, response }) {
        const retryable = (errors ?? []).map(findAppError).find((error) => error?.code === 'RATE_LIMITED' || error?.code === 'UNAVAILABLE');
        if (!retryable) return;
        response.http.status = httpStatusFor[retryable.code];
        const retryAfter = retryAfterOf(retryable);
        if (retryAfter !== undefined) response.http.headers.set('retry-after', String(retryAfter));
      },
    };
  },
};
