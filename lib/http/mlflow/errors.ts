// MLflow REST error wire format: {"error_code": "...", "message": "..."} with the HTTP
// status MLflow's server uses for that code. AppErrors map by their stable code; anything
// else is a bug: logged here, answered as INTERNAL_ERROR without details.
import { ZodError } from 'zod';
import { asAppError, retryAfterOf, type ErrorCode } from '../../errors.ts';

export type MlflowErrorCode =
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'INVALID_PARAMETER_VALUE'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'ENDPOINT_NOT_FOUND'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'TEMPORARILY_UNAVAILABLE'
  | 'INTERNAL_ERROR';

const byAppCode: Record<ErrorCode, { errorCode: MlflowErrorCode; status: number }> = {
  NOT_FOUND: { errorCode: 'RESOURCE_DOES_NOT_EXIST', status: 404 },
  BAD_USER_INPUT: { errorCode: 'INVALID_PARAMETER_VALUE', status: 400 },
  ALREADY_EXISTS: { errorCode: 'RESOURCE_ALREADY_EXISTS', status: 400 },
  FORBIDDEN: { errorCode: 'PERMISSION_DENIED', status: 403 },
  UNAUTHENTICATED: { errorCode: 'UNAUTHENTICATED', status: 401 },
  PAYLOAD_TOO_LARGE: { errorCode: 'INVALID_PARAMETER_VALUE', status: 413 },
  // Both retried by the MLflow client (429 and 503 are in its retry codes; it honours Retry-After).
  RATE_LIMITED: { errorCode: 'REQUEST_LIMIT_EXCEEDED', status: 429 },
  UNAVAILABLE: { errorCode: 'TEMPORARILY_UNAVAILABLE', status: 503 },
  INTERNAL: { errorCode: 'INTERNAL_ERROR', status: 500 },
};

/** A JSON response in MLflow's error shape. */
export function mlflowError(errorCode: MlflowErrorCode, message: string, status: number, retryAfterSeconds?: number): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  // Lets the MLflow client (and curl) know Basic credentials are accepted.
  if (status === 401) headers['www-authenticate'] = 'Basic realm="Cairn"';
  return new Response(JSON.stringify({ error_code: errorCode, message }), { status, headers });
}

/** Translate anything thrown by a handler into MLflow's error response. */
export function mlflowErrorResponse(error: unknown): Response {
  const appError = asAppError(error);
  if (appError) {
    const { errorCode, status } = byAppCode[appError.code];
    if (appError.code === 'INTERNAL') {
      console.error('[mlflow] internal error', error);
      return mlflowError('INTERNAL_ERROR', 'Internal error', 500);
    }
    return mlflowError(errorCode, appError.message, status, retryAfterOf(appError));
  }
  // Handlers parse with zod and convert to BAD_USER_INPUT; this is the safety net.
  if (error instanceof ZodError) return mlflowError('INVALID_PARAMETER_VALUE', describeZodError(error), 400);
  console.error('[mlflow] unexpected error', error);
  return mlflowError('INTERNAL_ERROR', 'Internal error', 500);
}

/** "Invalid value for parameter 'run_id': ..." from the first zod issue, as MLflow words it. */
export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request';
  // requiredString already words a missing value as MLflow does.
  if (issue.message.startsWith('Missing value for required parameter')) return issue.message;
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  const missing = issue.code === 'invalid_type' && (issue.input === undefined || issue.input === null) && /received (undefined|null)/.test(issue.message);
  if (missing || (issue.code === 'too_small' && issue.origin === 'string' && issue.input === '')) {
    return `Missing value for required parameter '${path}'. See the API docs for more information about request parameters.`;
  }
  if (!path) return issue.message;
  const shown = issue.input === undefined ? '' : ` ${JSON.stringify(issue.input)?.slice(0, 100)}`;
  return `Invalid value${shown} for parameter '${path}' supplied: ${issue.message}. See the API docs for more information about request parameters.`;
}
