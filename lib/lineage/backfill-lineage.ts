// The lineage of everything logged before lineage was recorded, written once, in the
// transaction of the migration that created lineage_edges (lib/db/migrate.ts runs it right
// after that migration's SQL; `npm run admin -- lineage-backfill` runs it again, idempotently).
// The same edges the use cases record from now on: datasets read by runs, parent runs,
// logged models produced by runs, versions registered from runs or logged models; dataset
// locations from their sources. Set-based: a handful of statements whatever the data.
import type { SqlClient } from '../db/sql.ts';
import { mlflowDatasetLocation } from './dataset-location.ts';

const STATEMENTS = [
  // dataset -> run (an input); created by whoever created the run.
  `INSERT INTO lineage_edges (team_id, from_node, to_node, kind, origin, properties, created_by_id, created_at)
   SELECT r.team_id, 'dataset:' || i.dataset_id, 'run:' || i.run_id, 'INPUT', 'MLFLOW',
          CASE WHEN i.context IS NULL THEN '{"backfilled": true}'::jsonb ELSE jsonb_build_object('context', i.context, 'backfilled', true) END,
          r.author_id, i.created_at
     FROM run_inputs i JOIN runs r ON r.id = i.run_id
   ON CONFLICT (team_id, from_node, to_node, kind) DO NOTHING`,
  // parent run -> child run
  `INSERT INTO lineage_edges (team_id, from_node, to_node, kind, origin, properties, created_by_id, created_at)
   SELECT c.team_id, 'run:' || c.parent_run_id, 'run:' || c.id, 'PARENT', 'MLFLOW', '{"backfilled": true}', c.author_id, c.created_at
     FROM runs c JOIN runs p ON p.id = c.parent_run_id AND p.team_id = c.team_id
   ON CONFLICT (team_id, from_node, to_node, kind) DO NOTHING`,
  // run -> logged model
  `INSERT INTO lineage_edges (team_id, from_node, to_node, kind, origin, properties, created_by_id, created_at)
   SELECT r.team_id, 'run:' || m.run_id, 'logged_model:' || m.id, 'PRODUCED', 'MLFLOW', jsonb_build_object('artifactPath', m.artifact_path, 'backfilled', true), r.author_id, m.created_at
     FROM logged_models m JOIN runs r ON r.id = m.run_id
    WHERE m.deleted_at IS NULL
   ON CONFLICT (team_id, from_node, to_node, kind) DO NOTHING`,
  // logged model or run -> model version (the logged model at the version's path, as record-version-lineage.ts)
  `INSERT INTO lineage_edges (team_id, from_node, to_node, kind, origin, properties, created_by_id, created_at)
   SELECT rm.team_id,
          coalesce('logged_model:' || coalesce(v.logged_model_id,
                     (SELECT m.id FROM logged_models m
                       WHERE m.run_id = v.run_id AND m.deleted_at IS NULL
                         AND rtrim(r.artifact_uri, '/') || '/' || m.artifact_path = rtrim(v.storage_location, '/')
                       ORDER BY m.created_at DESC LIMIT 1)),
                   'run:' || v.run_id),
          'model_version:' || v.id, 'REGISTERED', 'MLFLOW', jsonb_build_object('source', v.source, 'backfilled', true), v.created_by_id, v.created_at
     FROM model_versions v
     JOIN registered_models rm ON rm.id = v.model_id
     JOIN runs r ON r.id = v.run_id
   ON CONFLICT (team_id, from_node, to_node, kind) DO NOTHING`,
];

export async function backfillLineage(client: SqlClient): Promise<void> {
  const { rows } = await client.query<{ id: string; source: string }>('SELECT id, source FROM datasets WHERE location IS NULL');
  const located = rows.flatMap((row) => {
    const location = mlflowDatasetLocation(row.source);
    return location ? [{ id: row.id, location }] : [];
  });
  if (located.length) {
    await client.query('UPDATE datasets d SET location = u.location FROM unnest($1::text[], $2::text[]) AS u(id, location) WHERE d.id = u.id', [
      located.map((l) => l.id),
      located.map((l) => l.location),
    ]);
  }
  for (const statement of STATEMENTS) await client.query(statement);
}
