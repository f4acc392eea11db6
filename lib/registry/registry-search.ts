// MLflow's registry searches over one team's registry, compiled to one parameterised query
// each, with keyset page tokens (lib/tracking/search: one filter grammar for every search):
//  - registered models (SearchModelUtils + the SQL store): filter on name and tags.<key>
//    (=, !=, LIKE, ILIKE); order by name, last_updated_timestamp (or timestamp) and
//    creation_timestamp; name ASC by default and as the tie-break.
//  - model versions (SearchModelVersionUtils): filter on name, version_number, run_id (also
//    IN), source_path and tags.<key>; order by name, version_number, creation_timestamp,
//    last_updated_timestamp; by default last_updated_timestamp DESC, name ASC, version DESC.
// Deleted versions are never found. MLflow's clients add `tags.`mlflow.prompt.is_prompt` != 'true'`
// to every search (prompts live in the same tables there); as MLflow's server does, that tag
// is special: "not a prompt" matches rows without it, and prompts are left out unless asked for.
import { badInput } from '../errors.ts';
import { filterError, parseComparisons, parseOrderClause, SQL_OPERATORS, type Comparison, type Identifier } from '../tracking/search/filter-grammar.ts';
import { keysetPageQuery, searchHash, SqlValues, type SortKey } from '../tracking/search/keyset.ts';

/** `bind`: the type values are bound as for = / != / IN (bpchar keeps run_id's index usable). */
type Column = { expression: string; type: 'int8' | 'text'; numeric?: boolean; comparators: readonly string[]; bind?: 'bpchar' };

const STRING_OPS = ['=', '!=', 'LIKE', 'ILIKE'] as const;
const NUMERIC_OPS = ['=', '!=', '>', '>=', '<', '<='] as const;
const MILLIS = (column: string) => `floor(extract(epoch from ${column}) * 1000)::int8`;

type Spec = {
  subject: string;
  /** Filterable attributes (bare names). */
  filter: Record<string, Column>;
  /** Orderable attributes and their aliases. */
  order: Record<string, { expression: string; type: 'int8' | 'text' }>;
  tagTable: { table: string; key: string; owner: string };
};

const MODELS: Spec = {
  subject: 'registered models',
  filter: { name: { expression: 'm.name', type: 'text', comparators: STRING_OPS } },
  order: {
    name: { expression: 'm.name', type: 'text' },
    timestamp: { expression: MILLIS('m.updated_at'), type: 'int8' },
    last_updated_timestamp: { expression: MILLIS('m.updated_at'), type: 'int8' },
    creation_timestamp: { expression: MILLIS('m.created_at'), type: 'int8' },
  },
  tagTable: { table: 'registered_model_tags', key: 'model_id', owner: 'm.id' },
};

const VERSIONS: Spec = {
  subject: 'model versions',
  filter: {
    name: { expression: 'm.name', type: 'text', comparators: STRING_OPS },
    version_number: { expression: 'v.version::int8', type: 'int8', numeric: true, comparators: NUMERIC_OPS },
    run_id: { expression: 'v.run_id', type: 'text', comparators: [...STRING_OPS, 'IN'], bind: 'bpchar' },
    source_path: { expression: 'v.source', type: 'text', comparators: STRING_OPS },
  },
  order: {
    name: { expression: 'm.name', type: 'text' },
    version_number: { expression: 'v.version::int8', type: 'int8' },
    creation_timestamp: { expression: MILLIS('v.created_at'), type: 'int8' },
    last_updated_timestamp: { expression: MILLIS('v.updated_at'), type: 'int8' },
  },
  tagTable: { table: 'model_version_tags', key: 'version_id', owner: 'v.id' },
};

const IS_PROMPT = 'mlflow.prompt.is_prompt';

/** MLflow's _is_querying_prompt: the filter asks for prompts (is_prompt = 'true' or != 'false'). */
function queriesPrompts(comparisons: readonly Comparison[]): boolean {
  return comparisons.some(
    (c) =>
      isTag(c.identifier) &&
      c.identifier.key === IS_PROMPT &&
      c.value.kind === 'string' &&
      ((c.comparator === '=' && c.value.value.toLowerCase() === 'true') || (c.comparator === '!=' && c.value.value.toLowerCase() === 'false')),
  );
}

/** The filter's conditions, with the prompt tag treated as MLflow treats it. */
function conditions(spec: Spec, comparisons: readonly Comparison[], sql: SqlValues): string[] {
  if (queriesPrompts(comparisons)) return comparisons.map((c) => condition(spec, c, sql));
  const { table, key, owner } = spec.tagTable;
  return [
    `NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = ${owner} AND t.key = '${IS_PROMPT}' AND t.value = 'true')`,
    ...comparisons.filter((c) => !(isTag(c.identifier) && c.identifier.key === IS_PROMPT)).map((c) => condition(spec, c, sql)),
  ];
}

function isTag(identifier: Identifier): boolean {
  const prefix = identifier.prefix?.toLowerCase();
  return prefix === 'tags' || prefix === 'tag';
}

