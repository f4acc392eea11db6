// POST /api/v1/lineage: OpenLineage events, at the path Marquez serves them, so Airflow,
// Spark and dbt integrations (and the OpenLineage clients' HTTP transport) point at Cairn
// unchanged: url = <cairn>, endpoint = api/v1/lineage, api key = a Cairn write token. A
// framework-free handler (Request -> Response) like the MLflow router: route files and any
// other dispatcher call it. 201 recorded, 200 a duplicate delivery, 400 an invalid event
// (the schema's complaints listed), 401 no or bad token, 403 a read token, 413 too large.
import { resolvePrincipal } from '../authz/resolve-principal.ts';
import { asAppError, unauthenticated } from '../errors.ts';
import { ingestOpenLineageEvent } from '../lineage/openlineage/ingest-openlineage-event.ts';
import { readJsonBody } from './read-json.ts';
import { resolveTeamId } from './resolve-team.ts';

/** Events carry schemas and column lineage facets; Marquez accepts a few MB too. */
export const MAX_OPENLINEAGE_EVENT_BYTES = 5_000_000;

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, PAYLOAD_TOO_LARGE: 413 };

const reply = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

export async function handleOpenLineageRequest(request: Request): Promise<Response> {
  if (request.method !== 'POST') return reply({ error: { code: 'METHOD_NOT_ALLOWED', message: 'POST OpenLineage events here' } }, 405, { allow: 'POST' });
  try {
    const principal = await resolvePrincipal(request);
    if (principal.kind === 'anonymous') throw unauthenticated('Send a Cairn write token: Authorization: Bearer <token> (the OpenLineage transport\'s api key)');
    const teamId = await resolveTeamId(principal, request);
    const event = await readJsonBody(request, { maxBytes: MAX_OPENLINEAGE_EVENT_BYTES });
    const result = await ingestOpenLineageEvent(principal, { teamId, event });
    return reply(result, result.status === 'recorded' ? 201 : 200);
  } catch (error) {
    const appError = asAppError(error);
    if (appError && STATUS[appError.code]) {
      return reply({ error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) } }, STATUS[appError.code]);
    }
    console.error('Unexpected error in POST /api/v1/lineage', error);
    return reply({ error: { code: 'INTERNAL', message: 'Internal server error' } }, 500);
  }
}
