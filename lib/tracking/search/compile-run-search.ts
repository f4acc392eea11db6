// Compiles a parsed run filter, order_by and scope into ONE parameterised SQL statement:
// the page of run ids in order (keyset pagination) plus which of the requested projects
// exist in the team, so searchRuns needs no second query. Every value and every key the
// user wrote is a bind parameter; the SQL text only ever contains our own fragments.
import { SQL_OPERATORS } from './filter-grammar.ts';
import { afterCursor, decodePageToken, orderByColumns, RANK_HAS_VALUE, readPage, searchHash, sortColumns, SqlValues, type SearchRow, type SortKey } from './keyset.ts';
import type { NumericComparator, RunAttribute, RunFilter, RunFilterClause } from './parse-run-filter.ts';
import type { RunOrder } from './parse-run-order.ts';

export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export type RunSearchScope = {
  teamId: string;
  /** Decimal project ids; the search covers runs of these projects only. */
  projectIds: readonly string[];
  viewType: ViewType;
};

export type CompileRunSearchInput = {
  filter: RunFilter;
  orderBy: readonly RunOrder[];
  scope: RunSearchScope;
  /** Page size; the query fetches one more row to know whether a next page exists. */
  maxResults: number;
  pageToken?: string | null;
};

export type RunSearchResult = {
  runIds: string[];
  nextPageToken?: string;
  /** The requested project ids that exist in the team (the caller reports the others). */
  foundProjectIds: string[];
};

export type CompiledRunSearch = {
  text: string;
  values: unknown[];
  readResult(rows: readonly SearchRow[]): RunSearchResult;
};

// MLflow's user_id is the client's mlflow.user tag, else the Cairn author (see run-view.ts).
const USER_ID_SQL =
  "COALESCE((SELECT ut.value FROM run_tags ut WHERE ut.run_id = r.id AND ut.key = 'mlflow.user'), (SELECT u.email FROM users u WHERE u.id = r.author_id), '')";

export const ATTRIBUTE_SQL: Record<RunAttribute, { expression: string; type: 'int8' | 'text'; nullable: boolean }> = {
  run_id: { expression: 'r.id::text', type: 'text', nullable: false },
  run_name: { expression: 'r.name', type: 'text', nullable: false },
  // Enum to text: compare and sort by the status name as MLflow does, and never fail on an unknown value.
  status: { expression: 'r.status::text', type: 'text', nullable: false },
  user_id: { expression: USER_ID_SQL, type: 'text', nullable: false },
  artifact_uri: { expression: 'r.artifact_uri', type: 'text', nullable: false },
  start_time: { expression: 'r.start_time', type: 'int8', nullable: false },
  end_time: { expression: 'r.end_time', type: 'int8', nullable: true },
};

export const KEY_VALUE_TABLES = { metric: 'latest_metrics', param: 'params', tag: 'run_tags' } as const;

/** A number for a bigint column: exact integers stay int8 so indexes apply; others compare as numeric. */
function numericPlaceholder(value: number, sql: SqlValues): string {
  return Number.isSafeInteger(value) ? sql.add(String(value), 'int8') : sql.add(String(value), 'numeric');
}

/** PostgreSQL sorts NaN above every number; MLflow (IEEE) says NaN > x and NaN >= x are false. */
function metricCondition(column: string, comparator: NumericComparator, placeholder: string): string {
  const comparison = `${column} ${SQL_OPERATORS[comparator]} ${placeholder}`;
  return comparator === '>' || comparator === '>=' ? `${comparison} AND ${column} <> 'NaN'::float8` : comparison;
}

function listCondition(column: string, comparator: 'IN' | 'NOT IN', values: string[], sql: SqlValues): string {
  const placeholder = sql.add(values, 'text[]');
  return comparator === 'IN' ? `${column} = ANY(${placeholder})` : `${column} <> ALL(${placeholder})`;
}

