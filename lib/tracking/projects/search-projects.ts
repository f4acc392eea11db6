// MLflow experiments/search for one team. The filter language, order_by and page tokens are
// the search module's (lib/tracking/search/experiment-filter.ts, one grammar for runs and
// experiments); this use case authorizes the team, runs the one compiled query and loads
// the page's projects with their tags.
import { z } from 'zod';
import { authorize, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { query } from '../../db/sql.ts';
import { compileProjectSearch } from '../search/experiment-filter.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { projectViewInclude, toProjectView, type ProjectView } from './project-view.ts';

export const SEARCH_PROJECTS_DEFAULT_MAX = 1000;
export const SEARCH_PROJECTS_MAX = 50_000;

const searchProjectsInput = z.object({
  teamId: z.string().min(1),
  filter: z.string().max(10_000).nullish(),
  orderBy: z.array(z.string().max(500)).max(20).default([]),
  maxResults: z
    .number()
    .int()
    .min(1, 'max_results must be at least 1')
    .max(SEARCH_PROJECTS_MAX, `max_results must be at most ${SEARCH_PROJECTS_MAX}`)
    .default(SEARCH_PROJECTS_DEFAULT_MAX),
  pageToken: z.string().max(100_000).nullish(),
  viewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).default('ACTIVE_ONLY'),
});

export type SearchProjectsInput = z.input<typeof searchProjectsInput>;
export type SearchProjectsResult = { projects: ProjectView[]; nextPageToken?: string };

export async function searchProjects(principal: Principal, input: SearchProjectsInput): Promise<SearchProjectsResult> {
  const { teamId, filter, orderBy, maxResults, pageToken, viewType } = parseInput(searchProjectsInput, input);
  authorize(principal, 'team:read', teamId);
  const search = compileProjectSearch({ teamId, filter, orderBy, viewType, maxResults, pageToken });
  const { projectIds, nextPageToken } = search.readResult(await query(search.text, search.values));
  const found = await db.project.findMany({ where: { id: { in: projectIds } }, include: projectViewInclude });
  const byId = new Map(found.map((p) => [p.id, toProjectView(p)]));
  return {
    projects: projectIds.flatMap((id) => byId.get(id) ?? []),
    ...(nextPageToken ? { nextPageToken } : {}),
  };
}
