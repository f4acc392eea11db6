// Edges recorded from what MLflow clients already send, in the same transaction as the call
// (REST, as the Python client sends it), the cairn.* tag convention (declared, kept in step
// with the tag, refused with NOT_FOUND when a reference is not the team's: nothing written),
// and the backfill of rows logged before lineage existed.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { withTransaction } from '../../lib/db/sql.ts';
import { backfillLineage } from '../../lib/lineage/backfill-lineage.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createTokenFixture, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { expectMlflowError, expectOk, mlflowApi, bearer, artifactApi, type MlflowApi } from '../mlflow/support.ts';

const app = setupTestApp();
let world: TeamWorld;
let api: MlflowApi;
let experimentId: string;

beforeAll(async () => {
  world = await teamWorld();
  api = mlflowApi(app, bearer(world.tokens.write));
  experimentId = expectOk(await api.post('experiments/create', { name: 'edges' })).experiment_id;
});

const newRun = async (tags: { key: string; value: string }[] = []) => expectOk(await api.post('runs/create', { experiment_id: experimentId, start_time: 1, tags })).run.info.run_id as string;
const edgesOf = async (node: string) =>
  (await db.lineageEdge.findMany({ where: { teamId: world.team.id, OR: [{ fromNode: node }, { toNode: node }] }, orderBy: { id: 'asc' } })).map((e) => ({
    from: e.fromNode,
    to: e.toNode,
    kind: e.kind,
    origin: e.origin,
    by: e.createdById,
  }));
const ds = (name: string, digest: string, context = 'training') => ({ dataset: { name, digest, source_type: 's3', source: `{"uri": "s3://lake/${name}"}` }, tags: [{ key: 'mlflow.data.context', value: context }] });
const datasetId = async (name: string, digest: string) => (await db.dataset.findFirstOrThrow({ where: { teamId: world.team.id, name, digest } })).id;

