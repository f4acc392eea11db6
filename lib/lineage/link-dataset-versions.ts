// A dataset a data tool reported at a location without a version (an OpenLineage dataset
// with no version facet) stands for whatever is there: every dataset of the team at that
// location with a digest or version is a version of it (VERSION edge, unversioned ->
// versioned). So an Airflow job writing s3://lake/cleaned is upstream of the MLflow runs
// that read any digest of s3://lake/cleaned. Kept in step from both sides: when such a
// dataset appears, and when a versioned dataset appears at its location.
import type { SqlClient } from '../db/sql.ts';

export async function linkDatasetsAtLocations(client: SqlClient, teamId: string, datasetIds: readonly string[]): Promise<void> {
  if (datasetIds.length === 0) return;
  await client.query(
    `INSERT INTO lineage_edges (team_id, from_node, to_node, kind, origin)
     SELECT $1, 'dataset:' || u.id, 'dataset:' || v.id, 'VERSION', 'OPENLINEAGE'
       FROM datasets u
       JOIN datasets v ON v.team_id = u.team_id AND v.location = u.location AND v.digest <> ''
      WHERE u.team_id = $1 AND u.digest = '' AND u.location IS NOT NULL
        AND (u.id = ANY($2::text[]) OR v.id = ANY($2::text[]))
     ON CONFLICT (team_id, from_node, to_node, kind) DO NOTHING`,
    [teamId, datasetIds],
  );
}
