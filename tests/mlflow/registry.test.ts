// The MLflow Model Registry REST API over HTTP, endpoint by endpoint: the exact wire shape of
// RegisteredModel and ModelVersion, MLflow's semantics (version numbering, archive_existing,
// get-latest-versions, 'latest' alias, prompt-tag filter), its error codes for bad input (each
// writing nothing), source confinement (MLflow's CVE class: file:, local paths, `..`, other
// schemes, other teams' runs), protected stages over REST, the /ajax-api twin and the client
// address in the audit trail. The real MLflow clients run in tests/mlflow-client.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createTokenFixture, principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { setRegistryProtection } from '../../lib/registry/set-registry-protection.ts';
import { artifactApi, bearer, expectMlflowError, expectOk, hexId, millis, mlflowApi, type MlflowApi } from './support.ts';

const app = setupTestApp();

let world: TeamWorld;
let api: MlflowApi;
let experimentId: string;
let runId: string;
let otherRunId: string;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

/** A run with model files under `model/`, as log_model leaves it. */
async function runWithModel(client: MlflowApi, token: string, experiment: string): Promise<string> {
  const run = expectOk(await client.post('runs/create', { experiment_id: experiment, start_time: 1 })).run.info.run_id;
  const files = artifactApi(app, bearer(token));
  expectOk(await files.put(`${experiment}/${run}/artifacts/model/MLmodel`, 'flavors:\n  sklearn: {}\n', 'text/plain'));
  expectOk(await files.put(`${experiment}/${run}/artifacts/model/model.pkl`, new Uint8Array([1, 2, 3])));
  return run;
}

beforeAll(async () => {
  world = await teamWorld();
  api = mlflowApi(app, bearer(world.tokens.write));
  experimentId = expectOk(await api.post('experiments/create', { name: 'registry-rest' })).experiment_id;
  runId = await runWithModel(api, world.tokens.write, experimentId);
  otherRunId = await runWithModel(api, world.tokens.write, experimentId);
});

/** A new model with `versions` versions of the run's model. */
async function modelWithVersions(versions: number, name = unique('model')): Promise<string> {
  expectOk(await api.post('registered-models/create', { name }));
  for (let i = 0; i < versions; i++) expectOk(await api.post('model-versions/create', { name, source: `runs:/${i % 2 ? otherRunId : runId}/model`, run_id: i % 2 ? otherRunId : runId }));
  return name;
}

const transition = (name: string, version: string, stage: string, archive = false) =>
  api.post('model-versions/transition-stage', { name, version, stage, archive_existing_versions: archive });

