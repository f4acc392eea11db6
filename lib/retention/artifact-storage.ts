// How much artifact storage projects use, from the artifacts table (what is recorded, not a
// walk of the store): one grouped query for any number of projects.
import { query } from '../db/sql.ts';

export type ArtifactStorage = { projectId: string; bytes: number; files: number; runsWithArtifacts: number };

export async function artifactStorageOf(projectIds: readonly string[]): Promise<ArtifactStorage[]> {
  const rows = await query<{ project_id: string; bytes: string; files: string; runs: string }>(
    `SELECT r.project_id::text, sum(a.size)::text AS bytes, count(*)::text AS files, count(DISTINCT a.run_id)::text AS runs
       FROM artifacts a JOIN runs r ON r.id = a.run_id
      WHERE r.project_id = ANY($1::bigint[])
      GROUP BY r.project_id`,
    [[...projectIds]],
  );
  const found = new Map(rows.map((row) => [row.project_id, row]));
  return projectIds.map((projectId) => {
    const row = found.get(projectId);
    return { projectId, bytes: Number(row?.bytes ?? 0), files: Number(row?.files ?? 0), runsWithArtifacts: Number(row?.runs ?? 0) };
  });
}
