// Run search speed: 10,000 runs in one project, each with 10 params, 5 tags and 5 latest
// metrics; times searchRuns (the whole use case: parse, compile, one SQL query) over ~30
// repetitions and prints median and p95. Target (issue 3): a metric filter and order over
// 10,000 runs in under 100 ms.
//
//   npx tsx bench/search.bench.ts          (embedded PostgreSQL in a temp dir)
//   DATABASE_URL=... npx tsx bench/search.bench.ts   (an already migrated database)
//
// bench/run.ts may import this file and call the default export instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { system } from '../lib/authz/index.ts';
import { closeDb } from '../lib/db/client.ts';
import { startEmbeddedPostgres } from '../lib/db/embedded-postgres.ts';
import { migrate } from '../lib/db/migrate.ts';
import { query } from '../lib/db/sql.ts';
import { searchRuns, type SearchRunsInput } from '../lib/tracking/search/search-runs.ts';

const RUNS = 10_000;
const REPETITIONS = 30;
const WARMUP = 3;
const TARGET_MS = 100;

export type SearchFigure = { name: string; medianMs: number; p95Ms: number; results: number; targetMs?: number };

/** One team, one project, RUNS runs with params, tags and latest metrics, inserted set-based. */
async function seed(): Promise<{ teamId: string; projectId: string }> {
  const teamId = `bench-search-${process.pid}-${Date.now()}`;
  await query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $1, 'Search bench', now())`, [teamId]);
  const [project] = await query<{ id: string }>(
    `INSERT INTO projects (team_id, name, artifact_location, updated_at) VALUES ($1, 'search-bench', 'x', now()) RETURNING id::text`,
    [teamId],
  );
  // md5 of team + n gives 32 hex characters, like MLflow run ids.
  await query(
    `INSERT INTO runs (id, project_id, team_id, name, status, start_time, end_time, artifact_uri, updated_at)
     SELECT md5($2 || n), $1::int8, $2, 'run-' || n,
            (ARRAY['FINISHED','FINISHED','FAILED','RUNNING']::"RunStatus"[])[1 + n % 4],
            1700000000000 + n * 1000, CASE WHEN n % 4 = 3 THEN NULL ELSE 1700000000000 + n * 1000 + 500 END,
            'mlflow-artifacts:/' || n, now()
     FROM generate_series(1, $3::int) AS n`,
    [project.id, teamId, RUNS],
  );
  await query(
    `INSERT INTO params (run_id, key, value)
     SELECT md5($1 || n), k.key,
            CASE k.key WHEN 'lr' THEN (ARRAY['0.1','0.01','0.001','0.0001'])[1 + n % 4]
                       WHEN 'batch_size' THEN (32 * (1 + n % 8))::text
                       WHEN 'optimizer' THEN (ARRAY['sgd','adam','adamw'])[1 + n % 3]
                       ELSE k.key || '-' || (n % 50) END
     FROM generate_series(1, $2::int) AS n,
          unnest(ARRAY['lr','batch_size','optimizer','epochs','seed','dropout','momentum','weight_decay','warmup','model']) AS k(key)`,
    [teamId, RUNS],
  );
  await query(
    `INSERT INTO run_tags (run_id, key, value)
     SELECT md5($1 || n), k.key,
            CASE k.key WHEN 'team' THEN (ARRAY['cv-core','cv-edge','nlp','rl'])[1 + n % 4]
                       WHEN 'mlflow.user' THEN 'user' || (n % 20)
                       WHEN 'mlflow.runName' THEN 'run-' || n
                       ELSE k.key || '-' || (n % 7) END
     FROM generate_series(1, $2::int) AS n, unnest(ARRAY['team','mlflow.user','mlflow.runName','stage','host']) AS k(key)`,
    [teamId, RUNS],
  );
  // Pseudo-random but repeatable metric values; about 1% NaN accuracies.
  await query(
    `INSERT INTO latest_metrics (run_id, key, step, timestamp, value)
     SELECT md5($1 || n), k.key, 99, 1700000000000 + n * 1000,
            CASE WHEN k.key = 'acc' AND n % 100 = 7 THEN 'NaN'::float8
                 ELSE ((hashtext(k.key || n)::int8 & 2147483647)::float8 / 2147483647) END
     FROM generate_series(1, $2::int) AS n, unnest(ARRAY['acc','loss','f1','precision','recall']) AS k(key)`,
    [teamId, RUNS],
  );
  await query('ANALYZE runs, params, run_tags, latest_metrics');
  return { teamId, projectId: project.id };
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function time(name: string, input: SearchRunsInput, targetMs?: number): Promise<SearchFigure> {
  let results = 0;
  for (let i = 0; i < WARMUP; i++) await searchRuns(system, input);
  const samples: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    const started = performance.now();
    results = (await searchRuns(system, input)).runIds.length;
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { name, medianMs: percentile(samples, 50), p95Ms: percentile(samples, 95), results, targetMs };
}

/** Seeds its own data in the database at DATABASE_URL, measures, removes the data, returns the figures. */
export async function benchSearch(log: (line: string) => void = console.log): Promise<SearchFigure[]> {
  const seeding = performance.now();
  const { teamId, projectId } = await seed();
  log(`search: seeded ${RUNS} runs (10 params, 5 tags, 5 metrics each) in ${Math.round(performance.now() - seeding)} ms`);
  const scope = { teamId, projectIds: [projectId], maxResults: 100 };
  try {
    const first = await searchRuns(system, { ...scope, orderBy: ['metrics.acc DESC'] });
    const figures = [
      await time(
        "metrics.acc > 0.9 and params.lr = '0.01', order by metrics.acc DESC",
        { ...scope, filter: "metrics.acc > 0.9 and params.lr = '0.01'", orderBy: ['metrics.acc DESC'] },
        TARGET_MS,
      ),
      await time('no filter, order by metrics.acc DESC (sorts all 10,000)', { ...scope, orderBy: ['metrics.acc DESC'] }, TARGET_MS),
      await time('same, second page (keyset token)', { ...scope, orderBy: ['metrics.acc DESC'], pageToken: first.nextPageToken }, TARGET_MS),
      await time("tags.team LIKE 'cv%'", { ...scope, filter: "tags.team LIKE 'cv%'" }),
      await time('order by params.lr, metrics.f1 DESC', { ...scope, orderBy: ['params.lr', 'metrics.f1 DESC'] }),
    ];
    for (const f of figures) {
      const verdict = f.targetMs === undefined ? '' : f.p95Ms < f.targetMs ? `  (target < ${f.targetMs} ms: met)` : `  (target < ${f.targetMs} ms: MISSED)`;
      log(`search: ${f.name}: median ${f.medianMs.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)} ms, ${f.results} runs/page${verdict}`);
    }
    return figures;
  } finally {
    await query('DELETE FROM teams WHERE id = $1', [teamId]);
  }
}

/** Runs against DATABASE_URL, or a throwaway embedded PostgreSQL when it is unset. */
export default async function main(): Promise<void> {
  let stop = async () => undefined as void;
  const ownsServer = !process.env.DATABASE_URL;
  if (ownsServer) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-search-'));
    fs.chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: dir, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
    await migrate(server.url());
    process.env.DATABASE_URL = server.url();
    stop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await benchSearch();
  } finally {
    // The pool belongs to whoever set DATABASE_URL; close it here only when the server is ours.
    if (ownsServer) {
      await closeDb();
      await stop();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main()
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => closeDb());
}
