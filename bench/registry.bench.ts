// Model registry reads, Cairn and MLflow side by side on the same data and the same
// PostgreSQL: 1,000 registered models with 10 versions each (one in Production, one in
// Staging, the rest archived or None), a tag per version, two aliases per model. Each call
// is timed the way a client makes it (its REST request), ~30 repetitions; the ratio is
// MLflow's median over Cairn's.
//   Cairn: its REST handler called in this process (token check, use case, SQL, JSON).
//   MLflow 2.22: its tracking server (gunicorn, 1 worker) on the same embedded PostgreSQL,
//   seeded with the same rows, called over localhost HTTP (adds ~1 ms of HTTP).
// Needs ../shared/mlflow (or CAIRN_MLFLOW_DIR); without it, Cairn's figures only.
import pg from 'pg';
import { closeDb } from '../lib/db/client.ts';
import { query } from '../lib/db/sql.ts';
import { handleMlflowRequest } from '../lib/http/mlflow/router.ts';
import { ensureDatabase } from '../lib/runtime/database.ts';
import { loadUserPrincipal } from '../lib/identity/load-user-principal.ts';
import { createApiToken } from '../lib/tokens/create-api-token.ts';
import { startBenchDatabase } from './support/database.ts';
import { mlflowUnavailableReason, startMlflowServer, type MlflowServer } from './support/mlflow-server.ts';
import { median, note, percentile, timeRuns } from './support/report.ts';

const MODELS = 1_000;
const VERSIONS = 10;
const RUNS = 30;
const STAGES = `CASE v WHEN 10 THEN 'Production' WHEN 9 THEN 'Staging' WHEN 8 THEN 'None' ELSE 'Archived' END`;

type Call = { name: string; path: string; query: Record<string, string | string[]> };
const calls: Call[] = [
  { name: "search_model_versions(\"name = 'model-0500'\")", path: 'model-versions/search', query: { filter: "name = 'model-0500'" } },
  { name: 'search_model_versions(run_id), 1 of 10,000', path: 'model-versions/search', query: { filter: `run_id = '${runId(500)}'` } },
  { name: "search_registered_models(\"name LIKE 'model-05%'\"), 100", path: 'registered-models/search', query: { filter: "name LIKE 'model-05%'", max_results: '100' } },
  { name: 'search_registered_models(order_by timestamp DESC), 100', path: 'registered-models/search', query: { order_by: ['timestamp DESC'], max_results: '100' } },
  { name: "get_registered_model('model-0500')", path: 'registered-models/get', query: { name: 'model-0500' } },
  { name: "get_latest_versions('model-0500', ['Production'])", path: 'registered-models/get-latest-versions', query: { name: 'model-0500', stages: 'Production' } },
  { name: "get_model_version_by_alias('model-0500', 'champion')", path: 'registered-models/alias', query: { name: 'model-0500', alias: 'champion' } },
];

function runId(model: number): string {
  return model.toString(16).padStart(32, '0');
}

const queryString = (q: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  return params.toString();
};

async function seedCairn(): Promise<string> {
  const { db } = await import('../lib/db/client.ts');
  const user = await db.user.create({ data: { email: 'bench@example.test', name: 'bench' } });
  const team = await db.team.create({ data: { slug: 'bench', name: 'Bench' } });
  await db.membership.create({ data: { teamId: team.id, userId: user.id, role: 'OWNER' } });
  const { token } = await createApiToken((await loadUserPrincipal(user.id))!, { teamId: team.id, name: 'bench', scope: 'READ' });
  const [project] = await query<{ id: string }>(`INSERT INTO projects (team_id, name, artifact_location, updated_at) VALUES ($1, 'bench', 'x', now()) RETURNING id::text`, [team.id]);
  await query(
    `INSERT INTO runs (id, project_id, team_id, name, status, start_time, artifact_uri, updated_at)
     SELECT lpad(to_hex(m), 32, '0'), $1::int8, $2, 'run-' || m, 'FINISHED', 1700000000000, 'mlflow-artifacts:/x', now()
     FROM generate_series(1, $3::int) AS m`,
    [project.id, team.id, MODELS],
  );
  await query(
    `INSERT INTO registered_models (id, team_id, name, created_at, updated_at)
     SELECT 'rm' || m, $1, 'model-' || lpad(m::text, 4, '0'), now() - make_interval(secs => m), now() - make_interval(secs => m)
     FROM generate_series(1, $2::int) AS m`,
    [team.id, MODELS],
  );
  await query(
    `INSERT INTO model_versions (id, model_id, version, stage, source, storage_location, run_id, created_at, updated_at)
     SELECT 'mv' || m || '-' || v, 'rm' || m, v, (CASE v WHEN 10 THEN 'PRODUCTION' WHEN 9 THEN 'STAGING' WHEN 8 THEN 'NONE' ELSE 'ARCHIVED' END)::"ModelStage",
            'runs:/' || lpad(to_hex(m), 32, '0') || '/model', 'mlflow-artifacts:/x', CASE WHEN v = 10 THEN lpad(to_hex(m), 32, '0') END,
            now() - make_interval(secs => m * 10 + v), now() - make_interval(secs => m * 10 + v)
     FROM generate_series(1, $1::int) AS m, generate_series(1, $2::int) AS v`,
    [MODELS, VERSIONS],
  );
  await query(`INSERT INTO model_version_tags (version_id, key, value) SELECT id, 'validated', 'yes' FROM model_versions`);
  await query(
    `INSERT INTO model_aliases (model_id, alias, version_id, updated_at)
     SELECT 'rm' || m, a.alias, 'mv' || m || '-' || a.v, now() FROM generate_series(1, $1::int) AS m, (VALUES ('champion', 10), ('challenger', 9)) AS a(alias, v)`,
    [MODELS],
  );
  await query('ANALYZE registered_models, model_versions, model_version_tags, model_aliases');
  return token;
}

