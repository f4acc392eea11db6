// Denials on every endpoint of the MLflow router's table: a read token may read but gets
// PERMISSION_DENIED (403) on every write; a token of another team gets
// RESOURCE_DOES_NOT_EXIST (404) for this team's runs and experiments on every endpoint that
// names one, and searches never return another team's rows. The table below must cover the
// router's table exactly, so a new endpoint cannot ship without its denial cases.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { db } from '../../lib/db/client.ts';
import { mlflowEndpoints } from '../../lib/http/mlflow/router.ts';
import { artifactApi, bearer, expectMlflowError, expectOk, mlflowApi, type MlflowApi, type QueryValue, type Reply } from './support.ts';
import { setupWorld } from './world.ts';
import { createShareLink } from '../../lib/sharing/create-share-link.ts';
import { principalFor } from '../helpers/fixtures.ts';

const app = setupTestApp();
const world = setupWorld();

type Ids = { experimentId: string; runId: string; experimentName: string; modelId: string; model: string };
type Case = {
  access: 'read' | 'write';
  /** Whether the request names one of the team's runs or experiments (by id or name). */
  namesResource: boolean;
  request(ids: Ids): Record<string, unknown>;
};

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

const model = (runId: string) =>
  JSON.stringify({ artifact_path: 'model', flavors: { sklearn: {} }, utc_time_created: '2024-01-01 00:00:00.000000', run_id: runId });

