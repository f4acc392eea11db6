// MLflow's experiment search (SearchExperimentsUtils + the SQL store's order clauses) for
// Cairn projects: filter on name, creation_time, last_update_time and tags.<key>, order_by
// name / experiment_id / creation_time / last_update_time, view type, keyset page tokens,
// compiled to one parameterised SQL query. searchProjects (lib/tracking/projects) calls
// compileProjectSearch after authorizing the team, runs it, and hydrates the ids.
import { badInput } from '../../errors.ts';
import { filterError, parseComparisons, parseOrderClause, SQL_OPERATORS, type Comparison, type Identifier } from './filter-grammar.ts';
import { keysetPageQuery, searchHash, SqlValues, type SearchRow, type SortKey } from './keyset.ts';
import type { NumericComparator, StringComparator } from './parse-run-filter.ts';
import type { ViewType } from './compile-run-search.ts';

export type ExperimentAttribute = 'name' | 'creation_time' | 'last_update_time';
export type ExperimentOrderKey = ExperimentAttribute | 'experiment_id';

export type ExperimentFilterClause =
  | { entity: 'attribute'; key: 'name'; comparator: StringComparator; value: string }
  | { entity: 'attribute'; key: 'creation_time' | 'last_update_time'; comparator: NumericComparator; value: number }
  | { entity: 'tag'; key: string; comparator: StringComparator; value: string };

export type ExperimentOrder = { key: ExperimentOrderKey; descending: boolean };

const ENTITY_PREFIXES: Record<string, 'attribute' | 'tag'> = {
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  tag: 'tag',
  tags: 'tag',
};

const STRING_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMERIC_COMPARATORS = ['=', '!=', '>', '>=', '<', '<='];

// Prisma's DateTime is timestamp(3): milliseconds since the epoch are exact.
const MILLIS = (column: string) => `floor(extract(epoch from ${column}) * 1000)::int8`;
const ATTRIBUTE_SQL: Record<ExperimentOrderKey, { expression: string; type: 'int8' | 'text' }> = {
  name: { expression: 'p.name', type: 'text' },
  creation_time: { expression: MILLIS('p.created_at'), type: 'int8' },
  last_update_time: { expression: MILLIS('p.updated_at'), type: 'int8' },
  experiment_id: { expression: 'p.id', type: 'int8' },
};

function resolve(identifier: Identifier, subject: string, attributes: readonly string[]): { entity: 'attribute' | 'tag'; key: string } {
  const entity = identifier.prefix === undefined ? 'attribute' : ENTITY_PREFIXES[identifier.prefix.toLowerCase()];
  if (!entity) return filterError(identifier.position, `unknown entity type '${identifier.prefix}' (use attributes or tags)`, subject);
  if (entity === 'tag') {
    if (!identifier.key) return filterError(identifier.position, 'a tag key is required after tags.', subject);
    return { entity, key: identifier.key };
  }
  const key = identifier.key.toLowerCase();
  if (!attributes.includes(key)) {
    return filterError(identifier.position, `unknown attribute '${identifier.key}' (use ${attributes.join(', ')} or tags.<key>)`, subject);
  }
  return { entity, key };
}

function toClause(comparison: Comparison): ExperimentFilterClause {
  const { identifier, comparator, comparatorPosition, value } = comparison;
  const target = resolve(identifier, 'filter', ['name', 'creation_time', 'last_update_time']);
  const numeric = target.entity === 'attribute' && target.key !== 'name';
  const allowed = numeric ? NUMERIC_COMPARATORS : STRING_COMPARATORS;
  if (!allowed.includes(comparator)) {
    filterError(comparatorPosition, `'${comparator}' does not apply to '${identifier.raw}' (use ${allowed.join(', ')})`);
  }
  if (numeric) {
    if (value.kind !== 'number') filterError(value.position, `'${identifier.raw}' compares with a number, found ${value.raw}`);
    return { entity: 'attribute', key: target.key as 'creation_time' | 'last_update_time', comparator: comparator as NumericComparator, value: value.value };
  }
  if (value.kind !== 'string') filterError(value.position, `'${identifier.raw}' compares with a quoted string ('...'), found ${value.raw}`);
  return target.entity === 'tag'
    ? { entity: 'tag', key: target.key, comparator: comparator as StringComparator, value: value.value }
    : { entity: 'attribute', key: 'name', comparator: comparator as StringComparator, value: value.value };
}

/** Parses an MLflow experiment filter; BAD_USER_INPUT with the error's position otherwise. */
export function parseExperimentFilter(filter: string): ExperimentFilterClause[] {
  return parseComparisons(filter).map(toClause);
}

