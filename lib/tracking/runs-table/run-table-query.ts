// What every view of a project's runs table shares (the window of rows, the groups, the
// export): the project, the search filter in MLflow's language, the quick filters (status,
// user, dataset digest), the order, the view type and optionally one group's runs. This
// module validates that input, authorizes the project once and turns it all into the
// search compiler's AST, so windows, groups and exports select exactly the same runs.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { badInput } from '../../errors.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { loadProjectFor } from '../projects/load-project-for.ts';
import { parseProjectId, type ProjectView } from '../projects/project-view.ts';
import type { RunSearchScope } from '../search/compile-run-search.ts';
import { parseOrderClause } from '../search/filter-grammar.ts';
import { parseRunFilter, resolveRunIdentifier, type RunFilter, type RunFilterClause } from '../search/parse-run-filter.ts';
import { parseRunOrderBy, type RunOrder } from '../search/parse-run-order.ts';

export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;

const projectId = z
  .union([z.bigint(), z.string(), z.number()])
  .transform((id, ctx) => {
    const parsed = parseProjectId(id);
    if (parsed === null) ctx.addIssue({ code: 'custom', message: 'projectId must be a project (experiment) id: a string of digits' });
    return parsed ?? 0n;
  });

const values = (max: number, what: string) => z.array(z.string().max(1000)).max(max, `At most ${max} ${what}`).nullish();

export const quickFiltersSchema = z.object({
  statuses: z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length).nullish(),
  users: values(100, 'users'),
  datasetDigests: values(100, 'dataset digests'),
});

/** One group's runs: `by` names a param, tag, or string attribute; a null value means "without it". */
export const groupSelectorSchema = z.object({ by: z.string().min(1).max(1000), value: z.string().max(10_000).nullable() });

export const runTableQuerySchema = z.object({
  projectId,
  filter: z.string().max(100_000).nullish(),
  orderBy: z.array(z.string().max(1000)).nullish(),
  quick: quickFiltersSchema.nullish(),
  group: groupSelectorSchema.nullish(),
  viewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).nullish(),
});

export type RunTableQueryInput = z.input<typeof runTableQuerySchema>;
export type QuickFilters = z.infer<typeof quickFiltersSchema>;

export type RunTableQuery = {
  project: ProjectView;
  filter: RunFilter;
  orderBy: RunOrder[];
  scope: RunSearchScope;
};

/** What a group-by names: a param or tag key, or a string attribute (status, user_id, ...). */
export type GroupKey = { entity: 'param' | 'tag'; key: string } | { entity: 'attribute'; key: 'status' | 'user_id' | 'run_name' };

const GROUPABLE_ATTRIBUTES = new Set(['status', 'user_id', 'run_name']);

/** `params.optimizer`, tags.`team`, `attributes.status`, `user_id`, ... as a group key. */
export function parseGroupKey(by: string): GroupKey {
  const { identifier } = parseOrderClause(by, 'group by');
  const target = resolveRunIdentifier(identifier, 'group by', false);
  if (target.entity === 'param' || target.entity === 'tag') return { entity: target.entity, key: target.key };
  if (target.entity === 'attribute' && GROUPABLE_ATTRIBUTES.has(target.key)) return { entity: 'attribute', key: target.key as 'status' };
  throw badInput(`Cannot group by '${by}': group by a param, a tag, attributes.status or attributes.user_id`, { argument: 'by' });
}

/** The clauses the quick filters add to the search filter (all ANDed). */
export function quickFilterClauses(quick: QuickFilters | null | undefined): RunFilterClause[] {
  const clauses: RunFilterClause[] = [];
  if (quick?.statuses?.length) clauses.push({ entity: 'attribute', key: 'status', comparator: 'IN', value: [...quick.statuses] });
  if (quick?.users?.length) clauses.push({ entity: 'attribute', key: 'user_id', comparator: 'IN', value: quick.users });
  if (quick?.datasetDigests?.length) clauses.push({ entity: 'dataset', key: 'digest', comparator: 'IN', value: quick.datasetDigests });
  return clauses;
}

function groupClause(group: { by: string; value: string | null }): RunFilterClause {
  const key = parseGroupKey(group.by);
  if (key.entity === 'attribute') {
    if (group.value === null) throw badInput(`Every run has a ${key.key}: a group value is required`, { argument: 'group' });
    return { entity: 'attribute', key: key.key, comparator: '=', value: group.value };
  }
  return group.value === null
    ? { entity: key.entity, key: key.key, comparator: 'MISSING' }
    : { entity: key.entity, key: key.key, comparator: '=', value: group.value };
}

/** Validates, authorizes (team:read on the project's team; NOT_FOUND for another team's) and compiles. */
export async function resolveRunTableQuery(principal: Principal, input: RunTableQueryInput): Promise<RunTableQuery> {
  const parsed = parseInput(runTableQuerySchema, input);
  const filter = [...parseRunFilter(parsed.filter ?? ''), ...quickFilterClauses(parsed.quick)];
  if (parsed.group) filter.push(groupClause(parsed.group));
  const orderBy = parseRunOrderBy(parsed.orderBy ?? []);
  const project = await loadProjectFor(principal, parsed.projectId, 'team:read');
  return {
    project,
    filter,
    orderBy,
    scope: { teamId: project.teamId, projectIds: [String(project.id)], viewType: parsed.viewType ?? 'ACTIVE_ONLY' },
  };
}
