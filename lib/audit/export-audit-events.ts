// The audit trail as CSV, for spreadsheets and SIEM imports: every event the filter matches,
// page after page (keyset, MAX_AUDIT_PAGE rows a query), streamed. The first page is read
// before anything is sent, so a refused export answers with an error, never a partial file.
// Cells a spreadsheet would run as a formula (=, +, -, @ ...) are escaped by csv-stringify.
import { stringify } from 'csv-stringify/sync';
import type { Principal } from '../authz/index.ts';
import { listAuditEvents, MAX_AUDIT_PAGE, type AuditEventView, type ListAuditEventsInput } from './list-audit-events.ts';

const COLUMNS = ['time', 'action', 'actor_email', 'actor_id', 'token', 'team_id', 'target_type', 'target_id', 'target', 'client_address', 'details'];

function row(event: AuditEventView): string[] {
  return [
    event.createdAt.toISOString(),
    event.action,
    event.actorEmail ?? '',
    event.actorId ?? '',
    event.token ? `${event.token.name} (${event.token.prefix}…)` : '',
    event.teamId ?? '',
    event.targetType ?? '',
    event.targetId ?? '',
    event.targetLabel ?? '',
    event.clientAddress ?? '',
    JSON.stringify(event.metadata ?? {}),
  ];
}

const csv = (rows: string[][]) => stringify(rows, { escape_formulas: true, record_delimiter: '\r\n' });

export async function exportAuditEvents(
  principal: Principal,
  filter: Omit<ListAuditEventsInput, 'first' | 'afterId'>,
): Promise<ReadableStream<Uint8Array>> {
  let page = await listAuditEvents(principal, { ...filter, first: MAX_AUDIT_PAGE });
  const encoder = new TextEncoder();
  let header = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = page.events.map(row);
      controller.enqueue(encoder.encode(csv(header ? [COLUMNS, ...rows] : rows)));
      header = false;
      if (!page.hasNextPage) {
        controller.close();
        return;
      }
      page = await listAuditEvents(principal, { ...filter, first: MAX_AUDIT_PAGE, afterId: page.events.at(-1)!.id });
    },
  });
}