/** MLflow's own tables, created by its server, filled with the same rows. */
async function seedMlflow(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO registered_models (name, creation_time, last_updated_time)
       SELECT 'model-' || lpad(m::text, 4, '0'), 1700000000000 - m * 1000, 1700000000000 - m * 1000 FROM generate_series(1, $1::int) AS m`,
      [MODELS],
    );
    await client.query(
      `INSERT INTO model_versions (name, version, creation_time, last_updated_time, current_stage, source, storage_location, run_id, status)
       SELECT 'model-' || lpad(m::text, 4, '0'), v, 1700000000000 - m * 10000 - v, 1700000000000 - m * 10000 - v, ${STAGES},
              'runs:/' || lpad(to_hex(m), 32, '0') || '/model', 'mlflow-artifacts:/x', CASE WHEN v = 10 THEN lpad(to_hex(m), 32, '0') END, 'READY'
       FROM generate_series(1, $1::int) AS m, generate_series(1, $2::int) AS v`,
      [MODELS, VERSIONS],
    );
    await client.query(`INSERT INTO model_version_tags (name, version, key, value) SELECT name, version, 'validated', 'yes' FROM model_versions`);
    await client.query(
      `INSERT INTO registered_model_aliases (name, alias, version)
       SELECT 'model-' || lpad(m::text, 4, '0'), a.alias, a.v FROM generate_series(1, $1::int) AS m, (VALUES ('champion', 10), ('challenger', 9)) AS a(alias, v)`,
      [MODELS],
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  let mlflow: MlflowServer | undefined;
  try {
    const started = performance.now();
    const token = await seedCairn();
    note(`seeded ${MODELS} models x ${VERSIONS} versions (tags, 2 aliases each) in ${Math.round(performance.now() - started)} ms`);

    const mlflowMissing = mlflowUnavailableReason();
    if (mlflowMissing) note(`MLflow not measured (${mlflowMissing}): Cairn's figures only`);
    else {
      const admin = new URL(database.url);
      admin.pathname = '/postgres';
      await ensureDatabase(admin.toString(), 'mlflow_bench');
      const mlflowUrl = new URL(database.url);
      mlflowUrl.pathname = '/mlflow_bench';
      mlflow = await startMlflowServer({ backendUrl: mlflowUrl.toString(), workers: 1 });
      await seedMlflow(mlflowUrl.toString());
    }

    const cairnCall = async (call: Call) => {
      const response = await handleMlflowRequest(
        new Request(`http://localhost/api/2.0/mlflow/${call.path}?${queryString(call.query)}`, { headers: { authorization: `Bearer ${token}` } }),
      );
      if (response.status !== 200) throw new Error(`Cairn ${call.path}: ${response.status} ${await response.text()}`);
      return response.json();
    };
    const mlflowCall = async (call: Call) => {
      const response = await fetch(`${mlflow!.baseUrl}/api/2.0/mlflow/${call.path}?${queryString(call.query)}`);
      if (response.status !== 200) throw new Error(`MLflow ${call.path}: ${response.status} ${await response.text()}`);
      return response.json();
    };

    for (const call of calls) {
      const cairn = await timeRuns(RUNS, () => cairnCall(call), 3);
      let line = `  ${call.name.padEnd(58, '.')} Cairn ${median(cairn).toFixed(1)} ms (p95 ${percentile(cairn, 95).toFixed(1)})`;
      if (mlflow) {
        const theirs = await timeRuns(RUNS, () => mlflowCall(call), 3);
        line += `; MLflow ${median(theirs).toFixed(1)} ms (p95 ${percentile(theirs, 95).toFixed(1)}); MLflow/Cairn ${(median(theirs) / median(cairn)).toFixed(1)}x`;
      }
      console.log(line);
    }
  } finally {
    await mlflow?.stop();
    await closeDb();
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
