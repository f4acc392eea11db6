// Runs for the benches, inserted set-based (generate_series, not the use cases): each run has
// 10 params (lr, batch_size, optimizer, ...), 5 tags (team, mlflow.user, ...) and 5 latest metrics
// (acc, loss, f1, precision, recall; about 1% NaN accuracies), with repeatable values.
import { query } from '../../lib/db/sql.ts';
import { SEEDED_METRICS, SEEDED_PARAMS, SEEDED_TAGS } from './seeded-values.ts';

/** One team, one project, `runs` runs with params, tags and latest metrics, inserted set-based. */
export async function seedRuns(runs: number, label: string): Promise<{ teamId: string; projectId: string }> {
  const teamId = `bench-${label}-${process.pid}-${Date.now()}`;
  await query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $1, 'Search bench', now())`, [teamId]);
  const [project] = await query<{ id: string }>(
    `INSERT INTO projects (team_id, name, artifact_location, updated_at) VALUES ($1, $2, 'x', now()) RETURNING id::text`,
    [teamId, `${label}-bench`],
  );
  // md5 of team + n gives 32 hex characters, like MLflow run ids.
  await query(
    `INSERT INTO runs (id, project_id, team_id, name, status, start_time, end_time, artifact_uri, updated_at)
     SELECT md5($2 || n), $1::int8, $2, 'run-' || n,
            (ARRAY['FINISHED','FINISHED','FAILED','RUNNING']::"RunStatus"[])[1 + n % 4],
            1700000000000 + n * 1000, CASE WHEN n % 4 = 3 THEN NULL ELSE 1700000000000 + n * 1000 + 500 END,
            'mlflow-artifacts:/' || n, now()
     FROM generate_series(1, $3::int) AS n`,
    [project.id, teamId, runs],
  );
  await query(
    `INSERT INTO params (run_id, key, value)
     SELECT md5($1 || n), k.key,
            ${SEEDED_PARAMS.value}
     FROM generate_series(1, $2::int) AS n,
          ${SEEDED_PARAMS.keys}`,
    [teamId, runs],
  );
  await query(
    `INSERT INTO run_tags (run_id, key, value)
     SELECT md5($1 || n), k.key,
            ${SEEDED_TAGS.value}
     FROM generate_series(1, $2::int) AS n, ${SEEDED_TAGS.keys}`,
    [teamId, runs],
  );
  // Pseudo-random but repeatable metric values; about 1% NaN accuracies.
  await query(
    `INSERT INTO latest_metrics (run_id, key, step, timestamp, value)
     SELECT md5($1 || n), k.key, 99, 1700000000000 + n * 1000,
            CASE WHEN ${SEEDED_METRICS.isNaN} THEN 'NaN'::float8 ELSE ${SEEDED_METRICS.number} END
     FROM generate_series(1, $2::int) AS n, ${SEEDED_METRICS.keys}`,
    [teamId, runs],
  );
  await query('ANALYZE runs, params, run_tags, latest_metrics');
  return { teamId, projectId: project.id };
}

