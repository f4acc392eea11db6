// MLflow's run search filter (SearchUtils.parse_search_filter) as a typed AST:
//   metrics.acc > 0.9 and params.lr = '0.01' and tags.team LIKE 'cv%'
//   and attributes.status = 'FINISHED' and run_id IN ('a', 'b') and datasets.digest = 'x'
// Comparisons are ANDed (MLflow has no OR). Which comparators and value types each entity
// accepts follows MLflow: metrics and numeric attributes compare with numbers, params, tags
// and string attributes with quoted strings (=, !=, LIKE, ILIKE), and lists (IN, NOT IN)
// apply to run_id and dataset fields only.
import { filterError, parseComparisons, type Comparison, type Identifier } from './filter-grammar.ts';

export type NumericComparator = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type StringComparator = '=' | '!=' | 'LIKE' | 'ILIKE';
export type ListComparator = 'IN' | 'NOT IN';

export type NumericRunAttribute = 'start_time' | 'end_time';
export type StringRunAttribute = 'run_id' | 'run_name' | 'status' | 'user_id' | 'artifact_uri';
export type RunAttribute = NumericRunAttribute | StringRunAttribute;
export type DatasetField = 'name' | 'digest' | 'context';

export type RunFilterClause =
  | { entity: 'metric'; key: string; comparator: NumericComparator; value: number }
  | { entity: 'param' | 'tag'; key: string; comparator: StringComparator; value: string }
  | { entity: 'attribute'; key: NumericRunAttribute; comparator: NumericComparator; value: number }
  | { entity: 'attribute'; key: StringRunAttribute; comparator: StringComparator; value: string }
  | { entity: 'attribute'; key: 'run_id'; comparator: ListComparator; value: string[] }
  | { entity: 'dataset'; key: DatasetField; comparator: StringComparator; value: string }
  | { entity: 'dataset'; key: DatasetField; comparator: ListComparator; value: string[] }
  // Built by Cairn's pages, never parsed from MLflow's language (it has neither): quick
  // filters (status IN, user IN) and the runs of a group that lack the grouping key.
  | { entity: 'attribute'; key: StringRunAttribute; comparator: ListComparator; value: string[] }
  | { entity: 'param' | 'tag'; key: string; comparator: 'MISSING' };

/** The clauses of a filter, all of which must hold. Empty for an empty filter. */
export type RunFilter = RunFilterClause[];

export type RunEntity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