const cases: Record<string, Case> = {
  'POST experiments/create': { access: 'write', namesResource: false, request: () => ({ name: unique('created') }) },
  'GET experiments/get': { access: 'read', namesResource: true, request: (ids) => ({ experiment_id: ids.experimentId }) },
  'GET experiments/get-by-name': { access: 'read', namesResource: true, request: (ids) => ({ experiment_name: ids.experimentName }) },
  'GET experiments/search': { access: 'read', namesResource: false, request: () => ({ max_results: 100 }) },
  'POST experiments/search': { access: 'read', namesResource: false, request: () => ({ max_results: 100 }) },
  'POST experiments/update': { access: 'write', namesResource: true, request: (ids) => ({ experiment_id: ids.experimentId, new_name: unique('renamed') }) },
  'POST experiments/delete': { access: 'write', namesResource: true, request: (ids) => ({ experiment_id: ids.experimentId }) },
  'POST experiments/restore': { access: 'write', namesResource: true, request: (ids) => ({ experiment_id: ids.experimentId }) },
  'POST experiments/set-experiment-tag': { access: 'write', namesResource: true, request: (ids) => ({ experiment_id: ids.experimentId, key: 'k', value: 'changed' }) },
  'POST experiments/delete-experiment-tag': { access: 'write', namesResource: true, request: (ids) => ({ experiment_id: ids.experimentId, key: 'k' }) },
  'POST runs/create': { access: 'write', namesResource: true, request: (ids) => ({ experiment_id: ids.experimentId, start_time: 1 }) },
  'GET runs/get': { access: 'read', namesResource: true, request: (ids) => ({ run_id: ids.runId }) },
  'POST runs/update': { access: 'write', namesResource: true, request: (ids) => ({ run_id: ids.runId, status: 'KILLED', end_time: 2 }) },
  'POST runs/delete': { access: 'write', namesResource: true, request: (ids) => ({ run_id: ids.runId }) },
  'POST runs/restore': { access: 'write', namesResource: true, request: (ids) => ({ run_id: ids.runId }) },
  'POST runs/search': { access: 'read', namesResource: true, request: (ids) => ({ experiment_ids: [ids.experimentId] }) },
  'POST runs/log-metric': { access: 'write', namesResource: true, request: (ids) => ({ run_id: ids.runId, key: 'acc', value: 0.5, timestamp: 9, step: 9 }) },
  'POST runs/log-parameter': { access: 'write', namesResource: true, request: (ids) => ({ run_id: ids.runId, key: 'new_param', value: '1' }) },
  'POST runs/set-tag': { access: 'write', namesResource: true, request: (ids) => ({ run_id: ids.runId, key: 'tag', value: 'changed' }) },
  'POST runs/delete-tag': { access: 'write', namesResource: true, request: (ids) => ({ run_id: ids.runId, key: 'tag' }) },
  'POST runs/log-batch': {
    access: 'write',
    namesResource: true,
    request: (ids) => ({ run_id: ids.runId, metrics: [{ key: 'acc', value: 0.7, timestamp: 8, step: 8 }], params: [{ key: 'other', value: '2' }], tags: [{ key: 'tag', value: 'x' }] }),
  },
  'POST runs/log-inputs': {
    access: 'write',
    namesResource: true,
    request: (ids) => ({ run_id: ids.runId, datasets: [{ dataset: { name: 'd', digest: 'abc', source_type: 'local', source: '{}' }, tags: [] }] }),
  },
  'POST runs/log-model': { access: 'write', namesResource: true, request: (ids) => ({ run_id: ids.runId, model_json: model(ids.runId) }) },
  'GET metrics/get-history': { access: 'read', namesResource: true, request: (ids) => ({ run_id: ids.runId, metric_key: 'acc' }) },
  'GET artifacts/list': { access: 'read', namesResource: true, request: (ids) => ({ run_id: ids.runId }) },
  'POST logged-models': {
    access: 'write',
    namesResource: true,
    request: (ids) => ({ experiment_id: ids.experimentId, name: 'model', source_run_id: ids.runId }),
  },
  'GET logged-models/{model_id}': { access: 'read', namesResource: true, request: (ids) => ({ model_id: ids.modelId }) },
  'PATCH logged-models/{model_id}': { access: 'write', namesResource: true, request: (ids) => ({ model_id: ids.modelId, status: 'LOGGED_MODEL_READY' }) },
  'PATCH logged-models/{model_id}/tags': { access: 'write', namesResource: true, request: (ids) => ({ model_id: ids.modelId, tags: [{ key: 'k', value: 'v' }] }) },
  'POST runs/outputs': { access: 'write', namesResource: true, request: (ids) => ({ run_id: ids.runId, models: [{ model_id: ids.modelId, step: 0 }] }) },
  'DELETE logged-models/{model_id}': { access: 'write', namesResource: true, request: (ids) => ({ model_id: ids.modelId }) },
  'DELETE logged-models/{model_id}/tags/{tag_key}': { access: 'write', namesResource: true, request: (ids) => ({ model_id: ids.modelId, tag_key: 'k' }) },
  'POST logged-models/{model_id}/params': { access: 'write', namesResource: true, request: (ids) => ({ model_id: ids.modelId, params: [{ key: 'p', value: '1' }] }) },
  'POST logged-models/search': { access: 'read', namesResource: true, request: (ids) => ({ experiment_ids: [ids.experimentId], filter: "name = 'm'" }) },
  // The model registry names models by name in the caller's team: another team's model is
  // simply not there (RESOURCE_DOES_NOT_EXIST), exactly as a missing one.
  'POST registered-models/create': { access: 'write', namesResource: false, request: () => ({ name: unique('model') }) },
  'GET registered-models/get': { access: 'read', namesResource: true, request: (ids) => ({ name: ids.model }) },
  'POST registered-models/rename': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, new_name: unique('renamed') }) },
  'PATCH registered-models/update': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, description: 'changed' }) },
  'DELETE registered-models/delete': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model }) },
  'GET registered-models/search': { access: 'read', namesResource: false, request: () => ({ max_results: 100 }) },
  'POST registered-models/get-latest-versions': { access: 'read', namesResource: true, request: (ids) => ({ name: ids.model }) },
  'GET registered-models/get-latest-versions': { access: 'read', namesResource: true, request: (ids) => ({ name: ids.model }) },
  'POST registered-models/set-tag': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, key: 'k', value: 'changed' }) },
  'DELETE registered-models/delete-tag': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, key: 'k' }) },
  'POST registered-models/alias': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, alias: 'intruder', version: '1' }) },
  'DELETE registered-models/alias': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, alias: 'champion' }) },
  'GET registered-models/alias': { access: 'read', namesResource: true, request: (ids) => ({ name: ids.model, alias: 'champion' }) },
  'POST model-versions/create': {
    access: 'write',
    namesResource: true,
    request: (ids) => ({ name: ids.model, source: `runs:/${ids.runId}/model`, run_id: ids.runId }),
  },
  'GET model-versions/get': { access: 'read', namesResource: true, request: (ids) => ({ name: ids.model, version: '1' }) },
  'PATCH model-versions/update': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, version: '1', description: 'changed' }) },
  'POST model-versions/transition-stage': {
    access: 'write',
    namesResource: true,
    request: (ids) => ({ name: ids.model, version: '1', stage: 'Archived', archive_existing_versions: false }),
  },
  'DELETE model-versions/delete': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, version: '1' }) },
  'GET model-versions/search': { access: 'read', namesResource: false, request: (ids) => ({ filter: `name = '${ids.model}'` }) },
  'GET model-versions/get-download-uri': { access: 'read', namesResource: true, request: (ids) => ({ name: ids.model, version: '1' }) },
  'POST model-versions/set-tag': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, version: '1', key: 'k', value: 'changed' }) },
  'DELETE model-versions/delete-tag': { access: 'write', namesResource: true, request: (ids) => ({ name: ids.model, version: '1', key: 'k' }) },
};