export function parseExperimentOrderBy(orderBy: readonly string[]): ExperimentOrder[] {
  const seen = new Set<string>();
  return orderBy.map((clause) => {
    const subject = `order_by clause '${clause}'`;
    const { identifier, descending } = parseOrderClause(clause, subject);
    const target = resolve(identifier, subject, ['name', 'experiment_id', 'creation_time', 'last_update_time']);
    if (target.entity === 'tag') throw badInput(`Invalid ${subject}: experiments are ordered by attributes, not tags`);
    if (seen.has(target.key)) throw badInput(`order_by contains duplicate fields: '${target.key}' appears twice`);
    seen.add(target.key);
    return { key: target.key as ExperimentOrderKey, descending };
  });
}

function clauseCondition(clause: ExperimentFilterClause, sql: SqlValues): string {
  const operator = SQL_OPERATORS[clause.comparator];
  if (clause.entity === 'tag') {
    return `EXISTS (SELECT 1 FROM project_tags t WHERE t.project_id = p.id AND t.key = ${sql.add(clause.key, 'text')} AND t.value ${operator} ${sql.add(clause.value, 'text')})`;
  }
  if (clause.key === 'name') return `p.name ${operator} ${sql.add(clause.value, 'text')}`;
  return `${ATTRIBUTE_SQL[clause.key].expression} ${operator} ${sql.add(String(clause.value), 'numeric')}`;
}

/** MLflow's SQL store: creation_time DESC by default; experiment_id breaks ties. */
function sortKeys(orderBy: readonly ExperimentOrder[]): SortKey[] {
  const orders: ExperimentOrder[] = orderBy.length ? [...orderBy] : [{ key: 'creation_time', descending: true }, { key: 'experiment_id', descending: false }];
  if (!orders.some((order) => order.key === 'experiment_id')) orders.push({ key: 'experiment_id', descending: true });
  return orders.map((order) => ({ ...ATTRIBUTE_SQL[order.key], descending: order.descending, missingLast: false }));
}

export type CompileProjectSearchInput = {
  teamId: string;
  /** MLflow experiment filter, e.g. `name LIKE 'cv-%' AND tags.owner = 'ana'`. */
  filter?: string | null;
  /** e.g. ['name ASC', 'last_update_time DESC']. */
  orderBy?: readonly string[] | null;
  viewType?: ViewType | null;
  /** Page size (the query fetches one extra row to detect a next page). */
  maxResults: number;
  pageToken?: string | null;
};

export type CompiledProjectSearch = {
  text: string;
  values: unknown[];
  /** The page's project ids in order and the next page token, from the query's rows. */
  readResult(rows: readonly SearchRow[]): { projectIds: bigint[]; nextPageToken?: string };
};

/**
 * One parameterised query for MLflow's experiments/search over one team's projects.
 * Parses and validates `filter`, `orderBy` and `pageToken` (BAD_USER_INPUT with positions);
 * does NOT authorize: call `authorize(principal, 'team:read', teamId)` first. Usage:
 *
 *   const search = compileProjectSearch({ teamId, filter, orderBy, viewType, maxResults, pageToken });
 *   const { projectIds, nextPageToken } = search.readResult(await query(search.text, search.values));
 */
export function compileProjectSearch(input: CompileProjectSearchInput): CompiledProjectSearch {
  const filter = parseExperimentFilter(input.filter ?? '');
  const orderBy = parseExperimentOrderBy(input.orderBy ?? []);
  const viewType = input.viewType ?? 'ACTIVE_ONLY';
  const keys = sortKeys(orderBy);
  const sql = new SqlValues();
  const conditions = [`p.team_id = ${sql.add(input.teamId, 'text')}`];
  if (viewType !== 'ALL') conditions.push(`p.lifecycle_stage = '${viewType === 'ACTIVE_ONLY' ? 'ACTIVE' : 'DELETED'}'`);
  for (const clause of filter) conditions.push(clauseCondition(clause, sql));

  const page = keysetPageQuery({
    id: 'p.id::text',
    from: 'projects p',
    conditions,
    keys,
    hash: searchHash({ search: 'projects', teamId: input.teamId, viewType, filter, orderBy }),
    pageToken: input.pageToken,
    pageSize: input.maxResults,
    sql,
  });
  return {
    text: page.text,
    values: page.values,
    readResult(rows) {
      const { ids, nextPageToken } = page.readIds(rows);
      return { projectIds: ids.map((id) => BigInt(id)), ...(nextPageToken ? { nextPageToken } : {}) };
    },
  };
}
