// Search runs of a team's projects with MLflow's filter language, order_by, view type and
// opaque page tokens. REST (runs/search) and GraphQL (Project.runs) both call this; they
// hydrate the returned ids with their batch loaders (one query per table, not per run).
import { z } from 'zod';
import { authorize, type Principal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { notFound } from '../../errors.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { compileRunSearch } from './compile-run-search.ts';
import { parseRunFilter } from './parse-run-filter.ts';
import { parseRunOrderBy } from './parse-run-order.ts';

export const SEARCH_RUNS_DEFAULT_MAX_RESULTS = 1000;
export const SEARCH_RUNS_MAX_RESULTS = 50_000;

const projectId = z
  .union([z.bigint().nonnegative(), z.string().trim().regex(/^\d{1,18}$/, 'experiment ids are strings of digits')])
  .transform((id) => BigInt(id).toString());

const searchRunsInput = z.object({
  teamId: z.string().min(1),
  projectIds: z.array(projectId).max(1000),
  filter: z.string().max(100_000).nullish(),
  orderBy: z.array(z.string().max(1000)).nullish(),
  maxResults: z
    .number()
    .int()
    .min(1, 'max_results must be at least 1')
    .max(SEARCH_RUNS_MAX_RESULTS, `max_results must be at most ${SEARCH_RUNS_MAX_RESULTS}`)
    .nullish(),
  pageToken: z.string().max(100_000).nullish(),
  viewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).nullish(),
});

export type SearchRunsInput = z.input<typeof searchRunsInput>;
export type SearchRunsResult = { runIds: string[]; nextPageToken?: string };

/**
 * Run ids matching `filter` in `projectIds` (which must all belong to `teamId`, else
 * NOT_FOUND), ordered by `orderBy` then start_time DESC and id, at most `maxResults`
 * (default 1000, max 50000). An empty `projectIds` searches nothing, as in MLflow.
 * Malformed filters, order clauses and page tokens are BAD_USER_INPUT. One SQL query.
 */
export async function searchRuns(principal: Principal, input: SearchRunsInput): Promise<SearchRunsResult> {
  const parsed = parseInput(searchRunsInput, input);
  authorize(principal, 'team:read', parsed.teamId);
  const filter = parseRunFilter(parsed.filter ?? '');
  const orderBy = parseRunOrderBy(parsed.orderBy ?? []);
  const projectIds = [...new Set(parsed.projectIds)];
  if (projectIds.length === 0) return { runIds: [] };

  const compiled = compileRunSearch({
    filter,
    orderBy,
    scope: { teamId: parsed.teamId, projectIds, viewType: parsed.viewType ?? 'ACTIVE_ONLY' },
    maxResults: parsed.maxResults ?? SEARCH_RUNS_DEFAULT_MAX_RESULTS,
    pageToken: parsed.pageToken,
  });
  const { runIds, nextPageToken, foundProjectIds } = compiled.readResult(await query(compiled.text, compiled.values));
  const found = new Set(foundProjectIds);
  const missing = projectIds.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound('Experiment', missing);
  return nextPageToken ? { runIds, nextPageToken } : { runIds };
}