/** Entity prefixes MLflow accepts, with their aliases. */
const ENTITY_PREFIXES: Record<string, RunEntity> = {
  metric: 'metric',
  metrics: 'metric',
  parameter: 'param',
  parameters: 'param',
  param: 'param',
  params: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

const NUMERIC_ATTRIBUTES = new Set<string>(['start_time', 'end_time']);
const STRING_ATTRIBUTES = new Set<string>(['run_id', 'run_name', 'status', 'user_id', 'artifact_uri']);
const ATTRIBUTE_ALIASES: Record<string, RunAttribute> = { created: 'start_time', 'run name': 'run_name' };
const DATASET_FIELDS = new Set<string>(['name', 'digest', 'context']);

const NUMERIC_COMPARATORS = new Set<string>(['=', '!=', '>', '>=', '<', '<=']);
const STRING_COMPARATORS = new Set<string>(['=', '!=', 'LIKE', 'ILIKE']);
const LIST_COMPARATORS = new Set<string>(['IN', 'NOT IN']);

export type ResolvedRunIdentifier =
  | { entity: 'metric' | 'param' | 'tag'; key: string }
  | { entity: 'attribute'; key: RunAttribute }
  | { entity: 'dataset'; key: DatasetField };

/**
 * What an identifier names: `metrics.acc` → metric "acc", bare `status` → attribute. Shared
 * with order_by parsing (datasets are filterable, not orderable).
 */
export function resolveRunIdentifier(identifier: Identifier, subject: string, allowDatasets = true): ResolvedRunIdentifier {
  const { prefix, position } = identifier;
  const entity = prefix === undefined ? 'attribute' : ENTITY_PREFIXES[prefix.toLowerCase()];
  if (!entity || (entity === 'dataset' && !allowDatasets)) {
    const valid = allowDatasets ? 'metrics, params, tags, attributes or datasets' : 'metrics, params, tags or attributes';
    return filterError(position, `unknown entity type '${prefix}' in '${identifier.raw}' (use ${valid})`, subject);
  }
  if (entity === 'attribute') {
    const lower = identifier.key.toLowerCase();
    const key = ATTRIBUTE_ALIASES[lower] ?? lower;
    if (!NUMERIC_ATTRIBUTES.has(key) && !STRING_ATTRIBUTES.has(key)) {
      return filterError(
        position,
        `unknown attribute '${identifier.key}' (use run_id, run_name, status, user_id, artifact_uri, start_time or end_time)`,
        subject,
      );
    }
    return { entity, key: key as RunAttribute };
  }
  if (entity === 'dataset') {
    const key = identifier.key.toLowerCase();
    if (!DATASET_FIELDS.has(key)) {
      return filterError(position, `unknown dataset field '${identifier.key}' (use datasets.name, datasets.digest or datasets.context)`, subject);
    }
    return { entity, key: key as DatasetField };
  }
  if (!identifier.key) return filterError(position, `a ${entity} key is required in '${identifier.raw}'`, subject);
  return { entity, key: identifier.key };
}

function checkComparator(comparison: Comparison, allowed: Set<string>, what: string): void {
  if (!allowed.has(comparison.comparator)) {
    filterError(
      comparison.comparatorPosition,
      `'${comparison.comparator}' does not apply to ${what} (use ${[...allowed].join(', ')})`,
    );
  }
}

function numberValue(comparison: Comparison, what: string): number {
  const { value } = comparison;
  if (value.kind !== 'number') filterError(value.position, `${what} compares with a number, found ${value.raw}`);
  return value.value;
}

function stringValue(comparison: Comparison, what: string): string {
  const { value } = comparison;
  if (value.kind !== 'string') filterError(value.position, `${what} compares with a quoted string ('...'), found ${value.raw}`);
  return value.value;
}

function listValue(comparison: Comparison, what: string): string[] {
  const { value } = comparison;
  if (value.kind !== 'list') filterError(value.position, `${comparison.comparator} needs a list of quoted strings for ${what}, like ('a', 'b')`);
  return value.value;
}

function toClause(comparison: Comparison): RunFilterClause {
  const target = resolveRunIdentifier(comparison.identifier, 'filter');
  const what = `'${comparison.identifier.raw}'`;
  const { comparator } = comparison;
  switch (target.entity) {
    case 'metric':
      checkComparator(comparison, NUMERIC_COMPARATORS, `metric ${what}`);
      return { entity: 'metric', key: target.key, comparator: comparator as NumericComparator, value: numberValue(comparison, `metric ${what}`) };
    case 'param':
    case 'tag':
      checkComparator(comparison, STRING_COMPARATORS, `${target.entity} ${what}`);
      return { entity: target.entity, key: target.key, comparator: comparator as StringComparator, value: stringValue(comparison, `${target.entity} ${what}`) };
    case 'dataset':
      if (LIST_COMPARATORS.has(comparator)) {
        return { entity: 'dataset', key: target.key, comparator: comparator as ListComparator, value: listValue(comparison, what) };
      }
      checkComparator(comparison, new Set([...STRING_COMPARATORS, ...LIST_COMPARATORS]), `dataset field ${what}`);
      return { entity: 'dataset', key: target.key, comparator: comparator as StringComparator, value: stringValue(comparison, `dataset field ${what}`) };
    case 'attribute': {
      const key = target.key;
      if (key === 'start_time' || key === 'end_time') {
        checkComparator(comparison, NUMERIC_COMPARATORS, `numeric attribute ${what}`);
        return { entity: 'attribute', key, comparator: comparator as NumericComparator, value: numberValue(comparison, `attribute ${what}`) };
      }
      if (LIST_COMPARATORS.has(comparator)) {
        if (key !== 'run_id') filterError(comparison.comparatorPosition, `${comparator} applies only to run_id and dataset fields, not ${what}`);
        return { entity: 'attribute', key, comparator: comparator as ListComparator, value: listValue(comparison, what) };
      }
      checkComparator(comparison, key === 'run_id' ? new Set([...STRING_COMPARATORS, ...LIST_COMPARATORS]) : STRING_COMPARATORS, `attribute ${what}`);
      return { entity: 'attribute', key, comparator: comparator as StringComparator, value: stringValue(comparison, `attribute ${what}`) };
    }
  }
}

/**
 * Parses an MLflow run filter. Throws AppError BAD_USER_INPUT ("Invalid filter at position
 * N: expected ..., found ...", details.position) for anything malformed.
 */
export function parseRunFilter(filter: string): RunFilter {
  return parseComparisons(filter).map(toClause);
}
