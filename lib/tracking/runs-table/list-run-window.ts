// A window of a project's runs table: the runs matching the table's query, in its order,
// from `offset`, plus how many match in all. The table is virtualized over the whole count
// (a scrollbar as long as 10,000 runs) and asks for the windows that come into view, so
// paging is by offset rather than by the search's keyset tokens: a person may drag the
// scrollbar to row 9,000 without loading the rows before it. One SQL statement.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { runConditions, sortKeys } from '../search/compile-run-search.ts';
import { orderByColumns, sortColumns, SqlValues } from '../search/keyset.ts';
import { resolveRunTableQuery, type RunTableQuery, type RunTableQueryInput } from './run-table-query.ts';

export const MAX_WINDOW_ROWS = 500;
export const MAX_WINDOW_OFFSET = 1_000_000;

const windowInput = z.object({
  offset: z.number().int().min(0, 'offset must be at least 0').max(MAX_WINDOW_OFFSET, `offset must be at most ${MAX_WINDOW_OFFSET}`).default(0),
  limit: z.number().int().min(1, 'limit must be at least 1').max(MAX_WINDOW_ROWS, `limit must be at most ${MAX_WINDOW_ROWS}`).default(100),
});

export type RunWindowInput = RunTableQueryInput & z.input<typeof windowInput>;
export type RunWindow = { totalCount: number; offset: number; runIds: string[] };

/** The ordered, matching runs as SQL (`matched`, with sort columns k0.., r0..), for windows and exports. */
export function matchedRunsSql(
  table: Pick<RunTableQuery, 'filter' | 'orderBy' | 'scope'>,
  sql: SqlValues,
): { text: string; order: (qualifier?: string) => string } {
  const { keys, joins } = sortKeys(table.orderBy, sql);
  const conditions = runConditions(table.filter, table.scope, sql);
  const text = `SELECT r.id::text AS id, ${sortColumns(keys)}
    FROM runs r${joins.map((join) => `\n    ${join}`).join('')}
    WHERE ${conditions.join('\n      AND ')}`;
  return { text, order: (qualifier = '') => orderByColumns(keys, qualifier) };
}

export async function listRunWindow(principal: Principal, input: RunWindowInput): Promise<RunWindow> {
  const { offset, limit } = parseInput(windowInput, { offset: input.offset ?? undefined, limit: input.limit ?? undefined });
  const table = await resolveRunTableQuery(principal, input);
  const sql = new SqlValues();
  const matched = matchedRunsSql(table, sql);
  // The count and the window from one scan of the matching runs (a CTE used twice is materialized once).
  const rows = await query<{ total: number; id: string | null }>(
    `WITH matched AS (${matched.text})
SELECT t.total, w.* FROM (SELECT count(*)::int AS total FROM matched) t
LEFT JOIN LATERAL (SELECT * FROM matched ORDER BY ${matched.order()} OFFSET ${sql.add(offset, 'int4')} LIMIT ${sql.add(limit, 'int4')}) w ON true
ORDER BY ${matched.order('w.')}`,
    sql.values,
  );
  return {
    totalCount: rows[0]?.total ?? 0,
    offset,
    runIds: rows.flatMap((row) => (row.id ? [row.id] : [])),
  };
}