/** Calls an endpoint of the table; `{name}` path segments are filled from the request. */
function call(api: MlflowApi, method: string, template: string, request: Record<string, unknown>): Promise<Reply> {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(request[name])));
  if (method === 'GET') return api.get(path, path === template ? (request as Record<string, QueryValue>) : {});
  if (method === 'POST') return api.post(path, request);
  return api.raw(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
}

let owner: MlflowApi;
let ids: Ids;

/** What the team's data looks like, to prove a denied call changed nothing. */
async function snapshot() {
  const [projects, runs, params, tags, points, inputs, models, projectTags, modelRecords, registry] = await Promise.all([
    db.project.findMany({ orderBy: { id: 'asc' }, select: { id: true, teamId: true, name: true, lifecycleStage: true } }),
    db.run.findMany({ orderBy: { id: 'asc' }, select: { id: true, status: true, endTime: true, lifecycleStage: true, name: true } }),
    db.param.count(),
    db.runTag.findMany({ orderBy: [{ runId: 'asc' }, { key: 'asc' }] }),
    db.metricPoint.count(),
    db.runInput.count(),
    db.loggedModel.count(),
    db.projectTag.findMany({ orderBy: [{ projectId: 'asc' }, { key: 'asc' }] }),
    db.loggedModel.findMany({ orderBy: { id: 'asc' }, select: { id: true, metadata: true, deletedAt: true } }),
    registrySnapshot(),
  ]);
  return { projects, runs, params, tags, points, inputs, models, projectTags, modelRecords, registry };
}

/** Every registry row a denied call could have changed. */
async function registrySnapshot() {
  return Promise.all([
    db.registeredModel.findMany({ orderBy: { id: 'asc' }, select: { id: true, teamId: true, name: true, description: true } }),
    db.registeredModelTag.findMany({ orderBy: [{ modelId: 'asc' }, { key: 'asc' }] }),
    db.modelVersion.findMany({ orderBy: { id: 'asc' }, select: { id: true, version: true, stage: true, description: true, deletedAt: true } }),
    db.modelVersionTag.findMany({ orderBy: [{ versionId: 'asc' }, { key: 'asc' }] }),
    db.modelAlias.findMany({ orderBy: [{ modelId: 'asc' }, { alias: 'asc' }], select: { modelId: true, alias: true, versionId: true } }),
    db.modelVersionTransition.count(),
  ]);
}

