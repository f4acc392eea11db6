// The runs of seed-runs.ts (same params, tags and latest metrics, same values), inserted
// set-based into MLflow's own tables (created by its server), so both servers search the same
// data. NaN metrics are stored the way MLflow's SQL store keeps them: value 0, is_nan true.
import pg from 'pg';

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
              CASE k.key WHEN 'lr' THEN (ARRAY['0.1','0.01','0.001','0.0001'])[1 + n % 4]
                         WHEN 'batch_size' THEN (32 * (1 + n % 8))::text
                         WHEN 'optimizer' THEN (ARRAY['sgd','adam','adamw'])[1 + n % 3]
                         ELSE k.key || '-' || (n % 50) END
       FROM generate_series(1, $2::int) AS n,
            unnest(ARRAY['lr','batch_size','optimizer','epochs','seed','dropout','momentum','weight_decay','warmup','model']) AS k(key)`,
      [prefix, runs],
    );
    await client.query(
      `INSERT INTO tags (run_uuid, key, value)
       SELECT md5($1 || n), k.key,
              CASE k.key WHEN 'team' THEN (ARRAY['cv-core','cv-edge','nlp','rl'])[1 + n % 4]
                         WHEN 'mlflow.user' THEN 'user' || (n % 20)
                         WHEN 'mlflow.runName' THEN 'run-' || n
                         ELSE k.key || '-' || (n % 7) END
       FROM generate_series(1, $2::int) AS n, unnest(ARRAY['team','mlflow.user','mlflow.runName','stage','host']) AS k(key)`,
      [prefix, runs],
    );
    await client.query(
      `INSERT INTO latest_metrics (run_uuid, key, step, timestamp, value, is_nan)
       SELECT md5($1 || n), k.key, 99, 1700000000000 + n * 1000,
              CASE WHEN k.key = 'acc' AND n % 100 = 7 THEN 0
                   ELSE ((hashtext(k.key || n)::int8 & 2147483647)::float8 / 2147483647) END,
              k.key = 'acc' AND n % 100 = 7
       FROM generate_series(1, $2::int) AS n, unnest(ARRAY['acc','loss','f1','precision','recall']) AS k(key)`,
      [prefix, runs],
    );
    await client.query('ANALYZE runs, params, tags, latest_metrics');
  } finally {
    await client.end();
  }
}
