// What a project's active runs hold, for choosing table columns and chart axes and for the
// quick filters: the param, metric and tag keys with how many runs have each, the statuses,
// users and dataset digests with their run counts, and for each metric the longest series
// any run logged (1 means a single value per run: drawn as bars, not one-point lines).
// One set-based statement over the project's runs.
import type { Principal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { loadProjectFor } from '../projects/load-project-for.ts';
import { parseProjectId } from '../projects/project-view.ts';
import { BUCKET_SHIFTS } from '../run-data/metric-buckets.ts';
import { ATTRIBUTE_SQL } from '../search/compile-run-search.ts';
import { notFound } from '../../errors.ts';

/** Keys of one kind listed at most (the most used first); `truncated` says when more exist. */
export const MAX_FACET_KEYS = 2000;

export type KeyCount = { key: string; runCount: number };
export type MetricKeyFacet = KeyCount & { maxPoints: number };
export type ValueCount = { value: string; runCount: number };
export type DatasetFacet = { name: string; digest: string; runCount: number };

export type RunFacets = {
  runCount: number;
  params: KeyCount[];
  metrics: MetricKeyFacet[];
  tags: KeyCount[];
  statuses: ValueCount[];
  users: ValueCount[];
  datasets: DatasetFacet[];
  truncated: boolean;
};

type FacetRow = { kind: string; key: string; extra: string | null; run_count: number; max_points: string | null };

const COARSEST_SHIFT = BUCKET_SHIFTS[BUCKET_SHIFTS.length - 1];

// `pr` holds the project's active runs; each branch counts one kind. User tags only: the
// mlflow.* system tags are shown as attributes (user, code version, source).
const FACETS = `
WITH pr AS MATERIALIZED (
  SELECT r.id, r.status::text AS status, ${ATTRIBUTE_SQL.user_id.expression} AS user_id
    FROM runs r WHERE r.team_id = $1 AND r.project_id = $2 AND r.lifecycle_stage = 'ACTIVE'
), series AS (
  SELECT b.key, b.run_id, sum(b.count) AS points
    FROM metric_buckets b JOIN pr ON pr.id = b.run_id
   WHERE b.shift = ${COARSEST_SHIFT}
   GROUP BY b.key, b.run_id
)
(SELECT 'runs' AS kind, '' AS key, NULL AS extra, count(*)::int AS run_count, NULL::text AS max_points FROM pr)
UNION ALL
(SELECT 'param', p.key, NULL, count(*)::int, NULL FROM params p JOIN pr ON pr.id = p.run_id
  GROUP BY p.key ORDER BY count(*) DESC, p.key LIMIT $3)
UNION ALL
(SELECT 'tag', t.key, NULL, count(*)::int, NULL FROM run_tags t JOIN pr ON pr.id = t.run_id
  WHERE t.key NOT LIKE 'mlflow.%' GROUP BY t.key ORDER BY count(*) DESC, t.key LIMIT $3)
UNION ALL
(SELECT 'metric', m.key, NULL, count(*)::int, coalesce(max(s.points), 1)::text
   FROM latest_metrics m JOIN pr ON pr.id = m.run_id
   LEFT JOIN series s ON s.run_id = m.run_id AND s.key = m.key
  GROUP BY m.key ORDER BY count(*) DESC, m.key LIMIT $3)
UNION ALL
(SELECT 'status', status, NULL, count(*)::int, NULL FROM pr GROUP BY status)
UNION ALL
(SELECT 'user', user_id, NULL, count(*)::int, NULL FROM pr WHERE user_id <> '' GROUP BY user_id ORDER BY count(*) DESC LIMIT $3)
UNION ALL
(SELECT 'dataset', d.digest, d.name, count(DISTINCT ri.run_id)::int, NULL
   FROM run_inputs ri JOIN pr ON pr.id = ri.run_id JOIN datasets d ON d.id = ri.dataset_id
  GROUP BY d.digest, d.name ORDER BY count(DISTINCT ri.run_id) DESC, d.name LIMIT $3)`;

const byKey = (a: KeyCount, b: KeyCount) => a.key.localeCompare(b.key);

export async function getRunFacets(principal: Principal, input: { projectId: string | bigint }): Promise<RunFacets> {
  const id = parseProjectId(input.projectId);
  if (id === null) throw notFound('Experiment', String(input.projectId));
  const project = await loadProjectFor(principal, id, 'team:read');
  const rows = await query<FacetRow>(FACETS, [project.teamId, project.id.toString(), MAX_FACET_KEYS + 1]);
  const facets: RunFacets = { runCount: 0, params: [], metrics: [], tags: [], statuses: [], users: [], datasets: [], truncated: false };
  for (const row of rows) {
    switch (row.kind) {
      case 'runs':
        facets.runCount = row.run_count;
        break;
      case 'param':
        facets.params.push({ key: row.key, runCount: row.run_count });
        break;
      case 'tag':
        facets.tags.push({ key: row.key, runCount: row.run_count });
        break;
      case 'metric':
        facets.metrics.push({ key: row.key, runCount: row.run_count, maxPoints: Number(row.max_points ?? 1) });
        break;
      case 'status':
        facets.statuses.push({ value: row.key, runCount: row.run_count });
        break;
      case 'user':
        facets.users.push({ value: row.key, runCount: row.run_count });
        break;
      case 'dataset':
        facets.datasets.push({ name: row.extra ?? '', digest: row.key, runCount: row.run_count });
        break;
    }
  }
  for (const list of [facets.params, facets.metrics, facets.tags, facets.users, facets.datasets] as unknown[][]) {
    if (list.length > MAX_FACET_KEYS) {
      facets.truncated = true;
      list.length = MAX_FACET_KEYS;
    }
  }
  facets.params.sort(byKey);
  facets.metrics.sort(byKey);
  facets.tags.sort(byKey);
  facets.statuses.sort((a, b) => b.runCount - a.runCount);
  return facets;
}
