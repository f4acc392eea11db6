// The runs of seed-runs.ts (same params, tags and latest metrics, same values), inserted
// set-based into MLflow's own tables (created by its server), so both servers search the same
// data. NaN metrics are stored the way MLflow's SQL store keeps them: value 0, is_nan true.
import pg from 'pg';
import { SEEDED_METRICS, SEEDED_PARAMS, SEEDED_TAGS } from './seeded-values.ts';

export async function seedMlflowRuns(databaseUrl: string, experimentId: string, runs: number, label: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const prefix = `mlflow-${label}-${process.pid}-${Date.now()}`;
    await client.query(
      `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
                         source_version, lifecycle_stage, artifact_uri, experiment_id)
       SELECT md5($1 || n), 'run-' || n, 'LOCAL', '', '', 'user' || (n % 20),
              (ARRAY['FINISHED','FINISHED','FAILED','RUNNING'])[1 + n % 4],
              1700000000000 + n * 1000, CASE WHEN n % 4 = 3 THEN NULL ELSE 1700000000000 + n * 1000 + 500 END,
              '', 'active', 'mlflow-artifacts:/' || n, $2::int
       FROM generate_series(1, $3::int) AS n`,
      [prefix, experimentId, runs],
    );
    await client.query(
      `INSERT INTO params (run_uuid, key, value)
       SELECT md5($1 || n), k.key,
              ${SEEDED_PARAMS.value}
       FROM generate_series(1, $2::int) AS n,
            ${SEEDED_PARAMS.keys}`,
      [prefix, runs],
    );
    await client.query(
      `INSERT INTO tags (run_uuid, key, value)
       SELECT md5($1 || n), k.key,
              ${SEEDED_TAGS.value}
       FROM generate_series(1, $2::int) AS n, ${SEEDED_TAGS.keys}`,
      [prefix, runs],
    );
    await client.query(
      `INSERT INTO latest_metrics (run_uuid, key, step, timestamp, value, is_nan)
       SELECT md5($1 || n), k.key, 99, 1700000000000 + n * 1000,
              CASE WHEN ${SEEDED_METRICS.isNaN} THEN 0 ELSE ${SEEDED_METRICS.number} END,
              ${SEEDED_METRICS.isNaN}
       FROM generate_series(1, $2::int) AS n, ${SEEDED_METRICS.keys}`,
      [prefix, runs],
    );
    await client.query('ANALYZE runs, params, tags, latest_metrics');
  } finally {
    await client.end();
  }
}
