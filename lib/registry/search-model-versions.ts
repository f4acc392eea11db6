// MLflow SearchModelVersions over the team's registry (filter, order_by, max_results up to
// 200000 as MLflow allows, page tokens), optionally one model's: one query for the page, a
// constant number to load it.
import { z } from 'zod';
import { authorize, type Principal } from '../authz/index.ts';
import { query } from '../db/sql.ts';
import { parseInput } from '../validation/parse-input.ts';
import { compileModelVersionSearch } from './registry-search.ts';
import { loadVersionViews, type ModelVersionView } from './registry-view.ts';

export const SEARCH_VERSIONS_DEFAULT_MAX = 200_000;
export const SEARCH_VERSIONS_MAX = 200_000;

const searchInput = z.object({
  teamId: z.string().min(1),
  modelId: z.string().min(1).nullish(),
  filter: z.string().max(100_000).nullish(),
  orderBy: z.array(z.string().max(500)).max(20).nullish(),
  maxResults: z
    .number()
    .int()
    .min(1, 'Invalid value for max_results. It must be a positive integer')
    .max(SEARCH_VERSIONS_MAX, `Invalid value for request parameter max_results. It must be at most ${SEARCH_VERSIONS_MAX}`)
    .nullish(),
  pageToken: z.string().max(100_000).nullish(),
});

export async function searchModelVersions(
  principal: Principal,
  input: z.input<typeof searchInput>,
): Promise<{ versions: ModelVersionView[]; nextPageToken?: string }> {
  const parsed = parseInput(searchInput, input);
  authorize(principal, 'team:read', parsed.teamId);
  const page = compileModelVersionSearch({ ...parsed, maxResults: parsed.maxResults ?? SEARCH_VERSIONS_DEFAULT_MAX });
  const { ids, nextPageToken } = page.readIds(await query(page.text, page.values));
  return { versions: await loadVersionViews(ids), ...(nextPageToken ? { nextPageToken } : {}) };
}