function clauseCondition(clause: RunFilterClause, sql: SqlValues): string {
  switch (clause.entity) {
    case 'metric':
    case 'param':
    case 'tag': {
      const table = KEY_VALUE_TABLES[clause.entity];
      const key = sql.add(clause.key, 'text');
      if (clause.comparator === 'MISSING') return `NOT EXISTS (SELECT 1 FROM ${table} f WHERE f.run_id = r.id AND f.key = ${key})`;
      const condition =
        clause.entity === 'metric'
          ? metricCondition('f.value', clause.comparator, sql.add(clause.value, 'float8'))
          : `f.value ${SQL_OPERATORS[clause.comparator]} ${sql.add(clause.value, 'text')}`;
      // Like MLflow's inner join: a run without the key never matches, not even with !=.
      return `EXISTS (SELECT 1 FROM ${table} f WHERE f.run_id = r.id AND f.key = ${key} AND ${condition})`;
    }
    case 'attribute': {
      const { expression } = ATTRIBUTE_SQL[clause.key];
      if (clause.comparator === 'IN' || clause.comparator === 'NOT IN') {
        return listCondition(expression, clause.comparator, clause.value as string[], sql);
      }
      if (typeof clause.value === 'number') {
        return `${expression} ${SQL_OPERATORS[clause.comparator]} ${numericPlaceholder(clause.value, sql)}`;
      }
      return `${expression} ${SQL_OPERATORS[clause.comparator]} ${sql.add(clause.value, 'text')}`;
    }
    case 'dataset': {
      const column = clause.key === 'context' ? 'ri.context' : `d.${clause.key}`;
      const condition =
        clause.comparator === 'IN' || clause.comparator === 'NOT IN'
          ? listCondition(column, clause.comparator, clause.value as string[], sql)
          : `${column} ${SQL_OPERATORS[clause.comparator]} ${sql.add(clause.value, 'text')}`;
      return `EXISTS (SELECT 1 FROM run_inputs ri JOIN datasets d ON d.id = ri.dataset_id WHERE ri.run_id = r.id AND ${condition})`;
    }
  }
}

/** Sort keys for the order_by clauses, MLflow's tie-breakers (start_time DESC, id) and the joins they need. */
export function sortKeys(orderBy: readonly RunOrder[], sql: SqlValues): { keys: SortKey[]; joins: string[] } {
  const keys: SortKey[] = [];
  const joins: string[] = [];
  orderBy.forEach((order, i) => {
    if (order.entity === 'attribute') {
      const attribute = ATTRIBUTE_SQL[order.key];
      keys.push({ expression: attribute.expression, type: attribute.type, descending: order.descending, missingLast: attribute.nullable });
      return;
    }
    const alias = `o${i}`;
    // (run_id, key) is each table's primary key: the join adds at most one row per run.
    joins.push(`LEFT JOIN ${KEY_VALUE_TABLES[order.entity]} ${alias} ON ${alias}.run_id = r.id AND ${alias}.key = ${sql.add(order.key, 'text')}`);
    keys.push({ expression: `${alias}.value`, type: order.entity === 'metric' ? 'float8' : 'text', descending: order.descending, missingLast: true });
  });
  if (!orderBy.some((order) => order.entity === 'attribute' && order.key === 'start_time')) {
    keys.push({ expression: 'r.start_time', type: 'int8', descending: true, missingLast: false });
  }
  keys.push({ expression: 'r.id::text', type: 'text', descending: false, missingLast: false });
  return { keys, joins };
}

const LIFECYCLE: Record<ViewType, string | null> = {
  ACTIVE_ONLY: "r.lifecycle_stage = 'ACTIVE'",
  DELETED_ONLY: "r.lifecycle_stage = 'DELETED'",
  ALL: null,
};

/**
 * The WHERE conditions (over `runs r`) selecting the runs of `scope` that match `filter`:
 * shared by the keyset search below and by the runs table's windows, groups and exports.
 */
export function runConditions(filter: RunFilter, scope: RunSearchScope, sql: SqlValues): string[] {
  // One project (the usual search) as an equality, so runs' (project_id, lifecycle_stage,
  // start_time DESC) index yields runs in start_time order and the page stops early.
  const inProjects =
    scope.projectIds.length === 1 ? `r.project_id = ${sql.add(scope.projectIds[0], 'int8')}` : `r.project_id = ANY(${sql.add([...scope.projectIds], 'int8[]')})`;
  const conditions = [`r.team_id = ${sql.add(scope.teamId, 'text')}`, inProjects];
  const lifecycle = LIFECYCLE[scope.viewType];
  if (lifecycle) conditions.push(lifecycle);
  for (const clause of filter) conditions.push(clauseCondition(clause, sql));
  return conditions;
}

