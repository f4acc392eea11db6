// The real MLflow client (2.22 and 3.6) runs the seed's train_sweep.py against Cairn, then
// logs what other training scripts log (params, stepped metrics, tags, a dataset input,
// artifacts, nested runs) and reads it back (search_runs, metric history, list/download
// artifacts, load_model of a runs:/ URI). The test checks what the client saw and, in SQL,
// what Cairn holds: rows, authors, series, datasets, artifact files, logged models.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createTokenFixture, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { MLFLOW_VERSIONS, runScenario } from './harness.ts';

const app = setupTestApp();
let world: TeamWorld;
beforeAll(async () => {
  world = await teamWorld();
});

type SweepRun = { run_id: string; name: string; params: Record<string, string>; metrics: Record<string, number>; status: string; model_id: string | null };
type TrackingResult = {
  experiment_id: string;
  sweep: SweepRun[];
  parent: {
    run_id: string;
    params: Record<string, string>;
    metrics: Record<string, number>;
    tags: Record<string, string>;
    datasets: { name: string; digest: string; context: string[] }[];
  };
  children: string[];
  nested_found: string[];
  best: string[];
  best_accuracy: number[];
  loss_history: [number, number][];
  root_listing: [string, boolean][];
  model_listing: string[];
  eval_config: unknown;
  prediction: number[];
};

const SEED_CONFIGS = [
  [10, 2],
  [50, 5],
  [100, 10],
  [200, 15],
  [50, 3],
];

describe.each(MLFLOW_VERSIONS)('the MLflow %s client', (version) => {
  let result: TrackingResult;
  let projectId: bigint;

  beforeAll(async () => {
    const { token } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'WRITE' });
    const experiment = `fairness-sweep-${version}`;
    ({ result } = await runScenario<TrackingResult>({ version, scenario: 'tracking', trackingUri: await app.httpUrl(), token, args: { experiment } }));
    projectId = (await db.project.findFirstOrThrow({ where: { teamId: world.team.id, name: experiment } })).id;
  }, 300_000);

  it("runs the seed's sweep: five finished runs with their params, metrics and author", async () => {
    expect(result.experiment_id).toBe(String(projectId));
    expect(result.sweep.map((r) => r.name)).toEqual(['sweep_run_1', 'sweep_run_2', 'sweep_run_3', 'sweep_run_4', 'sweep_run_5']);
    const runs = await db.run.findMany({
      where: { id: { in: result.sweep.map((r) => r.run_id) } },
      include: { params: true, latestMetrics: true },
    });
    expect(runs).toHaveLength(5);
    for (const [i, seen] of result.sweep.entries()) {
      const row = runs.find((r) => r.id === seen.run_id)!;
      const [n, depth] = SEED_CONFIGS[i];
      expect({ name: row.name, status: row.status, project: row.projectId, author: row.authorId }).toEqual({
        name: `sweep_run_${i + 1}`,
        status: 'FINISHED',
        project: projectId,
        author: world.users.member.id,
      });
      expect(Object.fromEntries(row.params.map((p) => [p.key, p.value]))).toEqual({ n_estimators: String(n), max_depth: String(depth), data_version: 'v1.0' });
      expect(seen.params).toEqual({ n_estimators: String(n), max_depth: String(depth), data_version: 'v1.0' });
      const metrics = Object.fromEntries(row.latestMetrics.map((m) => [m.key, m.value]));
      expect(metrics).toEqual(seen.metrics);
      expect(metrics.accuracy).toBeGreaterThan(0.5);
    }
  });

  it('stores the models mlflow.sklearn.log_model wrote, in the shape of the client generation', async () => {
    for (const seen of result.sweep) {
      const files = (await db.artifact.findMany({ where: { runId: seen.run_id }, select: { path: true } })).map((a) => a.path);
      const models = await db.loggedModel.findMany({ where: { runId: seen.run_id } });
      expect(models).toHaveLength(1);
      if (version === '2.22') {
        // runs/log-model: the MLmodel metadata, files under <run>/artifacts/model.
        expect(models[0].artifactPath).toBe('model');
        expect(models[0].flavors).toHaveProperty('sklearn');
        expect(files).toEqual(expect.arrayContaining(['model/MLmodel', 'model/model.pkl']));
        expect(seen.model_id).toBeNull();
      } else {
        // logged-models: a READY model of the run, files under models/<id>/artifacts.
        expect(seen.model_id).toBe(models[0].id);
        expect(models[0].metadata).toMatchObject({ kind: 'logged-model', name: 'model', status: 'LOGGED_MODEL_READY' });
        expect(files).toEqual(expect.arrayContaining([`models/${seen.model_id}/artifacts/MLmodel`, `models/${seen.model_id}/artifacts/model.pkl`]));
      }
    }
    // list_artifacts(run, "model") lists the model either way (MLflow 3 finds it through logged-models/search).
    expect(result.model_listing).toEqual(expect.arrayContaining(['model/MLmodel', 'model/model.pkl']));
    expect(result.prediction).toHaveLength(2);
  });

  it('keeps stepped metrics, tags, the dataset input and the artifacts of a hand-written run', async () => {
    const parent = result.parent;
    expect(parent.params).toEqual({ lr: '0.01', optimizer: 'adam', batch_size: '32' });
    expect(parent.tags).toEqual({ team: 'fairness', stage: 'exploration' });
    expect(result.loss_history).toEqual([0, 1, 2, 3, 4].map((step) => [step, 1 / (step + 1)]));
    const points = await db.metricPoint.findMany({ where: { runId: parent.run_id, key: 'loss' }, orderBy: { step: 'asc' } });
    expect(points.map((p) => [Number(p.step), p.value])).toEqual(result.loss_history);

    const inputs = await db.runInput.findMany({ where: { runId: parent.run_id }, include: { dataset: true } });
    expect(inputs.map((i) => ({ name: i.dataset.name, digest: i.dataset.digest, context: i.context, team: i.dataset.teamId }))).toEqual([
      { name: 'toy-train', digest: parent.datasets[0].digest, context: 'training', team: world.team.id },
    ]);
    expect(parent.datasets[0].context).toEqual(['training']);

    const files = await db.artifact.findMany({ where: { runId: parent.run_id }, orderBy: { path: 'asc' }, select: { path: true, size: true } });
    expect(files.map((f) => f.path)).toEqual(['config/eval.json', 'docs/notes.md', 'reports/confusion.txt']);
    expect(result.root_listing).toEqual([
      ['config', true],
      ['docs', true],
      ['reports', true],
    ]);
    expect(result.eval_config).toEqual({ threshold: 0.5 });
  });

  it('nests runs and finds them again with search_runs', async () => {
    const children = await db.run.findMany({ where: { parentRunId: result.parent.run_id }, select: { id: true } });
    expect(children.map((c) => c.id).sort()).toEqual(result.children);
    expect(result.nested_found).toEqual(result.children);

    const ranked = await db.latestMetric.findMany({
      where: { key: 'accuracy', run: { projectId } },
      orderBy: [{ value: 'desc' }],
      select: { runId: true, value: true },
    });
    expect(result.best_accuracy).toEqual(ranked.slice(0, 2).map((m) => m.value));
    expect(result.best).toHaveLength(2);
  });
});