describe('wire format', () => {
  it('answers RegisteredModel and ModelVersion as MLflow does', async () => {
    const created = expectOk(await api.post('registered-models/create', { name: 'wire', description: 'd', tags: [{ key: 'b', value: '2' }, { key: 'a', value: '1' }] }));
    expect(created).toEqual({
      registered_model: {
        name: 'wire',
        creation_timestamp: millis,
        last_updated_timestamp: millis,
        description: 'd',
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
      },
    });
    const { model_version: version } = expectOk(
      await api.post('model-versions/create', {
        name: 'wire',
        source: `mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`,
        run_id: runId,
        description: 'first',
        tags: [{ key: 't', value: 'v' }],
        run_link: 'http://elsewhere/run',
      }),
    );
    expect(version).toEqual({
      name: 'wire',
      version: '1',
      creation_timestamp: millis,
      last_updated_timestamp: millis,
      user_id: world.users.member.email,
      current_stage: 'None',
      description: 'first',
      source: `mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`,
      run_id: hexId,
      status: 'READY',
      tags: [{ key: 't', value: 'v' }],
      run_link: 'http://elsewhere/run',
    });
    expectOk(await api.post('registered-models/alias', { name: 'wire', alias: 'champion', version: '1' }));
    const { registered_model: model } = expectOk(await api.get('registered-models/get', { name: 'wire' }));
    expect(model.latest_versions).toEqual([{ ...version, aliases: ['champion'], last_updated_timestamp: millis }]);
    expect(model.aliases).toEqual([{ alias: 'champion', version: '1' }]);
    expect(expectOk(await api.get('model-versions/get-download-uri', { name: 'wire', version: '1' }))).toEqual({
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`,
    });
    // Empty lists are left out, as protobuf JSON does.
    expect(expectOk(await api.get('registered-models/get-latest-versions', { name: 'wire', stages: 'Production' }))).toEqual({});
  });

  it('serves the same API under /ajax-api/2.0/mlflow', async () => {
    const ajax = mlflowApi(app, bearer(world.tokens.write), '/ajax-api/2.0/mlflow');
    const name = await modelWithVersions(1);
    expect(expectOk(await ajax.get('model-versions/get', { name, version: '1' })).model_version.name).toBe(name);
  });
});

describe('versions', () => {
  it('numbers versions 1, 2, 3 and never reuses the number of a deleted one', async () => {
    const name = await modelWithVersions(2);
    expectOk(await api.raw('model-versions/delete', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, version: '2' }) }));
    const third = expectOk(await api.post('model-versions/create', { name, source: `runs:/${runId}/model` })).model_version;
    expect(third.version).toBe('3');
    expectMlflowError(await api.get('model-versions/get', { name, version: '2' }), 404, 'RESOURCE_DOES_NOT_EXIST', `Model Version (name=${name}, version=2) not found`);
    expect((expectOk(await api.get('model-versions/search', { filter: `name = '${name}'` })).model_versions ?? []).map((v: { version: string }) => v.version)).toEqual(['3', '1']);
  });

  it('keeps the run link from runs:/ sources and records the run id', async () => {
    const name = await modelWithVersions(0);
    const { model_version: version } = expectOk(await api.post('model-versions/create', { name, source: `runs:/${runId}/model` }));
    expect(version).toMatchObject({ source: `runs:/${runId}/model`, run_id: runId });
    expect(expectOk(await api.get('model-versions/get-download-uri', { name, version: '1' })).artifact_uri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`);
  });

  it("registers from another version of the team's registry (models:/<name>/<version>)", async () => {
    const from = await modelWithVersions(1);
    const name = await modelWithVersions(0);
    const { model_version: version } = expectOk(await api.post('model-versions/create', { name, source: `models:/${from}/1` }));
    expect(version).toMatchObject({ source: `models:/${from}/1`, run_id: runId });
    expect(expectOk(await api.get('model-versions/get-download-uri', { name, version: '1' })).artifact_uri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`);
  });
});

describe('source confinement', () => {
  let strangerRun: string;
  let strangerExperiment: string;

  beforeAll(async () => {
    const { token } = await createTokenFixture({ userId: world.otherOwner.id, teamId: world.otherTeam.id, scope: 'WRITE' });
    const stranger = mlflowApi(app, bearer(token));
    strangerExperiment = expectOk(await stranger.post('experiments/create', { name: 'theirs' })).experiment_id;
    strangerRun = await runWithModel(stranger, token, strangerExperiment);
  });

  const refused = () => [
    'file:///etc/passwd',
    'file:/etc',
    '/etc/passwd',
    '/var/lib/cairn/artifacts',
    'C:\\Windows',
    'model',
    './model',
    '../../etc',
    `runs:/${runId}/../../../etc`,
    `runs:/${runId}/model/%2e%2e/%2e%2e/x`,
    `runs:/${runId}/%252e%252e/x`,
    `runs:/${runId}/`,
    `runs:/${runId}/nothing-here`,
    `runs:/${'f'.repeat(32)}/model`,
    `mlflow-artifacts:/${experimentId}/${runId}/artifacts/../../../..`,
    `mlflow-artifacts:/${experimentId}/${runId}/artifacts/model%00`,
    `mlflow-artifacts:/${experimentId}/${runId}/notartifacts/model`,
    `mlflow-artifacts://evil.example/${experimentId}/${runId}/artifacts/model`,
    `mlflow-artifacts:/999/${runId}/artifacts/model`,
    's3://bucket/model',
    'gs://bucket/model',
    'http://169.254.169.254/latest/meta-data',
    'https://example.com/model.pkl',
    'hdfs://namenode/model',
    'ftp://example.com/model',
    'models:/m-00000000000000000000000000000000',
    'models:/no-such-model/1',
    'runs:/not-a-run/model',
    // Another team's run and location, in every form.
    `runs:/${strangerRun}/model`,
    `mlflow-artifacts:/${strangerExperiment}/${strangerRun}/artifacts/model`,
  ];

  it('refuses every source outside the team’s runs and logged models with INVALID_PARAMETER_VALUE and writes nothing', async () => {
    const name = await modelWithVersions(0);
    const before = await db.modelVersion.count();
    const audits = await db.auditEvent.count({ where: { action: 'registry.version.create' } });
    for (const source of refused()) {
      const reply = await api.post('model-versions/create', { name, source });
      expect({ source, status: reply.status, code: reply.body?.error_code }).toEqual({ source, status: 400, code: 'INVALID_PARAMETER_VALUE' });
      expect(reply.body.message).toMatch(/^Invalid model version source/);
    }
    expect(await db.modelVersion.count()).toBe(before);
    expect(await db.auditEvent.count({ where: { action: 'registry.version.create' } })).toBe(audits);
  });

  it("answers another team's run exactly like a missing one", async () => {
    const name = await modelWithVersions(0);
    const theirs = await api.post('model-versions/create', { name, source: `runs:/${strangerRun}/model` });
    const missing = await api.post('model-versions/create', { name, source: `runs:/${'f'.repeat(32)}/model` });
    expect(theirs.body.message.replaceAll(strangerRun, '<id>')).toBe(missing.body.message.replaceAll('f'.repeat(32), '<id>'));
  });

  it('refuses a source outside the run that run_id names', async () => {
    const name = await modelWithVersions(0);
    expectMlflowError(await api.post('model-versions/create', { name, source: `runs:/${runId}/model`, run_id: otherRunId }), 400, 'INVALID_PARAMETER_VALUE', /not inside run/);
  });
});

describe('stages and aliases', () => {
  it('archives the other versions of the stage with archive_existing_versions, and only for Staging and Production', async () => {
    const name = await modelWithVersions(3);
    expectOk(await transition(name, '1', 'Production'));
    expectOk(await transition(name, '2', 'production'));
    expect(expectOk(await transition(name, '3', 'PRODUCTION', true)).model_version.current_stage).toBe('Production');
    const stages = (expectOk(await api.get('model-versions/search', { filter: `name = '${name}'`, order_by: ['version_number ASC'] })).model_versions as { current_stage: string }[]).map(
      (v) => v.current_stage,
    );
    expect(stages).toEqual(['Archived', 'Archived', 'Production']);
    expectMlflowError(await transition(name, '1', 'None', true), 400, 'INVALID_PARAMETER_VALUE', /not an Active stage/);
    expectMlflowError(await transition(name, '1', 'Prod'), 400, 'INVALID_PARAMETER_VALUE', 'Invalid Model Version stage: Prod. Value must be one of None, Staging, Production, Archived.');
    const latest = expectOk(await api.post('registered-models/get-latest-versions', { name, stages: ['production', 'Archived'] })).model_versions;
    expect(latest.map((v: { version: string }) => v.version)).toEqual(['3', '2']);
  });

  it("moves aliases, answers 'latest', and refuses reserved and malformed alias names", async () => {
    const name = await modelWithVersions(2);
    expectOk(await api.post('registered-models/alias', { name, alias: 'champion', version: '1' }));
    expectOk(await api.post('registered-models/alias', { name, alias: 'champion', version: '2', comment: 'better on fairness' }));
    expect(expectOk(await api.get('registered-models/alias', { name, alias: 'champion' })).model_version.version).toBe('2');
    expect(expectOk(await api.get('registered-models/alias', { name, alias: 'LATEST' })).model_version.version).toBe('2');
    const history = await db.modelVersionTransition.findMany({ where: { model: { name }, alias: 'champion' }, orderBy: { createdAt: 'asc' } });
    expect(history.map((h) => h.comment)).toEqual([null, 'better on fairness']);
    for (const [alias, message] of [
      ['v3', "Version alias name 'v3' is reserved."],
      ['V12', "Version alias name 'V12' is reserved."],
      ['3', "Version alias name '3' is reserved."],
      ['latest', "'latest' alias name (case insensitive) is reserved."],
      ['with space', /Invalid alias name/],
      ['', 'Registered model alias name cannot be empty.'],
    ] as const) {
      expectMlflowError(await api.post('registered-models/alias', { name, alias, version: '1' }), 400, 'INVALID_PARAMETER_VALUE', message);
    }
    expectMlflowError(await api.get('registered-models/alias', { name, alias: 'nope' }), 400, 'INVALID_PARAMETER_VALUE', 'Registered model alias nope not found.');
    expect(await db.modelAlias.count({ where: { model: { name } } })).toBe(1);
    // Deleting a missing alias is not an error (MLflow); deleting the real one is recorded.
    const remove = (alias: string) => api.raw('registered-models/alias', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, alias }) });
    expectOk(await remove('nope'));
    expectOk(await remove('champion'));
    expect(await db.modelVersionTransition.count({ where: { model: { name }, kind: 'ALIAS_DELETED' } })).toBe(1);
  });

  it('refuses a member moving a protected stage or alias with PERMISSION_DENIED, and lets an admin’s token do it', async () => {
    const name = await modelWithVersions(1);
    const owner = await principalFor(world.users.owner.id);
    await setRegistryProtection(owner, { teamId: world.team.id, stage: 'Production', protected: true });
    await setRegistryProtection(owner, { teamId: world.team.id, alias: 'prod', protected: true });
    try {
      expectMlflowError(await transition(name, '1', 'Production'), 403, 'PERMISSION_DENIED', /Production is protected/);
      expectMlflowError(await api.post('registered-models/alias', { name, alias: 'prod', version: '1' }), 403, 'PERMISSION_DENIED', /@prod is protected/);
      expect(await db.modelVersion.count({ where: { model: { name }, stage: 'PRODUCTION' } })).toBe(0);
      const admin = mlflowApi(app, bearer((await createTokenFixture({ userId: world.users.admin.id, teamId: world.team.id, scope: 'WRITE' })).token));
      expectOk(await admin.post('model-versions/transition-stage', { name, version: '1', stage: 'Production' }));
      // Now version 1 is in Production: a member may not rename or delete the model either.
      expectMlflowError(await api.post('registered-models/rename', { name, new_name: `${name}-x` }), 403, 'PERMISSION_DENIED');
      expectMlflowError(
        await api.raw('registered-models/delete', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) }),
        403,
        'PERMISSION_DENIED',
      );
    } finally {
      await setRegistryProtection(owner, { teamId: world.team.id, stage: 'Production', protected: false });
      await setRegistryProtection(owner, { teamId: world.team.id, alias: 'prod', protected: false });
    }
  });
});