beforeAll(async () => {
  owner = mlflowApi(app, bearer(world().alpha.write));
  const experimentName = 'denials-target';
  const experimentId = expectOk(await owner.post('experiments/create', { name: experimentName, tags: [{ key: 'k', value: 'v' }] })).experiment_id;
  const runId = expectOk(await owner.post('runs/create', { experiment_id: experimentId, start_time: 1 })).run.info.run_id;
  expectOk(
    await owner.post('runs/log-batch', {
      run_id: runId,
      metrics: [{ key: 'acc', value: 0.9, timestamp: 1, step: 0 }],
      params: [{ key: 'lr', value: '0.1' }],
      tags: [{ key: 'tag', value: 'v' }],
    }),
  );
  const modelId = expectOk(
    await owner.post('logged-models', { experiment_id: experimentId, name: 'm', source_run_id: runId, tags: [{ key: 'k', value: 'v' }] }),
  ).model.info.model_id;
  // A registered model with version 1 (from a model file of the run), a tag and an alias.
  expectOk(await artifactApi(app, bearer(world().alpha.write)).put(`${experimentId}/${runId}/artifacts/model/MLmodel`, 'flavors: {}\n', 'text/plain'));
  const model = 'denials-model';
  expectOk(await owner.post('registered-models/create', { name: model, tags: [{ key: 'k', value: 'v' }] }));
  expectOk(await owner.post('model-versions/create', { name: model, source: `runs:/${runId}/model`, run_id: runId }));
  expectOk(await owner.post('model-versions/set-tag', { name: model, version: '1', key: 'k', value: 'v' }));
  expectOk(await owner.post('registered-models/alias', { name: model, alias: 'champion', version: '1' }));
  ids = { experimentId, runId, experimentName, modelId, model };
});

describe('the denial table', () => {
  it('covers every endpoint of the MLflow router, and nothing else', () => {
    const routed = mlflowEndpoints.map((e) => `${e.method} ${e.path}`).sort();
    expect(Object.keys(cases).sort()).toEqual(routed);
  });
});

describe('a read token', () => {
  const entries = Object.entries(cases);
  it.each(entries.filter(([, c]) => c.access === 'write'))('gets PERMISSION_DENIED on %s and changes nothing', async (endpoint, c) => {
    const [method, path] = endpoint.split(' ');
    const reader = mlflowApi(app, bearer(world().alpha.read));
    const before = await snapshot();
    expectMlflowError(await call(reader, method, path, c.request(ids)), 403, 'PERMISSION_DENIED');
    expect(await snapshot()).toEqual(before);
  });

  it.each(entries.filter(([, c]) => c.access === 'read'))('may call %s', async (endpoint, c) => {
    const [method, path] = endpoint.split(' ');
    const reader = mlflowApi(app, bearer(world().alpha.read));
    const reply = await call(reader, method, path, c.request(ids));
    expectOk(reply);
  });
});

