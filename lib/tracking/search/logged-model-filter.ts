// MLflow 3's logged-model search (SearchLoggedModels: mlflow/utils/search_logged_model_utils.py
// and the SQL store's order clauses) for Cairn's logged_models rows: filter on the attributes
// name, model_id, model_type, status, source_run_id, creation_timestamp and
// last_updated_timestamp (with MLflow's aliases), params.<key> and tags.<key>; order_by
// attributes, creation_timestamp DESC by default; keyset page tokens. One parameterised query.
// Metrics of logged models (MLflow 3 log_metric(model_id=...)) are not stored by Cairn, so
// filters and orders on metrics.<key> are refused with a clear message rather than ignored.
import { badInput } from '../../errors.ts';
import { filterError, parseComparisons, SQL_OPERATORS, type Comparison } from './filter-grammar.ts';
import { keysetPageQuery, searchHash, SqlValues, type SortKey } from './keyset.ts';

type Attribute = 'name' | 'model_id' | 'model_type' | 'status' | 'source_run_id' | 'creation_timestamp' | 'last_updated_timestamp';

const ALIASES: Record<string, Attribute> = {
  name: 'name',
  model_id: 'model_id',
  model_type: 'model_type',
  status: 'status',
  source_run_id: 'source_run_id',
  creation_timestamp: 'creation_timestamp',
  creation_timestamp_ms: 'creation_timestamp',
  creation_time: 'creation_timestamp',
  last_updated_timestamp: 'last_updated_timestamp',
  last_updated_timestamp_ms: 'last_updated_timestamp',
  last_updated_time: 'last_updated_timestamp',
};

const NUMERIC: ReadonlySet<Attribute> = new Set(['creation_timestamp', 'last_updated_timestamp']);

const ATTRIBUTE_SQL: Record<Attribute, { expression: string; type: 'int8' | 'text' }> = {
  name: { expression: `(lm.metadata->>'name')`, type: 'text' },
  model_id: { expression: 'lm.id', type: 'text' },
  model_type: { expression: `(lm.metadata->>'modelType')`, type: 'text' },
  status: { expression: `(lm.metadata->>'status')`, type: 'text' },
  source_run_id: { expression: 'lm.run_id::text', type: 'text' },
  creation_timestamp: { expression: `((lm.metadata->>'createdMs')::int8)`, type: 'int8' },
  last_updated_timestamp: { expression: `((lm.metadata->>'updatedMs')::int8)`, type: 'int8' },
};

const STRING_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const NUMERIC_COMPARATORS = ['=', '!=', '>', '>=', '<', '<='];

/** `READY` and `LOGGED_MODEL_READY` name the same status (the proto enum is LOGGED_MODEL_*). */
const statusValue = (value: string) => (/^(PENDING|READY|UPLOAD_FAILED)$/i.test(value) ? `LOGGED_MODEL_${value.toUpperCase()}` : value);

type Clause =
  | { entity: 'attribute'; key: Attribute; comparator: string; value: string | number | string[] }
  | { entity: 'param' | 'tag'; key: string; comparator: string; value: string | string[] };

function attributeOf(key: string, position: number, subject: string): Attribute {
  const attribute = ALIASES[key.toLowerCase()];
  if (!attribute) {
    filterError(position, `unknown attribute '${key}' (use ${[...new Set(Object.values(ALIASES))].join(', ')}, params.<key> or tags.<key>)`, subject);
  }
  return attribute;
}

function toClause({ identifier, comparator, comparatorPosition, value }: Comparison): Clause {
  const prefix = identifier.prefix?.toLowerCase();
  if (prefix === 'metrics' || prefix === 'metric') {
    filterError(identifier.position, 'Cairn does not record metrics of logged models: filter their source runs with runs/search instead');
  }
  let entity: 'attribute' | 'param' | 'tag';
  if (prefix === undefined || prefix === 'attributes' || prefix === 'attribute') entity = 'attribute';
  else if (prefix === 'params' || prefix === 'param') entity = 'param';
  else if (prefix === 'tags' || prefix === 'tag') entity = 'tag';
  else return filterError(identifier.position, `unknown entity type '${identifier.prefix}' (use attributes, params or tags)`);

  const key = entity === 'attribute' ? attributeOf(identifier.key, identifier.position, 'filter') : identifier.key;
  const numeric = entity === 'attribute' && NUMERIC.has(key as Attribute);
  const allowed = numeric ? NUMERIC_COMPARATORS : STRING_COMPARATORS;
  if (!allowed.includes(comparator)) filterError(comparatorPosition, `'${comparator}' does not apply to '${identifier.raw}' (use ${allowed.join(', ')})`);
  if (numeric) {
    if (value.kind !== 'number') filterError(value.position, `'${identifier.raw}' compares with a number, found ${value.raw}`);
    return { entity: 'attribute', key: key as Attribute, comparator, value: value.value };
  }
  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (value.kind !== 'list') filterError(value.position, `${comparator} takes a list such as ('a', 'b'), found ${value.raw}`);
  } else if (value.kind !== 'string') {
    filterError(value.position, `'${identifier.raw}' compares with a quoted string ('...'), found ${value.raw}`);
  }
  const text = value.value as string | string[];
  const normalized = key === 'status' ? (Array.isArray(text) ? text.map(statusValue) : statusValue(text)) : text;
  return entity === 'attribute' ? { entity, key: key as Attribute, comparator, value: normalized } : { entity, key, comparator, value: normalized };
}

