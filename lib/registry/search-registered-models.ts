// MLflow SearchRegisteredModels over the team's registry (filter, order_by, max_results up to
// 1000, page tokens): one query for the page, a constant number to load it.
import { z } from 'zod';
import { authorize, type Principal } from '../authz/index.ts';
import { query } from '../db/sql.ts';
import { parseInput } from '../validation/parse-input.ts';
import { compileRegisteredModelSearch } from './registry-search.ts';
import { loadModelViews, type RegisteredModelView } from './registry-view.ts';

export const SEARCH_MODELS_DEFAULT_MAX = 100;
export const SEARCH_MODELS_MAX = 1000;

const searchInput = z.object({
  teamId: z.string().min(1),
  filter: z.string().max(10_000).nullish(),
  orderBy: z.array(z.string().max(500)).max(20).nullish(),
  maxResults: z
    .number()
    .int()
    .min(1, 'Invalid value for request parameter max_results. It must be at least 1')
    .max(SEARCH_MODELS_MAX, `Invalid value for request parameter max_results. It must be at most ${SEARCH_MODELS_MAX}`)
    .nullish(),
  pageToken: z.string().max(100_000).nullish(),
});

export async function searchRegisteredModels(
  principal: Principal,
  input: z.input<typeof searchInput>,
): Promise<{ models: RegisteredModelView[]; nextPageToken?: string }> {
  const parsed = parseInput(searchInput, input);
  authorize(principal, 'team:read', parsed.teamId);
  const page = compileRegisteredModelSearch({ ...parsed, maxResults: parsed.maxResults ?? SEARCH_MODELS_DEFAULT_MAX });
  const { ids, nextPageToken } = page.readIds(await query(page.text, page.values));
  return { models: await loadModelViews(ids), ...(nextPageToken ? { nextPageToken } : {}) };
}