describe('searches', () => {
  it('filters registered models on name and tags, orders them and pages with tokens', async () => {
    const names = ['s-alpha', 's-beta', 's-gamma'];
    for (const name of names) expectOk(await api.post('registered-models/create', { name, tags: [{ key: 'kind', value: name === 's-beta' ? 'x' : 'y' }] }));
    const search = async (query: Record<string, string | number | string[]>) =>
      ((expectOk(await api.get('registered-models/search', query)).registered_models ?? []) as { name: string }[]).map((m) => m.name);
    expect(await search({ filter: "name LIKE 's-%'" })).toEqual(names);
    expect(await search({ filter: "name ILIKE 'S-%' AND tags.kind = 'y'", order_by: ['name DESC'] })).toEqual(['s-gamma', 's-alpha']);
    expect(await search({ filter: "tags.`mlflow.prompt.is_prompt` != 'true' AND name = 's-beta'" })).toEqual(['s-beta']);
    const first = expectOk(await api.get('registered-models/search', { filter: "name LIKE 's-%'", max_results: 2 }));
    expect(first.registered_models.map((m: { name: string }) => m.name)).toEqual(['s-alpha', 's-beta']);
    const second = expectOk(await api.get('registered-models/search', { filter: "name LIKE 's-%'", max_results: 2, page_token: first.next_page_token }));
    expect(second).toEqual({ registered_models: [expect.objectContaining({ name: 's-gamma' })] });
    expectMlflowError(await api.get('registered-models/search', { filter: "source = 'x'" }), 400, 'INVALID_PARAMETER_VALUE', /Invalid attribute name/);
    expectMlflowError(await api.get('registered-models/search', { order_by: ['source ASC'] }), 400, 'INVALID_PARAMETER_VALUE', /Invalid order by key/);
    expectMlflowError(await api.get('registered-models/search', { max_results: 1001 }), 400, 'INVALID_PARAMETER_VALUE', /at most 1000/);
    expectMlflowError(await api.get('registered-models/search', { page_token: 'bogus' }), 400, 'INVALID_PARAMETER_VALUE');
  });

  it('filters model versions on name, version_number, run_id (IN), source_path and tags', async () => {
    const name = await modelWithVersions(3);
    expectOk(await api.post('model-versions/set-tag', { name, version: '2', key: 'validated', value: 'yes' }));
    const search = async (filter: string, orderBy?: string[]) =>
      ((expectOk(await api.get('model-versions/search', { filter, ...(orderBy ? { order_by: orderBy } : {}) })).model_versions ?? []) as { version: string }[]).map((v) => v.version);
    expect(await search(`name = '${name}'`)).toEqual(['3', '2', '1']);
    expect(await search(`name = '${name}' AND version_number >= 2`, ['version_number ASC'])).toEqual(['2', '3']);
    expect(await search(`name = '${name}' AND run_id IN ('${otherRunId}')`)).toEqual(['2']);
    expect(await search(`name = '${name}' AND source_path LIKE 'runs:/${runId}%'`, ['version_number ASC'])).toEqual(['1', '3']);
    expect(await search(`name = '${name}' AND tags.validated = 'yes'`)).toEqual(['2']);
    expectMlflowError(await api.get('model-versions/search', { filter: "stage = 'Production'" }), 400, 'INVALID_PARAMETER_VALUE');
    expectMlflowError(await api.get('model-versions/search', { filter: "version_number = 'abc'" }), 400, 'INVALID_PARAMETER_VALUE');
    expectMlflowError(await api.get('model-versions/search', { filter: "name IN ('a')" }), 400, 'INVALID_PARAMETER_VALUE');
  });
});

