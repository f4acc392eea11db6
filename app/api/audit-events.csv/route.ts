// GET /api/audit-events.csv?teamId=&actor=&action=&target=&since=&until=
// The audit trail as CSV (same filters and rights as GraphQL's auditEvents).
import { resolvePrincipal } from '@/lib/authz/resolve-principal.ts';
import { exportAuditEvents } from '@/lib/audit/export-audit-events.ts';
import { errorResponse } from '@/lib/identity/json-response.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const get = (name: string) => params.get(name) || undefined;
    const body = await exportAuditEvents(await resolvePrincipal(request), {
      teamId: get('teamId'),
      actor: get('actor'),
      action: get('action'),
      target: get('target'),
      since: get('since'),
      until: get('until'),
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="cairn-audit-${stamp}.csv"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
