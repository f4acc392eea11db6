// The runs table grouped by a param, tag, status or user: each group's value, run count and
// the aggregates (count, min, max, mean) of chosen metrics' latest values, computed in SQL
// over the runs matching the table's query, never in the browser over all runs. NaN and
// ±Infinity take no part in min, max and mean (count says how many finite values there were).
// One statement; a group's runs are listed by listRunWindow with `group: { by, value }`.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { ATTRIBUTE_SQL, KEY_VALUE_TABLES, runConditions } from '../search/compile-run-search.ts';
import { SqlValues } from '../search/keyset.ts';
import { parseGroupKey, resolveRunTableQuery, type GroupKey, type RunTableQueryInput } from './run-table-query.ts';

/** Groups listed at most, the largest first; `truncated` says when there are more. */
export const MAX_GROUPS = 1000;
export const MAX_AGGREGATED_METRICS = 50;

const groupInput = z.object({
  by: z.string().min(1, 'by must name a param, a tag or an attribute').max(1000),
  metricKeys: z.array(z.string().min(1).max(1000)).max(MAX_AGGREGATED_METRICS, `At most ${MAX_AGGREGATED_METRICS} metrics`).nullish(),
});

export type GroupRunsInput = Omit<RunTableQueryInput, 'group'> & z.input<typeof groupInput>;

export type MetricAggregate = { key: string; count: number; min: number | null; max: number | null; mean: number | null };
export type RunGroup = { value: string | null; runCount: number; metrics: MetricAggregate[] };
export type RunGroups = { by: string; totalCount: number; groups: RunGroup[]; truncated: boolean };

type GroupRow = { value: string | null; run_count: number; group_total: number; key: string | null; count: number | null; min: number | null; max: number | null; mean: number | null };

/** The group's value for each run `r` (a join for params and tags, an expression for attributes). */
function groupExpression(group: GroupKey, sql: SqlValues): { join: string; expression: string } {
  if (group.entity === 'attribute') return { join: '', expression: ATTRIBUTE_SQL[group.key].expression };
  const table = KEY_VALUE_TABLES[group.entity];
  return { join: `LEFT JOIN ${table} gv ON gv.run_id = r.id AND gv.key = ${sql.add(group.key, 'text')}`, expression: 'gv.value' };
}

export async function groupRuns(principal: Principal, input: GroupRunsInput): Promise<RunGroups> {
  const { by, metricKeys } = parseInput(groupInput, { by: input.by, metricKeys: input.metricKeys });
  const groupKey = parseGroupKey(by);
  const table = await resolveRunTableQuery(principal, { ...input, group: null, orderBy: [] });
  const sql = new SqlValues();
  const { join, expression } = groupExpression(groupKey, sql);
  const conditions = runConditions(table.filter, table.scope, sql);
  const keys = sql.add([...new Set(metricKeys ?? [])], 'text[]');
  const limit = sql.add(MAX_GROUPS, 'int4');
  // `matched` pairs each matching run with its group value; `groups` keeps the largest
  // MAX_GROUPS; the aggregates join the latest values of the chosen metrics to them.
  const rows = await query<GroupRow>(
    `WITH matched AS MATERIALIZED (
  SELECT r.id, ${expression} AS value FROM runs r ${join}
   WHERE ${conditions.join('\n     AND ')}
), counted AS (
  SELECT value, count(*)::int AS run_count FROM matched GROUP BY value
), groups AS (
  SELECT value, run_count, (SELECT count(*)::int FROM counted) AS group_total FROM counted
   ORDER BY run_count DESC, value NULLS LAST LIMIT ${limit}
), aggregates AS (
  SELECT m.value, lm.key, count(*)::int AS count, min(lm.value) AS min, max(lm.value) AS max, avg(lm.value) AS mean
    FROM matched m JOIN latest_metrics lm ON lm.run_id = m.id AND lm.key = ANY(${keys})
   WHERE lm.value NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)
   GROUP BY m.value, lm.key
)
SELECT g.value, g.run_count, g.group_total, a.key, a.count, a.min, a.max, a.mean
  FROM groups g LEFT JOIN aggregates a ON a.value IS NOT DISTINCT FROM g.value
 ORDER BY g.run_count DESC, g.value NULLS LAST, a.key`,
    sql.values,
  );

  const groups: RunGroup[] = [];
  let current: RunGroup | undefined;
  let first = true;
  for (const row of rows) {
    if (first || row.value !== current!.value) {
      current = { value: row.value, runCount: row.run_count, metrics: [] };
      groups.push(current);
      first = false;
    }
    if (row.key !== null) current!.metrics.push({ key: row.key, count: row.count ?? 0, min: row.min, max: row.max, mean: row.mean });
  }
  const totalCount = rows[0]?.group_total ?? 0;
  return { by, totalCount, groups, truncated: totalCount > groups.length };
}
