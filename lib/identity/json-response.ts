// JSON answers of the sign-up endpoints: `{ error: { code, message } }` with an HTTP status
// per stable code; anything that is not an AppError is a bug, logged and answered as INTERNAL.
import { asAppError, retryAfterOf, type ErrorCode } from '../errors.ts';

const statusOf: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

const noStore = { 'cache-control': 'no-store' };

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...noStore, ...headers } });
}

export function errorResponse(error: unknown): Response {
  const appError = asAppError(error);
  if (appError && statusOf[appError.code]) {
    const retryAfter = retryAfterOf(appError);
    return jsonResponse({ error: { code: appError.code, message: appError.message } }, statusOf[appError.code], retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
  }
  console.error('Unexpected error in an identity endpoint', error);
  return jsonResponse({ error: { code: 'INTERNAL', message: 'Internal server error' } }, 500);
}