describe('bad input', () => {
  it("answers MLflow's codes and messages, and writes nothing", async () => {
    const name = await modelWithVersions(1);
    const before = await Promise.all([db.registeredModel.count(), db.modelVersion.count(), db.modelAlias.count(), db.modelVersionTransition.count()]);
    expectMlflowError(await api.post('registered-models/create', { name }), 400, 'RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name}) already exists.`);
    expectMlflowError(await api.post('registered-models/create', {}), 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'name'. See the API docs for more information about request parameters.");
    expectMlflowError(await api.post('registered-models/create', { name: 'x'.repeat(257) }), 400, 'INVALID_PARAMETER_VALUE', /maximum length/);
    expectMlflowError(await api.post('registered-models/create', { name: 'ok', tags: [{ key: '../x', value: 'v' }] }), 400, 'INVALID_PARAMETER_VALUE');
    expectMlflowError(await api.get('registered-models/get', { name: 'nope' }), 404, 'RESOURCE_DOES_NOT_EXIST', 'Registered Model with name=nope not found');
    expectMlflowError(await api.get('model-versions/get', { name, version: 'abc' }), 400, 'INVALID_PARAMETER_VALUE', "Parameter 'version' must be an integer, got 'abc'.");
    expectMlflowError(await api.get('model-versions/get', { name, version: '7' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.get('model-versions/get', { name: 'nope', version: '1' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.post('registered-models/rename', { name, new_name: '' }), 400, 'INVALID_PARAMETER_VALUE');
    expectMlflowError(await api.post('registered-models/rename', { name, new_name: 'wire' }), 400, 'RESOURCE_ALREADY_EXISTS');
    expectMlflowError(await api.post('model-versions/create', { name }), 400, 'INVALID_PARAMETER_VALUE', /'source'/);
    expectMlflowError(await api.post('model-versions/create', { name: 'nope', source: `runs:/${runId}/model` }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.post('model-versions/transition-stage', { name, version: '1' }), 400, 'INVALID_PARAMETER_VALUE', /'stage'/);
    expectMlflowError(await api.post('model-versions/set-tag', { name, version: '1', key: 'x'.repeat(251), value: 'v' }), 400, 'INVALID_PARAMETER_VALUE');
    expectMlflowError(await api.post('model-versions/transition-stage', { name, version: '1', stage: 'Staging', archive_existing_versions: 'maybe' }), 400, 'INVALID_PARAMETER_VALUE');
    expect(await Promise.all([db.registeredModel.count(), db.modelVersion.count(), db.modelAlias.count(), db.modelVersionTransition.count()])).toEqual(before);
  });
});

describe('audit trail', () => {
  it("records moves with the caller's token and the client's address", async () => {
    const name = await modelWithVersions(1);
    const forged = '203.0.113.66';
    const reply = await api.raw('model-versions/transition-stage', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cairn-client-address': forged },
      body: JSON.stringify({ name, version: '1', stage: 'Staging' }),
    });
    expectOk(reply);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'registry.stage.move', metadata: { path: ['model'], equals: name } } });
    expect(event).toMatchObject({ actorId: world.users.member.id, teamId: world.team.id, targetType: 'ModelVersion' });
    expect(event.ip).toEqual(expect.any(String));
    // Over a real server the address is the TCP peer's, whatever the client claims.
    if (process.env.CAIRN_TEST_TARGET === 'server') expect(event.ip).not.toBe(forged);
  });
});