describe("another team's token", () => {
  const entries = Object.entries(cases).filter(([, c]) => c.namesResource);
  it.each(entries)('gets RESOURCE_DOES_NOT_EXIST on %s for this team’s resources and changes nothing', async (endpoint, c) => {
    const [method, path] = endpoint.split(' ');
    const stranger = mlflowApi(app, bearer(world().beta.write));
    const before = await snapshot();
    const reply = await call(stranger, method, path, c.request(ids));
    expectMlflowError(reply, 404, 'RESOURCE_DOES_NOT_EXIST');
    expect(reply.body.message).not.toMatch(/permission|forbidden|team/i);
    expect(await snapshot()).toEqual(before);
  });

  it("answers exactly like a missing resource (no hint that it exists)", async () => {
    const stranger = mlflowApi(app, bearer(world().beta.write));
    const missing = 'e'.repeat(32);
    const theirs = await stranger.get('runs/get', { run_id: ids.runId });
    const absent = await stranger.get('runs/get', { run_id: missing });
    expect(theirs.body.message.replace(ids.runId, '<id>')).toBe(absent.body.message.replace(missing, '<id>'));
  });

  it("never sees this team's rows in searches and lists", async () => {
    const stranger = mlflowApi(app, bearer(world().beta.write));
    // Their own experiment and run, so the searches have something to return.
    const theirExperiment = expectOk(await stranger.post('experiments/create', { name: ids.experimentName })).experiment_id;
    const theirRun = expectOk(await stranger.post('runs/create', { experiment_id: theirExperiment, start_time: 1 })).run.info.run_id;

    const experiments = expectOk(await stranger.post('experiments/search', { max_results: 1000, view_type: 'ALL' })).experiments ?? [];
    expect(experiments.map((e: { experiment_id: string }) => e.experiment_id)).not.toContain(ids.experimentId);
    expect(experiments.map((e: { experiment_id: string }) => e.experiment_id)).toContain(theirExperiment);
    const byName = expectOk(await stranger.get('experiments/get-by-name', { experiment_name: ids.experimentName }));
    expect(byName.experiment.experiment_id).toBe(theirExperiment);

    const runs = expectOk(await stranger.post('runs/search', { experiment_ids: [theirExperiment, '0'], run_view_type: 'ALL' })).runs ?? [];
    expect(runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([theirRun]);
    // A search with no experiment ids searches nothing of anybody else's either.
    const none = expectOk(await stranger.post('runs/search', { filter: `attributes.run_id = '${ids.runId}'`, run_view_type: 'ALL' }));
    expect(none.runs ?? []).toEqual([]);

    // The registry: their own model of the same name, never this team's.
    expectOk(await stranger.post('registered-models/create', { name: ids.model }));
    const models = expectOk(await stranger.get('registered-models/search', { max_results: 1000 })).registered_models ?? [];
    expect(models.map((m: { name: string; latest_versions?: unknown[] }) => [m.name, m.latest_versions ?? []])).toEqual([[ids.model, []]]);
    expect(expectOk(await stranger.get('model-versions/search', { filter: `run_id = '${ids.runId}'` })).model_versions ?? []).toEqual([]);
    expect(expectOk(await stranger.get('model-versions/search', {})).model_versions ?? []).toEqual([]);
    // Nor can they register this team's run as a version of their model.
    expectMlflowError(
      await stranger.post('model-versions/create', { name: ids.model, source: `runs:/${ids.runId}/model` }),
      400,
      'INVALID_PARAMETER_VALUE',
      /No run/,
    );
  });
});

describe('a share link to another run of the same team', () => {
  // The link names one run, with everything allowed; every endpoint is still NOT_FOUND for
  // the rest of the team: its other runs, its experiments, its models, its searches.
  let share: MlflowApi;
  let sharedRunId: string;
  beforeAll(async () => {
    sharedRunId = expectOk(await owner.post('runs/create', { experiment_id: ids.experimentId, start_time: 2 })).run.info.run_id;
    const member = await db.membership.findFirstOrThrow({ where: { teamId: world().alpha.teamId, role: 'MEMBER' } });
    const link = await createShareLink(await principalFor(member.userId), {
      targetType: 'RUN',
      targetId: sharedRunId,
      includeComments: true,
      allowArtifacts: true,
      expiresInDays: null,
    });
    share = mlflowApi(app, { share: link.secret });
  });

  it.each(Object.entries(cases))('gets RESOURCE_DOES_NOT_EXIST on %s and changes nothing', async (endpoint, c) => {
    const [method, path] = endpoint.split(' ');
    const before = await snapshot();
    expectMlflowError(await call(share, method, path, c.request(ids)), 404, 'RESOURCE_DOES_NOT_EXIST');
    expect(await snapshot()).toEqual(before);
  });

  it('reads the run it names and writes nothing to it', async () => {
    expect(expectOk(await share.get('runs/get', { run_id: sharedRunId })).run.info.run_id).toBe(sharedRunId);
    expectOk(await share.get('metrics/get-history', { run_id: sharedRunId, metric_key: 'acc' }));
    expectOk(await share.get('artifacts/list', { run_id: sharedRunId }));
    expectMlflowError(await share.post('runs/set-tag', { run_id: sharedRunId, key: 'k', value: 'v' }), 403, 'PERMISSION_DENIED');
    expectMlflowError(await share.post('runs/update', { run_id: sharedRunId, status: 'KILLED' }), 403, 'PERMISSION_DENIED');
  });
});
