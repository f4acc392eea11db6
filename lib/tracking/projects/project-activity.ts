// What the projects list shows beside each project: how many active runs it holds, when
// something last happened in it (a run started, ended or changed) and who logged its runs
// (most runs first). For a page of projects in one query; no authorization here: callers
// pass projects the principal may read (the GraphQL loader filters by readable teams).
import { query } from '../../db/sql.ts';

export const MAX_CONTRIBUTORS = 5;

export type ProjectActivity = { projectId: string; runCount: number; lastActivityAt: Date | null; contributorIds: string[] };

type Row = { project_id: string; run_count: number; last_activity: Date | null; contributors: string[] | null };

const ACTIVITY = `
SELECT p.id::text AS project_id,
       coalesce(a.run_count, 0) AS run_count,
       a.last_activity,
       (SELECT array_agg(author_id ORDER BY n DESC, author_id) FROM (
          SELECT r.author_id, count(*) AS n FROM runs r
           WHERE r.project_id = p.id AND r.author_id IS NOT NULL AND r.lifecycle_stage = 'ACTIVE'
           GROUP BY r.author_id ORDER BY n DESC, r.author_id LIMIT ${MAX_CONTRIBUTORS}) top) AS contributors
  FROM projects p
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE r.lifecycle_stage = 'ACTIVE')::int AS run_count,
           max(greatest(r.updated_at, to_timestamp(coalesce(r.end_time, r.start_time) / 1000.0))) AS last_activity
      FROM runs r WHERE r.project_id = p.id
  ) a ON true
 WHERE p.id = ANY($1::int8[]) AND p.team_id = ANY($2::text[])`;

export async function loadProjectActivity(projectIds: readonly string[], teamIds: readonly string[]): Promise<ProjectActivity[]> {
  if (projectIds.length === 0 || teamIds.length === 0) return [];
  const rows = await query<Row>(ACTIVITY, [[...projectIds], [...teamIds]]);
  return rows.map((row) => ({
    projectId: row.project_id,
    runCount: row.run_count,
    lastActivityAt: row.last_activity,
    contributorIds: row.contributors ?? [],
  }));
}