function comparison(expression: string, comparator: string, value: string | number | string[], type: string, sql: SqlValues): string {
  if (comparator === 'IN') return `${expression} = ANY(${sql.add(value, 'text[]')})`;
  if (comparator === 'NOT IN') return `${expression} <> ALL(${sql.add(value, 'text[]')})`;
  return `${expression} ${SQL_OPERATORS[comparator as keyof typeof SQL_OPERATORS]} ${sql.add(type === 'int8' ? String(value) : value, type === 'int8' ? 'numeric' : 'text')}`;
}

function condition(clause: Clause, sql: SqlValues): string {
  if (clause.entity === 'attribute') {
    const { expression, type } = ATTRIBUTE_SQL[clause.key];
    return comparison(expression, clause.comparator, clause.value, type, sql);
  }
  const list = clause.entity === 'param' ? 'params' : 'tags';
  return `EXISTS (SELECT 1 FROM jsonb_array_elements(lm.metadata->'${list}') e
    WHERE e->>'key' = ${sql.add(clause.key, 'text')} AND ${comparison(`(e->>'value')`, clause.comparator, clause.value, 'text', sql)})`;
}

export type LoggedModelOrder = { field_name: string; ascending?: boolean; dataset_name?: string; dataset_digest?: string };

function sortKeys(orderBy: readonly LoggedModelOrder[]): SortKey[] {
  const keys: SortKey[] = [];
  const seen = new Set<Attribute>();
  for (const order of orderBy) {
    const subject = `order_by field '${order.field_name}'`;
    if (!order.field_name) throw badInput("Missing value for required parameter 'order_by.field_name'");
    const [prefix, ...rest] = order.field_name.includes('.') ? order.field_name.split('.') : [undefined, order.field_name];
    if (prefix !== undefined && prefix !== 'attributes') {
      throw badInput(
        prefix === 'metrics'
          ? `Invalid ${subject}: Cairn does not record metrics of logged models, so it cannot order by them`
          : `Invalid ${subject}: order by attributes (name, creation_timestamp, ...)`,
      );
    }
    const attribute = attributeOf(rest.join('.'), 1, subject);
    if (seen.has(attribute)) throw badInput(`order_by contains duplicate fields: '${attribute}' appears twice`);
    seen.add(attribute);
    keys.push({ ...ATTRIBUTE_SQL[attribute], descending: order.ascending === false, missingLast: true });
  }
  // MLflow: newest first unless creation time was named; the id makes the order total.
  if (!seen.has('creation_timestamp')) keys.push({ ...ATTRIBUTE_SQL.creation_timestamp, descending: true, missingLast: false });
  keys.push({ expression: 'lm.id', type: 'text', descending: false, missingLast: false });
  return keys;
}

export type CompileLoggedModelSearchInput = {
  teamId: string;
  projectIds: readonly bigint[];
  filter?: string | null;
  orderBy?: readonly LoggedModelOrder[] | null;
  maxResults: number;
  pageToken?: string | null;
};

/** One query over the team's live MLflow 3 logged models in `projectIds`; call after authorizing the team. */
export function compileLoggedModelSearch(input: CompileLoggedModelSearchInput) {
  const clauses = parseComparisons(input.filter ?? '').map(toClause);
  const keys = sortKeys(input.orderBy ?? []);
  const sql = new SqlValues();
  const conditions = [
    `r.team_id = ${sql.add(input.teamId, 'text')}`,
    `r.project_id = ANY(${sql.add(input.projectIds.map(String), 'int8[]')})`,
    `lm.metadata->>'kind' = 'logged-model'`,
    'lm.deleted_at IS NULL',
    ...clauses.map((clause) => condition(clause, sql)),
  ];
  return keysetPageQuery({
    id: 'lm.id',
    from: 'logged_models lm JOIN runs r ON r.id = lm.run_id',
    conditions,
    keys,
    hash: searchHash({ search: 'logged-models', teamId: input.teamId, projects: input.projectIds.map(String), clauses, orderBy: input.orderBy ?? [] }),
    pageToken: input.pageToken,
    pageSize: input.maxResults,
    sql,
  });
}
