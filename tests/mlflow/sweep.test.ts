// The seed's 5-run hyperparameter sweep, driven over the MLflow REST API exactly as the
// MLflow Python client drives it (experiments/create, runs/create with the client's system
// tags, log-parameter, per-epoch log-metric and log-batch, log-inputs, set-tag, an artifact
// through the proxy, runs/update), then the analysis: search for the best run, metric
// history, nested runs, delete/restore, experiment search, and the /ajax-api twin.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { artifactApi, bearer, expectMlflowError, expectOk, hexId, millis, mlflowApi, type MlflowApi } from './support.ts';
import { setupWorld } from './world.ts';

const app = setupTestApp();
const world = setupWorld();

const configs = [
  { n: 10, depth: 2, accuracy: [0.71, 0.78, 0.8] },
  { n: 50, depth: 5, accuracy: [0.8, 0.86, 0.9] },
  { n: 100, depth: 10, accuracy: [0.83, 0.9, 0.93] },
  { n: 200, depth: 15, accuracy: [0.85, 0.92, 0.95] },
  { n: 50, depth: 3, accuracy: [0.75, 0.82, 0.85] },
];
const GIT_COMMIT = '3f9a1c2e7b4d5a6f8091a2b3c4d5e6f708192a3b';
const DATA_DIGEST = 'd41d8cd9';

// What mlflow.log_input sends for the training data (and what runs/get gives back).
const trainingInput = {
  tags: [{ key: 'mlflow.data.context', value: 'training' }],
  dataset: {
    name: 'make_classification',
    digest: DATA_DIGEST,
    source_type: 'code',
    source: '{"n_samples": 1000, "random_state": 42}',
    schema: '{"mlflow_colspec": []}',
  },
};

let api: MlflowApi;
let experimentId: string;
const runIds: string[] = [];
const baseTime = 1_700_000_000_000;

beforeAll(() => {
  api = mlflowApi(app, bearer(world().alpha.write));
});

