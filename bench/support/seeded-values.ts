// The values both bench seeders give run n (seed-runs.ts into Cairn's tables,
// seed-mlflow-runs.ts into MLflow's), as SQL over `n` (generate_series) and `k.key`
// (the unnest of the keys), so both servers search exactly the same data.
export const SEEDED_PARAMS = {
  keys: `unnest(ARRAY['lr','batch_size','optimizer','epochs','seed','dropout','momentum','weight_decay','warmup','model']) AS k(key)`,
  value: `CASE k.key WHEN 'lr' THEN (ARRAY['0.1','0.01','0.001','0.0001'])[1 + n % 4]
                     WHEN 'batch_size' THEN (32 * (1 + n % 8))::text
                     WHEN 'optimizer' THEN (ARRAY['sgd','adam','adamw'])[1 + n % 3]
                     ELSE k.key || '-' || (n % 50) END`,
};

export const SEEDED_TAGS = {
  keys: `unnest(ARRAY['team','mlflow.user','mlflow.runName','stage','host']) AS k(key)`,
  value: `CASE k.key WHEN 'team' THEN (ARRAY['cv-core','cv-edge','nlp','rl'])[1 + n % 4]
                     WHEN 'mlflow.user' THEN 'user' || (n % 20)
                     WHEN 'mlflow.runName' THEN 'run-' || n
                     ELSE k.key || '-' || (n % 7) END`,
};

/** Pseudo-random but repeatable metric values; `isNaN` marks the ~1% NaN accuracies. */
export const SEEDED_METRICS = {
  keys: `unnest(ARRAY['acc','loss','f1','precision','recall']) AS k(key)`,
  isNaN: `(k.key = 'acc' AND n % 100 = 7)`,
  number: `((hashtext(k.key || n)::int8 & 2147483647)::float8 / 2147483647)`,
};