/**
 * One statement: `scope` names the requested projects that exist in the team; `page` is the
 * ordered page of matching runs (maxResults + 1 rows); the outer join returns at least one
 * row so the scope is known even when nothing matches.
 */
export function compileRunSearch(input: CompileRunSearchInput): CompiledRunSearch {
  const { filter, orderBy, scope, maxResults, pageToken } = input;
  const sql = new SqlValues();
  const team = sql.add(scope.teamId, 'text');
  const projects = sql.add([...scope.projectIds], 'int8[]');
  const { keys, joins } = sortKeys(orderBy, sql);
  const conditions = runConditions(filter, scope, sql);

  const hash = searchHash({
    search: 'runs',
    teamId: scope.teamId,
    projectIds: [...new Set(scope.projectIds)].sort(),
    viewType: scope.viewType,
    filter,
    orderBy,
  });
  const cursor = pageToken ? decodePageToken(pageToken, hash, keys) : null;
  const after = cursor ? `WHERE ${afterCursor(keys, cursor, sql)}` : '';
  const limit = sql.add(maxResults + 1, 'int4');

  const scopeCte = `scope AS (
  SELECT COALESCE(array_agg(p.id::text), '{}') AS project_ids FROM projects p WHERE p.team_id = ${team} AND p.id = ANY(${projects})
)`;
  const matching = (from: string[], extra: string[], order: readonly SortKey[]) => `SELECT * FROM (
    SELECT r.id::text AS id, ${sortColumns(keys)}
    FROM runs r${from.map((join) => `\n    ${join}`).join('')}
    WHERE ${[...conditions, ...extra].join('\n      AND ')}
  ) matched ${after}
  ORDER BY ${orderByColumns(order)}
  LIMIT ${limit}`;
  // Ordered by a metric: the runs holding a number for it come first, in the metric's order,
  // so that page is read by walking latest_metrics' (key, value) index and stops after a page
  // (a top-N sort of every run in scope otherwise, ~100x slower at 100,000 runs). The runs
  // without one (NaN, missing) follow, read only when the first part falls short of a page.
  // Not when the cursor is already past the numbers.
  const byMetricFirst = orderBy[0]?.entity === 'metric' && (!cursor || (cursor[0] as [number, unknown])[0] === RANK_HAS_VALUE);
  const page = byMetricFirst
    ? `valued AS MATERIALIZED (
  ${matching([joins[0].replace(/^LEFT JOIN /, 'JOIN '), ...joins.slice(1)], ["o0.value < 'NaN'::float8"], [{ ...keys[0], missingLast: false }, ...keys.slice(1)])}
), page AS (
  SELECT * FROM (
    SELECT * FROM valued
    UNION ALL
    (${matching(joins, ["(o0.value IS NULL OR o0.value = 'NaN'::float8)", `(SELECT count(*) FROM valued) < ${limit}`], keys)})
  ) both_parts
  ORDER BY ${orderByColumns(keys)}
  LIMIT ${limit}
)`
    : `page AS (
  ${matching(joins, [], keys)}
)`;
  const text = `WITH ${scopeCte}, ${page}
SELECT scope.project_ids AS scope_project_ids, page.* FROM scope LEFT JOIN page ON true
ORDER BY ${orderByColumns(keys, 'page.')}`;

  return {
    text,
    values: sql.values,
    readResult(rows) {
      const foundProjectIds = (rows[0]?.scope_project_ids as string[] | undefined) ?? [];
      const matched = rows.filter((row) => row.id !== null && row.id !== undefined);
      const page = readPage(matched, maxResults, hash, keys);
      return {
        runIds: page.rows.map((row) => String(row.id)),
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
        foundProjectIds,
      };
    },
  };
}
