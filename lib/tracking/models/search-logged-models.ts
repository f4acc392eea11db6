// MLflow 3 SearchLoggedModels (POST /logged-models/search) over a team's experiments: what
// the 3.x client calls to find a run's model (list_artifacts on runs:/<id>/<name>,
// register_model of a runs:/ URI). One SQL query for the page, one to load it.
import { z } from 'zod';
import { authorize, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { query } from '../../db/sql.ts';
import { notFound } from '../../errors.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { compileLoggedModelSearch } from '../search/logged-model-filter.ts';
import { loggedModelInclude, toLoggedModelView, type LoggedModelView } from './logged-model-view.ts';

export const SEARCH_LOGGED_MODELS_DEFAULT_MAX = 50;
export const SEARCH_LOGGED_MODELS_MAX = 1000;

const searchLoggedModelsInput = z.object({
  teamId: z.string().min(1),
  projectIds: z.array(z.union([z.bigint().nonnegative(), z.string().trim().regex(/^\d{1,18}$/, 'experiment ids are strings of digits')])).max(1000),
  filter: z.string().max(100_000).nullish(),
  orderBy: z
    .array(z.object({ field_name: z.string().max(1000), ascending: z.boolean().optional(), dataset_name: z.string().optional(), dataset_digest: z.string().optional() }))
    .max(20)
    .nullish(),
  maxResults: z.number().int().min(1, 'max_results must be at least 1').max(SEARCH_LOGGED_MODELS_MAX, `max_results must be at most ${SEARCH_LOGGED_MODELS_MAX}`).nullish(),
  pageToken: z.string().max(100_000).nullish(),
});

export type SearchLoggedModelsInput = z.input<typeof searchLoggedModelsInput>;

/**
 * Live MLflow 3 logged models of `projectIds` (all the team's, else NOT_FOUND) matching
 * `filter`, newest first unless `orderBy` says otherwise, at most `maxResults` (default 50).
 */
export async function searchLoggedModels(principal: Principal, input: SearchLoggedModelsInput): Promise<{ models: LoggedModelView[]; nextPageToken?: string }> {
  const parsed = parseInput(searchLoggedModelsInput, input);
  authorize(principal, 'team:read', parsed.teamId);
  const projectIds = [...new Set(parsed.projectIds.map((id) => BigInt(id)))];
  if (projectIds.length === 0) return { models: [] };
  const owned = await db.project.findMany({ where: { id: { in: projectIds }, teamId: parsed.teamId }, select: { id: true } });
  const missing = projectIds.find((id) => !owned.some((p) => p.id === id));
  if (missing !== undefined) throw notFound('Experiment', missing);

  const search = compileLoggedModelSearch({
    teamId: parsed.teamId,
    projectIds,
    filter: parsed.filter,
    orderBy: parsed.orderBy,
    maxResults: parsed.maxResults ?? SEARCH_LOGGED_MODELS_DEFAULT_MAX,
    pageToken: parsed.pageToken,
  });
  const { ids: modelIds, nextPageToken } = search.readIds(await query(search.text, search.values));
  const rows = await db.loggedModel.findMany({ where: { id: { in: modelIds } }, include: loggedModelInclude });
  const byId = new Map(rows.map((row) => [row.id, toLoggedModelView(row)]));
  return { models: modelIds.flatMap((id) => byId.get(id) ?? []), ...(nextPageToken ? { nextPageToken } : {}) };
}