function condition(spec: Spec, { identifier, comparator, comparatorPosition, value }: Comparison, sql: SqlValues): string {
  if (isTag(identifier)) {
    if (!(STRING_OPS as readonly string[]).includes(comparator)) filterError(comparatorPosition, `Invalid comparator for tag: ${comparator} (use ${STRING_OPS.join(', ')})`);
    if (value.kind !== 'string') filterError(value.position, `tags compare with a quoted string ('...'), found ${value.raw}`);
    const { table, key, owner } = spec.tagTable;
    return `EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = ${owner} AND t.key = ${sql.add(identifier.key, 'text')} AND t.value ${SQL_OPERATORS[comparator as keyof typeof SQL_OPERATORS]} ${sql.add(value.value, 'text')})`;
  }
  const prefix = identifier.prefix?.toLowerCase();
  const column = prefix === undefined || prefix === 'attributes' || prefix === 'attribute' ? spec.filter[identifier.key.toLowerCase()] : undefined;
  if (!column) {
    filterError(identifier.position, `Invalid attribute name: ${identifier.raw} (${spec.subject} filter on ${Object.keys(spec.filter).join(', ')} or tags.<key>)`);
  }
  if (!column.comparators.includes(comparator)) {
    filterError(comparatorPosition, `Invalid comparator for attribute ${identifier.raw}: ${comparator} (use ${column.comparators.join(', ')})`);
  }
  if (comparator === 'IN') {
    if (value.kind !== 'list') filterError(value.position, `IN takes a list such as ('a', 'b'), found ${value.raw}`);
    return `${column.expression} = ANY(${sql.add(value.value, `${column.bind ?? 'text'}[]`)})`;
  }
  const operator = SQL_OPERATORS[comparator as keyof typeof SQL_OPERATORS];
  if (column.numeric) {
    const number = value.kind === 'number' ? value.value : value.kind === 'string' && /^-?\d+$/.test(value.value.trim()) ? Number(value.value) : NaN;
    if (!Number.isInteger(number)) filterError(value.position, `${identifier.raw} compares with an integer, found ${value.raw}`);
    return `${column.expression} ${operator} ${sql.add(String(number), 'int8')}`;
  }
  if (value.kind !== 'string') filterError(value.position, `${identifier.raw} compares with a quoted string ('...'), found ${value.raw}`);
  const bind = comparator === '=' || comparator === '!=' ? (column.bind ?? 'text') : 'text';
  return `${column.expression} ${operator} ${sql.add(value.value, bind)}`;
}

function sortKeys(spec: Spec, orderBy: readonly string[], defaults: readonly [string, boolean][], tieBreaks: readonly [string, boolean][], id: string): SortKey[] {
  const keys: SortKey[] = [];
  const seen = new Set<string>();
  const add = (name: string, descending: boolean) => {
    const column = spec.order[name];
    seen.add(column.expression);
    keys.push({ ...column, descending, missingLast: false });
  };
  for (const clause of orderBy) {
    const { identifier, descending } = parseOrderClause(clause, `order_by clause '${clause}'`);
    const prefix = identifier.prefix?.toLowerCase();
    const name = identifier.key.toLowerCase();
    const column = prefix === undefined || prefix === 'attributes' || prefix === 'attribute' ? spec.order[name] : undefined;
    if (!column) throw badInput(`Invalid order by key '${identifier.raw}' specified. Valid keys are ${Object.keys(spec.order).join(', ')}`);
    if (seen.has(column.expression)) throw badInput(`\`order_by\` contains duplicate fields: ${JSON.stringify(orderBy)}`);
    add(name, descending);
  }
  if (keys.length === 0) for (const [name, descending] of defaults) add(name, descending);
  for (const [name, descending] of tieBreaks) if (!seen.has(spec.order[name].expression)) add(name, descending);
  keys.push({ expression: id, type: 'text', descending: false, missingLast: false });
  return keys;
}

export type RegistrySearchInput = {
  teamId: string;
  filter?: string | null;
  orderBy?: readonly string[] | null;
  maxResults: number;
  pageToken?: string | null;
};

/** One page of the team's registered models; call after authorizing the team. */
export function compileRegisteredModelSearch(input: RegistrySearchInput) {
  const sql = new SqlValues();
  const comparisons = parseComparisons(input.filter ?? '');
  const where = [`m.team_id = ${sql.add(input.teamId, 'text')}`, ...conditions(MODELS, comparisons, sql)];
  const keys = sortKeys(MODELS, input.orderBy ?? [], [], [['name', false]], 'm.id');
  return keysetPageQuery({
    id: 'm.id',
    from: 'registered_models m',
    conditions: where,
    keys,
    hash: searchHash({ search: 'registered-models', teamId: input.teamId, filter: input.filter ?? '', orderBy: input.orderBy ?? [] }),
    pageToken: input.pageToken,
    pageSize: input.maxResults,
    sql,
  });
}

/** One page of the team's live model versions; call after authorizing the team. */
export function compileModelVersionSearch(input: RegistrySearchInput & { modelId?: string | null }) {
  const sql = new SqlValues();
  const comparisons = parseComparisons(input.filter ?? '');
  const where = [
    `m.team_id = ${sql.add(input.teamId, 'text')}`,
    'v.deleted_at IS NULL',
    ...(input.modelId ? [`v.model_id = ${sql.add(input.modelId, 'text')}`] : []),
    ...conditions(VERSIONS, comparisons, sql),
  ];
  const keys = sortKeys(
    VERSIONS,
    input.orderBy ?? [],
    [['last_updated_timestamp', true]],
    [
      ['name', false],
      ['version_number', true],
    ],
    'v.id',
  );
  return keysetPageQuery({
    id: 'v.id',
    from: 'model_versions v JOIN registered_models m ON m.id = v.model_id',
    conditions: where,
    keys,
    hash: searchHash({ search: 'model-versions', teamId: input.teamId, modelId: input.modelId ?? null, filter: input.filter ?? '', orderBy: input.orderBy ?? [] }),
    pageToken: input.pageToken,
    pageSize: input.maxResults,
    sql,
  });
}