describe('recorded from MLflow calls', () => {
  it('log-inputs: dataset -> run, by the caller, with the context', async () => {
    const runId = await newRun();
    expectOk(await api.post('runs/log-inputs', { run_id: runId, datasets: [ds('train', 'd1')] }));
    const id = await datasetId('train', 'd1');
    expect(await edgesOf(`run:${runId}`)).toEqual([{ from: `dataset:${id}`, to: `run:${runId}`, kind: 'INPUT', origin: 'MLFLOW', by: world.users.member.id }]);
    const edge = await db.lineageEdge.findFirstOrThrow({ where: { toNode: `run:${runId}` } });
    expect(edge.properties).toEqual({ context: 'training' });
    expect((await db.dataset.findUniqueOrThrow({ where: { id } })).location).toBe('s3://lake/train');
  });

  it('MLflow 3 model inputs: logged model -> run; a model of another team is NOT_FOUND and nothing is written', async () => {
    const producer = await newRun();
    const modelId = expectOk(await api.post('logged-models', { experiment_id: experimentId, name: 'm', source_run_id: producer })).model.info.model_id as string;
    expect(await edgesOf(`logged_model:${modelId}`)).toEqual([{ from: `run:${producer}`, to: `logged_model:${modelId}`, kind: 'PRODUCED', origin: 'MLFLOW', by: world.users.member.id }]);
    const consumer = await newRun();
    expectOk(await api.post('runs/log-inputs', { run_id: consumer, models: [{ model_id: modelId }] }));
    expect((await edgesOf(`run:${consumer}`)).map((e) => [e.from, e.kind])).toEqual([[`logged_model:${modelId}`, 'MODEL_INPUT']]);
    const run = expectOk(await api.get('runs/get', { run_id: consumer })).run;
    expect(run.inputs.model_inputs).toEqual([{ model_id: modelId }]);

    const stranger = mlflowApi(app, bearer((await createTokenFixture({ userId: world.otherOwner.id, teamId: world.otherTeam.id, scope: 'WRITE' })).token));
    const theirRun = expectOk(await stranger.post('runs/create', { experiment_id: '0', start_time: 1 })).run.info.run_id;
    const before = await db.lineageEdge.count();
    expectMlflowError(await stranger.post('runs/log-inputs', { run_id: theirRun, datasets: [ds('x', 'y')], models: [{ model_id: modelId }] }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expect(await db.lineageEdge.count()).toBe(before);
    expect(await db.dataset.count({ where: { teamId: world.otherTeam.id } })).toBe(0);
  });

  it('log-model and register: run -> logged model -> version; a nested run: parent -> child', async () => {
    const parent = await newRun();
    const runId = await newRun([{ key: 'mlflow.parentRunId', value: parent }]);
    expect(await edgesOf(`run:${parent}`)).toEqual([{ from: `run:${parent}`, to: `run:${runId}`, kind: 'PARENT', origin: 'MLFLOW', by: world.users.member.id }]);
    expectOk(await artifactApi(app, bearer(world.tokens.write)).put(`${experimentId}/${runId}/artifacts/model/MLmodel`, 'flavors: {}\n', 'text/plain'));
    expectOk(await api.post('runs/log-model', { run_id: runId, model_json: JSON.stringify({ artifact_path: 'model', flavors: { sklearn: {} }, utc_time_created: '2024-01-01 00:00:00.000000', run_id: runId }) }));
    const logged = await db.loggedModel.findFirstOrThrow({ where: { runId } });
    expectOk(await api.post('registered-models/create', { name: 'edges-model' }));
    expectOk(await api.post('model-versions/create', { name: 'edges-model', source: `runs:/${runId}/model`, run_id: runId }));
    const version = await db.modelVersion.findFirstOrThrow({ where: { runId } });
    expect((await edgesOf(`model_version:${version.id}`)).map((e) => [e.from, e.kind])).toEqual([[`logged_model:${logged.id}`, 'REGISTERED']]);
    expect((await edgesOf(`logged_model:${logged.id}`)).map((e) => [e.from, e.kind, e.to])).toEqual([
      [`run:${runId}`, 'PRODUCED', `logged_model:${logged.id}`],
      [`logged_model:${logged.id}`, 'REGISTERED', `model_version:${version.id}`],
    ]);
  });
});

describe('the cairn.* tag convention', () => {
  it('cairn.outputs turns a logged dataset into what the run wrote, and cairn.derived_from links it to its source, in either order', async () => {
    const runId = await newRun([{ key: 'cairn.derived_from', value: 'raw@r1' }]).catch((e) => e);
    // The source does not exist yet: the run is not created.
    expect(String(runId)).toMatch(/RESOURCE_DOES_NOT_EXIST|404/);
    const reader = await newRun();
    expectOk(await api.post('runs/log-inputs', { run_id: reader, datasets: [ds('raw', 'r1', 'source')] }));
    const prep = await newRun([{ key: 'cairn.derived_from', value: 'raw@r1' }]);
    expectOk(await api.post('runs/log-inputs', { run_id: prep, datasets: [ds('raw', 'r1', 'source'), ds('clean', 'c1', 'output')] }));
    const [raw, clean] = [await datasetId('raw', 'r1'), await datasetId('clean', 'c1')];
    // No output yet: both are inputs, and nothing is derived.
    expect((await edgesOf(`run:${prep}`)).map((e) => e.kind).sort()).toEqual(['INPUT', 'INPUT']);
    expectOk(await api.post('runs/set-tag', { run_id: prep, key: 'cairn.outputs', value: 'clean' }));
    expect((await edgesOf(`run:${prep}`)).map((e) => [e.from, e.kind, e.to])).toEqual(
      expect.arrayContaining([
        [`dataset:${raw}`, 'INPUT', `run:${prep}`],
        [`run:${prep}`, 'OUTPUT', `dataset:${clean}`],
      ]),
    );
    expect((await edgesOf(`dataset:${clean}`)).filter((e) => e.kind === 'DERIVED')).toEqual([{ from: `dataset:${raw}`, to: `dataset:${clean}`, kind: 'DERIVED', origin: 'TAG', by: world.users.member.id }]);
    // Deleting the tag takes back what it declared.
    expectOk(await api.post('runs/delete-tag', { run_id: prep, key: 'cairn.derived_from' }));
    expect((await edgesOf(`dataset:${clean}`)).filter((e) => e.kind === 'DERIVED')).toEqual([]);
    expectOk(await api.post('runs/delete-tag', { run_id: prep, key: 'cairn.outputs' }));
    expect((await edgesOf(`run:${prep}`)).map((e) => e.kind).sort()).toEqual(['INPUT', 'INPUT']);
  });

  it('cairn.model and cairn.fine_tuned_from: the versions a run used, and the versions it led to', async () => {
    const train = await newRun();
    expectOk(await artifactApi(app, bearer(world.tokens.write)).put(`${experimentId}/${train}/artifacts/model/MLmodel`, 'x', 'text/plain'));
    expectOk(await api.post('registered-models/create', { name: 'tags-model' }));
    expectOk(await api.post('model-versions/create', { name: 'tags-model', source: `runs:/${train}/model` }));
    expectOk(await api.post('registered-models/alias', { name: 'tags-model', alias: 'champion', version: '1' }));
    const base = await db.modelVersion.findFirstOrThrow({ where: { runId: train } });

    const tune = await newRun([{ key: 'cairn.fine_tuned_from', value: 'models:/tags-model@champion' }]);
    expectOk(await artifactApi(app, bearer(world.tokens.write)).put(`${experimentId}/${tune}/artifacts/model/MLmodel`, 'x', 'text/plain'));
    expectOk(await api.post('model-versions/create', { name: 'tags-model', source: `runs:/${tune}/model` }));
    const tuned = await db.modelVersion.findFirstOrThrow({ where: { runId: tune } });
    expect(await db.lineageEdge.count({ where: { fromNode: `model_version:${base.id}`, toNode: `model_version:${tuned.id}`, kind: 'FINE_TUNED', origin: 'TAG' } })).toBe(1);

    // The alias moves on; the inference run's edge stays with the version it named then.
    const infer = await newRun([{ key: 'cairn.model', value: 'tags-model@champion' }]);
    expectOk(await api.post('registered-models/alias', { name: 'tags-model', alias: 'champion', version: '2' }));
    expectOk(await api.post('runs/set-tag', { run_id: infer, key: 'mlflow.note.content', value: 'scored' }));
    expectOk(await api.post('runs/log-batch', { run_id: infer, tags: [{ key: 'cairn.model', value: 'tags-model@champion, tags-model/2' }] }));
    expect((await edgesOf(`run:${infer}`)).map((e) => e.from).sort()).toEqual([`model_version:${base.id}`, `model_version:${tuned.id}`].sort());
  });

  it("refuses a reference that is not the team's with NOT_FOUND, writing neither the tag nor an edge", async () => {
    const theirs = await db.registeredModel.create({ data: { teamId: world.otherTeam.id, name: 'their-model' } });
    const runId = await newRun();
    const before = { edges: await db.lineageEdge.count(), tags: await db.runTag.count({ where: { runId } }) };
    for (const value of ['their-model/1', 'models:/nope/3', 'models:/tags-model/99', 'dataset:nope']) {
      expectMlflowError(await api.post('runs/set-tag', { run_id: runId, key: 'cairn.model', value }), 404, 'RESOURCE_DOES_NOT_EXIST');
    }
    expectMlflowError(await api.post('runs/log-batch', { run_id: runId, params: [{ key: 'p', value: '1' }], tags: [{ key: 'cairn.fine_tuned_from', value: 'their-model@x' }] }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expect({ edges: await db.lineageEdge.count(), tags: await db.runTag.count({ where: { runId } }) }).toEqual(before);
    expect(await db.param.count({ where: { runId } })).toBe(0);
    void theirs;
  });
});

describe('the backfill', () => {
  it('records the lineage of rows logged before lineage existed, once', async () => {
    const runId = await newRun();
    expectOk(await api.post('runs/log-inputs', { run_id: runId, datasets: [ds('old', 'o1')] }));
    const nested = await newRun([{ key: 'mlflow.parentRunId', value: runId }]);
    // As if they had been logged before the migration: no edges, no location.
    await db.lineageEdge.deleteMany({ where: { OR: [{ toNode: `run:${runId}` }, { fromNode: `run:${runId}` }] } });
    await db.dataset.updateMany({ where: { teamId: world.team.id, name: 'old' }, data: { location: null } });
    await withTransaction((client) => backfillLineage(client));
    await withTransaction((client) => backfillLineage(client));
    expect((await edgesOf(`run:${runId}`)).map((e) => [e.kind, e.origin, e.by])).toEqual([
      ['INPUT', 'MLFLOW', world.users.member.id],
      ['PARENT', 'MLFLOW', world.users.member.id],
    ]);
    expect((await db.lineageEdge.findFirstOrThrow({ where: { toNode: `run:${nested}` } })).properties).toEqual({ backfilled: true });
    expect((await db.dataset.findFirstOrThrow({ where: { teamId: world.team.id, name: 'old' } })).location).toBe('s3://lake/old');
  });
});