const byKey = <T extends { key: string }>(list: T[]) => [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

const systemTags = (i: number) => [
  { key: 'mlflow.runName', value: `sweep_run_${i + 1}` },
  { key: 'mlflow.user', value: 'alice' },
  { key: 'mlflow.source.name', value: 'train_sweep.py' },
  { key: 'mlflow.source.type', value: 'LOCAL' },
  { key: 'mlflow.source.git.commit', value: GIT_COMMIT },
];

describe('the seed sweep over MLflow REST', () => {
  it('creates the experiment and reads it back by id and by name', async () => {
    const created = expectOk(await api.post('experiments/create', { name: 'fairness-sweep', tags: [{ key: 'owner', value: 'ml-team' }] }));
    expect(created).toEqual({ experiment_id: expect.stringMatching(/^[1-9]\d*$/) });
    experimentId = created.experiment_id;

    const experiment = {
      experiment_id: experimentId,
      name: 'fairness-sweep',
      artifact_location: `mlflow-artifacts:/${experimentId}`,
      lifecycle_stage: 'active',
      last_update_time: millis,
      creation_time: millis,
      tags: [{ key: 'owner', value: 'ml-team' }],
    };
    expect(expectOk(await api.get('experiments/get', { experiment_id: experimentId }))).toEqual({ experiment });
    expect(expectOk(await api.get('experiments/get-by-name', { experiment_name: 'fairness-sweep' }))).toEqual({ experiment });
  });

  it('creates five runs with the client system tags', async () => {
    for (const [i] of configs.entries()) {
      const startTime = baseTime + i * 60_000;
      const { run } = expectOk(
        await api.post('runs/create', {
          experiment_id: experimentId,
          user_id: 'alice',
          run_name: `sweep_run_${i + 1}`,
          start_time: startTime,
          tags: systemTags(i),
        }),
      );
      expect(run).toEqual({
        info: {
          run_id: hexId,
          run_uuid: run.info.run_id,
          run_name: `sweep_run_${i + 1}`,
          experiment_id: experimentId,
          user_id: 'alice',
          status: 'RUNNING',
          start_time: startTime,
          artifact_uri: `mlflow-artifacts:/${experimentId}/${run.info.run_id}/artifacts`,
          lifecycle_stage: 'active',
        },
        data: { tags: byKey(systemTags(i)) },
        inputs: {},
      });
      runIds.push(run.info.run_id);
    }
  });

  it('logs params one by one (mlflow.log_param)', async () => {
    for (const [i, config] of configs.entries()) {
      for (const [key, value] of [
        ['n_estimators', String(config.n)],
        ['max_depth', String(config.depth)],
        ['data_version', 'v1.0'],
      ]) {
        expect(expectOk(await api.post('runs/log-parameter', { run_id: runIds[i], run_uuid: runIds[i], key, value }))).toEqual({});
      }
      // Re-logging the same value is accepted (the client retries).
      expectOk(await api.post('runs/log-parameter', { run_id: runIds[i], key: 'data_version', value: 'v1.0' }));
    }
  });

  it('logs per-epoch metrics with log-metric (steps) and log-batch', async () => {
    for (const [i, config] of configs.entries()) {
      for (const [epoch] of config.accuracy.entries()) {
        const loss = 1 - config.accuracy[epoch];
        expectOk(await api.post('runs/log-metric', { run_id: runIds[i], key: 'loss', value: loss, timestamp: baseTime + epoch, step: epoch }));
      }
      const fairness = 0.95 - config.depth * 0.01;
      expect(
        expectOk(
          await api.post('runs/log-batch', {
            run_id: runIds[i],
            metrics: [
              ...config.accuracy.map((value, epoch) => ({ key: 'accuracy', value, timestamp: baseTime + epoch, step: epoch })),
              { key: 'fairness_score', value: fairness, timestamp: baseTime + 10, step: 0 },
            ],
            params: [],
            tags: [{ key: 'stage', value: 'sweep' }],
          }),
        ),
      ).toEqual({});
    }
  });

  it('logs the training dataset with its digest (log-inputs)', async () => {
    for (const runId of runIds) {
      expect(
        expectOk(
          await api.post('runs/log-inputs', {
            run_id: runId,
            datasets: [trainingInput],
          }),
        ),
      ).toEqual({});
    }
  });

  it('reads a run back with everything it logged', async () => {
    const { run } = expectOk(await api.get('runs/get', { run_id: runIds[1], run_uuid: runIds[1] }));
    expect(run.data.params).toEqual([
      { key: 'data_version', value: 'v1.0' },
      { key: 'max_depth', value: '5' },
      { key: 'n_estimators', value: '50' },
    ]);
    // Latest value per key: max step wins.
    expect(run.data.metrics).toEqual([
      { key: 'accuracy', value: 0.9, timestamp: baseTime + 2, step: 2 },
      { key: 'fairness_score', value: expect.closeTo(0.9, 10), timestamp: baseTime + 10, step: 0 },
      { key: 'loss', value: expect.closeTo(0.1, 10), timestamp: baseTime + 2, step: 2 },
    ]);
    expect(run.data.tags).toContainEqual({ key: 'stage', value: 'sweep' });
    expect(run.data.tags).toContainEqual({ key: 'mlflow.source.git.commit', value: GIT_COMMIT });
    expect(run.inputs).toEqual({ dataset_inputs: [trainingInput] });
  });

  it('sets and deletes tags (set-tag, delete-tag)', async () => {
    expect(expectOk(await api.post('runs/set-tag', { run_id: runIds[3], key: 'candidate', value: 'yes' }))).toEqual({});
    expectOk(await api.post('runs/set-tag', { run_id: runIds[3], key: 'candidate', value: 'golden' }));
    expectOk(await api.post('runs/set-tag', { run_id: runIds[3], key: 'scratch', value: 'x' }));
    expect(expectOk(await api.post('runs/delete-tag', { run_id: runIds[3], key: 'scratch' }))).toEqual({});
    const { run } = expectOk(await api.get('runs/get', { run_id: runIds[3] }));
    expect(run.data.tags).toContainEqual({ key: 'candidate', value: 'golden' });
    expect(run.data.tags.map((t: { key: string }) => t.key)).not.toContain('scratch');
    expectMlflowError(await api.post('runs/delete-tag', { run_id: runIds[3], key: 'scratch' }), 404, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('round-trips an artifact file through the proxy and lists it', async () => {
    const artifacts = artifactApi(app, bearer(world().alpha.write));
    const root = `${experimentId}/${runIds[3]}/artifacts`;
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
    expect((await artifacts.put(`${root}/model/model.pkl`, bytes)).status).toBe(200);
    expect((await artifacts.put(`${root}/confusion.txt`, 'tp=90 fp=10', 'text/plain')).status).toBe(200);

    const downloaded = await artifacts.download(`${root}/model/model.pkl`);
    expect(downloaded.status).toBe(200);
    expect(downloaded.bytes.equals(bytes)).toBe(true);

    expect(expectOk(await api.get('artifacts/list', { run_id: runIds[3] }))).toEqual({
      root_uri: `mlflow-artifacts:/${root}`,
      files: [
        { path: 'confusion.txt', is_dir: false, file_size: 11 },
        { path: 'model', is_dir: true },
      ],
    });
    expect(expectOk(await api.get('artifacts/list', { run_id: runIds[3], path: 'model' }))).toEqual({
      root_uri: `mlflow-artifacts:/${root}`,
      files: [{ path: 'model/model.pkl', is_dir: false, file_size: 4096 }],
    });
    // An empty run lists its root and nothing else.
    expect(expectOk(await api.get('artifacts/list', { run_id: runIds[0] }))).toEqual({
      root_uri: `mlflow-artifacts:/${experimentId}/${runIds[0]}/artifacts`,
    });
  });

  it('finishes the runs (runs/update)', async () => {
    for (const [i, runId] of runIds.entries()) {
      const endTime = baseTime + i * 60_000 + 30_000;
      const { run_info } = expectOk(await api.post('runs/update', { run_id: runId, run_uuid: runId, status: 'FINISHED', end_time: endTime }));
      expect(run_info).toEqual({
        run_id: runId,
        run_uuid: runId,
        run_name: `sweep_run_${i + 1}`,
        experiment_id: experimentId,
        user_id: 'alice',
        status: 'FINISHED',
        start_time: baseTime + i * 60_000,
        end_time: endTime,
        artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
        lifecycle_stage: 'active',
      });
    }
  });

  it('finds the best run by accuracy with a filter (runs/search)', async () => {
    const best = expectOk(
      await api.post('runs/search', {
        experiment_ids: [experimentId],
        filter: "params.data_version = 'v1.0' and metrics.fairness_score >= 0.84 and attributes.status = 'FINISHED'",
        run_view_type: 'ACTIVE_ONLY',
        max_results: 1,
        order_by: ['metrics.accuracy DESC'],
      }),
    );
    // Depth 15 has fairness 0.80 (filtered out); depth 10 (run 3, fairness 0.85) is the most accurate left.
    expect(best.runs).toHaveLength(1);
    expect(best.runs[0].info.run_id).toBe(runIds[2]);
    expect(best.runs[0].data.params).toContainEqual({ key: 'max_depth', value: '10' });
    expect(best.next_page_token).toEqual(expect.any(String));

    const rest = expectOk(
      await api.post('runs/search', {
        experiment_ids: [experimentId],
        filter: "params.data_version = 'v1.0' and metrics.fairness_score >= 0.84 and attributes.status = 'FINISHED'",
        max_results: 10,
        order_by: ['metrics.accuracy DESC'],
        page_token: best.next_page_token,
      }),
    );
    expect(rest.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([runIds[1], runIds[4], runIds[0]]);
    expect(rest.next_page_token).toBeUndefined();

    // Without a filter, all five, most accurate first; tie-breaks are stable.
    const all = expectOk(await api.post('runs/search', { experiment_ids: [experimentId], order_by: ['metrics.accuracy DESC'] }));
    expect(all.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([runIds[3], runIds[2], runIds[1], runIds[4], runIds[0]]);
    // Filter by the dataset digest and by code version.
    const byDigest = expectOk(
      await api.post('runs/search', { experiment_ids: [experimentId], filter: `datasets.digest = '${DATA_DIGEST}' and tags.\`mlflow.source.git.commit\` = '${GIT_COMMIT}'` }),
    );
    expect(byDigest.runs).toHaveLength(5);
  });

  it('returns metric history in step order, paged', async () => {
    const full = expectOk(await api.get('metrics/get-history', { run_id: runIds[2], run_uuid: runIds[2], metric_key: 'accuracy' }));
    expect(full).toEqual({
      metrics: [
        { key: 'accuracy', value: 0.83, timestamp: baseTime, step: 0 },
        { key: 'accuracy', value: 0.9, timestamp: baseTime + 1, step: 1 },
        { key: 'accuracy', value: 0.93, timestamp: baseTime + 2, step: 2 },
      ],
    });
    const first = expectOk(await api.get('metrics/get-history', { run_id: runIds[2], metric_key: 'accuracy', max_results: 2 }));
    expect(first.metrics.map((m: { step: number }) => m.step)).toEqual([0, 1]);
    expect(first.next_page_token).toEqual(expect.any(String));
    const second = expectOk(
      await api.get('metrics/get-history', { run_id: runIds[2], metric_key: 'accuracy', max_results: 2, page_token: first.next_page_token }),
    );
    expect(second).toEqual({ metrics: [{ key: 'accuracy', value: 0.93, timestamp: baseTime + 2, step: 2 }] });
    // An unknown key has no history (an empty response, as MLflow answers).
    expect(expectOk(await api.get('metrics/get-history', { run_id: runIds[2], metric_key: 'nope' }))).toEqual({});
  });

  it('nests runs through mlflow.parentRunId', async () => {
    const { run: child } = expectOk(
      await api.post('runs/create', {
        experiment_id: experimentId,
        start_time: baseTime + 999_000,
        tags: [
          { key: 'mlflow.parentRunId', value: runIds[2] },
          { key: 'mlflow.runName', value: 'fold-1' },
        ],
      }),
    );
    expect(child.info.run_name).toBe('fold-1');
    expect(child.data.tags).toContainEqual({ key: 'mlflow.parentRunId', value: runIds[2] });
    const children = expectOk(
      await api.post('runs/search', { experiment_ids: [experimentId], filter: `tags.mlflow.parentRunId = '${runIds[2]}'` }),
    );
    expect(children.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([child.info.run_id]);
    // A parent that does not exist is refused.
    expectMlflowError(
      await api.post('runs/create', { experiment_id: experimentId, tags: [{ key: 'mlflow.parentRunId', value: 'f'.repeat(32) }] }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
  });

  it('deletes a run (hidden from search) and restores it', async () => {
    const target = runIds[4];
    const ids = async (body: Record<string, unknown>) =>
      (expectOk(await api.post('runs/search', { experiment_ids: [experimentId], ...body })).runs ?? []).map(
        (r: { info: { run_id: string } }) => r.info.run_id,
      );
    expect(expectOk(await api.post('runs/delete', { run_id: target }))).toEqual({});
    expect(await ids({})).not.toContain(target);
    expect(await ids({ run_view_type: 'DELETED_ONLY' })).toEqual([target]);
    expect(await ids({ run_view_type: 'ALL' })).toContain(target);
    const { run } = expectOk(await api.get('runs/get', { run_id: target }));
    expect(run.info.lifecycle_stage).toBe('deleted');

    expect(expectOk(await api.post('runs/restore', { run_id: target }))).toEqual({});
    expect(await ids({})).toContain(target);
    expect((expectOk(await api.get('runs/get', { run_id: target })).run.info.lifecycle_stage)).toBe('active');
  });

  it('searches experiments by name and tags, with pages', async () => {
    for (const name of ['ablation-a', 'ablation-b', 'ablation-c']) {
      expectOk(await api.post('experiments/create', { name, tags: [{ key: 'kind', value: 'ablation' }] }));
    }
    const page1 = expectOk(
      await api.post('experiments/search', { filter: "tags.kind = 'ablation' and name LIKE 'ablation-%'", order_by: ['name DESC'], max_results: 2 }),
    );
    expect(page1.experiments.map((e: { name: string }) => e.name)).toEqual(['ablation-c', 'ablation-b']);
    expect(page1.next_page_token).toEqual(expect.any(String));
    const page2 = expectOk(
      await api.get('experiments/search', {
        filter: "tags.kind = 'ablation' and name LIKE 'ablation-%'",
        order_by: ['name DESC'],
        max_results: 2,
        page_token: page1.next_page_token,
      }),
    );
    expect(page2.experiments.map((e: { name: string }) => e.name)).toEqual(['ablation-a']);
    expect(page2.next_page_token).toBeUndefined();
    const exact = expectOk(await api.post('experiments/search', { filter: "name = 'fairness-sweep'" }));
    expect(exact.experiments).toEqual([expect.objectContaining({ experiment_id: experimentId, name: 'fairness-sweep' })]);
  });

  it('serves the same API under /ajax-api', async () => {
    const ajax = mlflowApi(app, bearer(world().alpha.write), '/ajax-api/2.0/mlflow');
    const direct = expectOk(await api.get('runs/get', { run_id: runIds[0] }));
    expect(expectOk(await ajax.get('runs/get', { run_id: runIds[0] }))).toEqual(direct);
    const search = expectOk(await ajax.post('runs/search', { experiment_ids: [experimentId], max_results: 2 }));
    expect(search.runs).toHaveLength(2);
  });

  it('addresses the Default experiment as "0"', async () => {
    const { run } = expectOk(await api.post('runs/create', { experiment_id: '0', start_time: baseTime }));
    expect(run.info.experiment_id).toBe('0');
    const { experiment } = expectOk(await api.get('experiments/get', { experiment_id: '0' }));
    expect(experiment).toMatchObject({ experiment_id: '0', name: 'Default', lifecycle_stage: 'active' });
    expect(expectOk(await api.get('experiments/get-by-name', { experiment_name: 'Default' })).experiment.experiment_id).toBe('0');
    const search = expectOk(await api.post('runs/search', { experiment_ids: ['0'] }));
    expect(search.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([run.info.run_id]);
  });
});
