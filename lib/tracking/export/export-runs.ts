// The runs table as a file (CSV, or Parquet for pandas and Polars): the runs matching the
// table's query in its order, with the chosen columns, run_id first. Validated and
// authorized before the first byte, then streamed: the table's own ordered query is read
// through a PostgreSQL cursor (pg-cursor: sorted once, fetched a page at a time; it holds one
// pooled connection while the download lasts), each page's chosen columns loaded in a few
// set-based queries and encoded, so 100,000 runs never sit in memory together.
import { z } from 'zod';
import { authorize, type Principal } from '../../authz/index.ts';
import Cursor from 'pg-cursor';
import { pool } from '../../db/client.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { SqlValues } from '../search/keyset.ts';
import { matchedRunsSql } from '../runs-table/list-run-window.ts';
import { cellType, cellValue, exportName, type RunRow } from '../runs-table/run-row.ts';
import { resolveRunTableQuery, type RunTableQuery, type RunTableQueryInput } from '../runs-table/run-table-query.ts';
import { columnIdSchema, MAX_TABLE_COLUMNS } from '../runs-table/view-shapes.ts';
import { loadExportRows } from './load-export-rows.ts';
import { csvEncoder, parquetEncoder, type ExportCell, type ExportColumn, type TableEncoder } from './table-encoders.ts';

export const EXPORT_PAGE_SIZE = 1000;
export const EXPORT_FORMATS = ['csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const exportInput = z.object({
  format: z.enum(EXPORT_FORMATS, { message: "format must be 'csv' or 'parquet'" }),
  columns: z.array(columnIdSchema).max(MAX_TABLE_COLUMNS, `At most ${MAX_TABLE_COLUMNS} columns`).default([]),
  /** Runs read, encoded and sent at a time (a Parquet row group each). */
  pageSize: z.number().int().min(1).max(10_000).default(EXPORT_PAGE_SIZE),
});

export type ExportRunsInput = Omit<RunTableQueryInput, 'group'> & z.input<typeof exportInput>;

export type ExportFile = { filename: string; contentType: string; body: ReadableStream<Uint8Array> };

/** run_id first, then the chosen columns (each once), with the type each exports as. */
export function exportColumns(columns: readonly string[]): { ids: string[]; columns: ExportColumn[] } {
  const ids = ['attributes.run_id', ...new Set(columns.filter((id) => id !== 'attributes.run_id'))];
  return {
    ids,
    columns: ids.map((id) => {
      const type = cellType(id);
      return { name: exportName(id), type: type === 'time' ? 'time' : type === 'number' || type === 'duration' ? 'number' : 'text' };
    }),
  };
}

/** Durations export in seconds (ms in the table), everything else as the column reads. */
function exportCell(row: RunRow, id: string): ExportCell {
  const value = cellValue(row, id);
  return cellType(id) === 'duration' && typeof value === 'number' ? value / 1000 : value;
}

function safeFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'project';
}

/** Every matching run id in the table's order, page by page, from one cursor over the table's query. */
async function* runIdPages(table: RunTableQuery, pageSize: number): AsyncGenerator<string[]> {
  const sql = new SqlValues();
  const matched = matchedRunsSql(table, sql);
  const client = await pool().connect();
  const cursor = client.query(new Cursor<{ id: string }>(`${matched.text}
ORDER BY ${matched.order()}`, sql.values));
  try {
    for (;;) {
      const rows = await cursor.read(pageSize);
      if (rows.length === 0) return;
      yield rows.map((row) => row.id);
    }
  } finally {
    await cursor.close().catch(() => undefined);
    client.release();
  }
}

/** A pull stream: the next page is read only when the client has taken the previous one. */
function encodeStream(pages: AsyncGenerator<ExportCell[][]>, encoder: TableEncoder): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      const next = await pages.next();
      if (next.done) {
        finished = true;
        const tail = encoder.finish();
        if (tail.length) controller.enqueue(tail);
        controller.close();
        return;
      }
      const bytes = encoder.encode(next.value);
      if (bytes.length) controller.enqueue(bytes);
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

export async function exportRuns(principal: Principal, input: ExportRunsInput): Promise<ExportFile> {
  const { format, columns, pageSize } = parseInput(exportInput, { format: input.format, columns: input.columns ?? undefined, pageSize: input.pageSize });
  const table = await resolveRunTableQuery(principal, { ...input, group: null });
  authorize(principal, 'export:read', table.project.teamId);
  const layout = exportColumns(columns);
  // Comment counts are the runs' comments: read under their own action, as the table reads them.
  if (layout.ids.includes('attributes.comment_count')) authorize(principal, 'comment:read', table.project.teamId);
  const encoder = format === 'csv' ? csvEncoder(layout.columns) : parquetEncoder(layout.columns);

  async function* rows(): AsyncGenerator<ExportCell[][]> {
    // The header (CSV) and the schema (Parquet) come out even when nothing matches.
    let any = false;
    for await (const runIds of runIdPages(table, pageSize)) {
      any = true;
      const rows = await loadExportRows(runIds, layout.ids, table.project.teamId);
      yield rows.map((row) => layout.ids.map((id) => exportCell(row, id)));
    }
    if (!any) yield [];
  }

  return {
    filename: `${safeFilename(table.project.name)}-runs.${encoder.extension}`,
    contentType: encoder.contentType,
    body: encodeStream(rows(), encoder),
  };
}

export { encodeStream, safeFilename };
