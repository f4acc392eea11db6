// The model registry through GraphQL: a page of 100 versions (with model, run, run facts,
// aliases, tags, history, protections) costs the same number of SQL queries as a page of 5;
// the whole workflow (register, move, alias, rollback, request, approve) as mutations, with
// the history naming who did what and why; versions carry their run's facts; the run says
// "registered as"; permissions per role; and another team's registry is NOT_FOUND.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestDatabase } from '../helpers/database.ts';
import { principalFor, sessionCookieFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { runWithModelFiles } from '../helpers/registry-fixtures.ts';
import { countQueries } from '../helpers/count-queries.ts';
import { gqlInProcess } from './client.ts';

setupTestDatabase();

let world: TeamWorld;
let modelId: string;
let runId: string;
const cookie = (role: 'owner' | 'admin' | 'member' | 'viewer') => world.cookies[role];

beforeAll(async () => {
  world = await teamWorld();
  ({ runId } = await runWithModelFiles(world.team.id));
  await db.param.create({ data: { runId, key: 'max_depth', value: '5' } });
  await db.latestMetric.create({ data: { runId, key: 'accuracy', step: 0n, timestamp: 1n, value: 0.875 } });
  await db.runTag.create({ data: { runId, key: 'mlflow.source.git.commit', value: 'c0ffee' } });
  const dataset = await db.dataset.create({ data: { teamId: world.team.id, name: 'train', digest: 'd1g35t', sourceType: 'code', source: '{}' } });
  await db.runInput.create({ data: { runId, datasetId: dataset.id, context: 'training' } });

  const created = await gqlInProcess('mutation($input: CreateRegisteredModelInput!) { createRegisteredModel(input: $input) { id } }', {
    input: { teamId: world.team.id, name: 'churn', description: 'who leaves', tags: [{ key: 'owner', value: 'growth' }] },
  }, cookie('member'));
  expect(created.code).toBe('OK');
  modelId = created.data.createRegisteredModel.id;
  // 100 versions, written directly (the use case is tested elsewhere), each with a tag, an
  // alias on some and history rows.
  const model = await db.registeredModel.findUniqueOrThrow({ where: { id: modelId } });
  const versions = await db.modelVersion.createManyAndReturn({
    data: Array.from({ length: 100 }, (_, i) => ({
      modelId: model.id,
      version: i + 1,
      source: `runs:/${runId}/model`,
      storageLocation: `mlflow-artifacts:/x/${runId}/artifacts/model`,
      runId,
      createdById: world.users.member.id,
      stage: i === 99 ? ('PRODUCTION' as const) : ('NONE' as const),
    })),
  });
  await db.modelVersionTag.createMany({ data: versions.map((v) => ({ versionId: v.id, key: 'n', value: String(v.version) })) });
  await db.modelAlias.createMany({ data: versions.slice(0, 10).map((v, i) => ({ modelId, alias: `a${String.fromCharCode(97 + i)}`, versionId: v.id })) });
  await db.modelVersionTransition.createMany({
    data: versions.map((v) => ({ modelId, versionId: v.id, kind: 'STAGE' as const, fromStage: 'NONE' as const, toStage: 'STAGING' as const, actorId: world.users.admin.id })),
  });
  await db.registryProtection.create({ data: { teamId: world.team.id, kind: 'ALIAS', name: 'aa' } });
});

const VERSIONS = `query($id: ID!, $first: Int) {
  registeredModel(id: $id) {
    name
    aliases { alias protected version { version } }
    versions(first: $first) {
      edges { node {
        id version stage downloadUri aliases tags { key value } createdBy { email }
        model { name }
        run { id name } project { id } params { key value } metrics { key value } codeVersion datasets { context dataset { digest } }
        history { kind toStage actor { email } request { id } }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

describe('DataLoaders', () => {
  it('answer a page of 100 versions with the same number of queries as a page of 5', async () => {
    await gqlInProcess(VERSIONS, { id: modelId, first: 1 }, cookie('viewer'));
    const small = await countQueries(async () => expect((await gqlInProcess(VERSIONS, { id: modelId, first: 5 }, cookie('viewer'))).code).toBe('OK'));
    let page: Awaited<ReturnType<typeof gqlInProcess>> | undefined;
    const large = await countQueries(async () => {
      page = await gqlInProcess(VERSIONS, { id: modelId, first: 100 }, cookie('viewer'));
    });
    expect(page!.code).toBe('OK');
    expect(page!.data.registeredModel.versions.edges).toHaveLength(100);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(50);
  });

  it('carry the run facts on each version: params, metrics, code version, datasets with digests', async () => {
    const { data } = await gqlInProcess(VERSIONS, { id: modelId, first: 1 }, cookie('viewer'));
    const node = data.registeredModel.versions.edges[0].node;
    expect(node).toMatchObject({
      version: 100,
      stage: 'PRODUCTION',
      run: { id: runId, name: 'trained' },
      params: [{ key: 'max_depth', value: '5' }],
      metrics: [{ key: 'accuracy', value: 0.875 }],
      codeVersion: 'c0ffee',
      datasets: [{ context: 'training', dataset: { digest: 'd1g35t' } }],
      createdBy: { email: world.users.member.email },
      history: [{ kind: 'STAGE', toStage: 'STAGING', actor: { email: world.users.admin.email }, request: null }],
    });
    expect(data.registeredModel.aliases.find((a: { alias: string }) => a.alias === 'aa')).toEqual({ alias: 'aa', protected: true, version: { version: 1 } });
    const run = await gqlInProcess('query($id: ID!) { run(id: $id) { modelVersions { version model { name } } } }', { id: runId }, cookie('viewer'));
    expect(run.data.run.modelVersions).toHaveLength(100);
    expect(run.data.run.modelVersions[0]).toEqual({ version: 1, model: { name: 'churn' } });
  });
});

describe('the registry workflow as mutations', () => {
  it('registers, moves with a reason, rolls back, and answers the history with who and why', async () => {
    const name = 'fraud';
    const model = await gqlInProcess('mutation($input: CreateRegisteredModelInput!) { createRegisteredModel(input: $input) { id name } }', { input: { teamId: world.team.id, name } }, cookie('member'));
    const id = model.data.createRegisteredModel.id;
    const register = async () =>
      (await gqlInProcess('mutation($input: CreateModelVersionInput!) { createModelVersion(input: $input) { id version run { id } } }', { input: { modelId: id, source: `runs:/${runId}/model` } }, cookie('member'))).data
        .createModelVersion;
    const v1 = await register();
    const v2 = await register();
    expect([v1.version, v2.version, v1.run.id]).toEqual([1, 2, runId]);
    const move = (versionId: string, comment: string) =>
      gqlInProcess('mutation($input: TransitionModelVersionStageInput!) { transitionModelVersionStage(input: $input) { version stage } }', {
        input: { versionId, stage: 'PRODUCTION', archiveExistingVersions: true, comment },
      }, cookie('member'));
    expect((await move(v1.id, 'first release')).data.transitionModelVersionStage).toEqual({ version: 1, stage: 'PRODUCTION' });
    expect((await move(v2.id, 'retrained on March data')).code).toBe('OK');
    const rollback = await gqlInProcess('mutation($input: RollbackModelInput!) { rollbackModel(input: $input) { version stage } }', { input: { modelId: id, stage: 'PRODUCTION', comment: 'March data was broken' } }, cookie('member'));
    expect(rollback.data.rollbackModel).toEqual({ version: 1, stage: 'PRODUCTION' });

    const history = await gqlInProcess(
      'query($id: ID!) { registeredModel(id: $id) { productionVersion { version } history(first: 10) { edges { node { versionNumber fromStage toStage previousVersionNumber rollback automatic comment actor { email } } } } } }',
      { id },
      cookie('viewer'),
    );
    expect(history.data.registeredModel.productionVersion).toEqual({ version: 1 });
    const entries = history.data.registeredModel.history.edges.map((e: { node: unknown }) => e.node);
    const actor = { email: world.users.member.email };
    expect(entries).toEqual([
      { versionNumber: 1, fromStage: 'ARCHIVED', toStage: 'PRODUCTION', previousVersionNumber: 2, rollback: true, automatic: false, comment: 'March data was broken', actor },
      { versionNumber: 2, fromStage: 'PRODUCTION', toStage: 'ARCHIVED', previousVersionNumber: null, rollback: false, automatic: true, comment: 'Archived: version 1 moved to Production', actor },
      { versionNumber: 2, fromStage: 'NONE', toStage: 'PRODUCTION', previousVersionNumber: 1, rollback: false, automatic: false, comment: 'retrained on March data', actor },
      { versionNumber: 1, fromStage: 'PRODUCTION', toStage: 'ARCHIVED', previousVersionNumber: null, rollback: false, automatic: true, comment: 'Archived: version 2 moved to Production', actor },
      { versionNumber: 1, fromStage: 'NONE', toStage: 'PRODUCTION', previousVersionNumber: null, rollback: false, automatic: false, comment: 'first release', actor },
    ]);
  });

  it('files a request for a protected alias, lists it awaiting admins, and approves it', async () => {
    const owner = await principalFor(world.users.owner.id);
    await db.registryProtection.create({ data: { teamId: world.team.id, kind: 'ALIAS', name: 'champion', createdById: owner.userId } });
    const model = await db.registeredModel.findFirstOrThrow({ where: { name: 'fraud' }, include: { versions: { orderBy: { version: 'asc' } } } });
    const direct = await gqlInProcess('mutation($input: SetModelAliasInput!) { setModelAlias(input: $input) { id } }', { input: { versionId: model.versions[1].id, alias: 'champion' } }, cookie('member'));
    expect(direct.code).toBe('FORBIDDEN');
    const filed = await gqlInProcess(
      'mutation($input: RequestModelTransitionInput!) { requestModelTransition(input: $input) { id status kind alias versionNumber requestedBy { email } } }',
      { input: { modelId: model.id, move: 'ALIAS_SET', versionId: model.versions[1].id, alias: 'champion', comment: 'v2 wins the A/B test' } },
      cookie('member'),
    );
    expect(filed.data.requestModelTransition).toMatchObject({ status: 'PENDING', kind: 'ALIAS_SET', alias: 'champion', versionNumber: 2, requestedBy: { email: world.users.member.email } });
    const requestId = filed.data.requestModelTransition.id;
    const awaiting = await gqlInProcess('{ transitionRequestsAwaitingMe { id comment model { name } } }', {}, cookie('admin'));
    expect(awaiting.data.transitionRequestsAwaitingMe).toContainEqual({ id: requestId, comment: 'v2 wins the A/B test', model: { name: 'fraud' } });
    expect((await gqlInProcess('{ transitionRequestsAwaitingMe { id } }', {}, cookie('member'))).data.transitionRequestsAwaitingMe).toEqual([]);

    const approved = await gqlInProcess('mutation($input: DecideTransitionRequestInput!) { approveTransitionRequest(input: $input) { status decidedBy { email } decisionComment } }', { input: { id: requestId, comment: 'agreed' } }, cookie('admin'));
    expect(approved.data.approveTransitionRequest).toEqual({ status: 'APPROVED', decidedBy: { email: world.users.admin.email }, decisionComment: 'agreed' });
    const after = await gqlInProcess(
      'query($id: ID!) { registeredModel(id: $id) { aliases { alias protected version { version } } history(first: 1) { edges { node { kind alias actor { email } request { id comment } } } } } }',
      { id: model.id },
      cookie('viewer'),
    );
    expect(after.data.registeredModel.aliases).toEqual([{ alias: 'champion', protected: true, version: { version: 2 } }]);
    expect(after.data.registeredModel.history.edges[0].node).toEqual({
      kind: 'ALIAS_SET',
      alias: 'champion',
      actor: { email: world.users.admin.email },
      request: { id: requestId, comment: 'v2 wins the A/B test' },
    });
  });

  it('tells each role what it may do', async () => {
    const query = 'query($id: ID!) { registeredModel(id: $id) { viewerPermissions { canEdit canMoveProtected canDecide } } }';
    const permissions = async (role: 'owner' | 'admin' | 'member' | 'viewer') => (await gqlInProcess(query, { id: modelId }, cookie(role))).data.registeredModel.viewerPermissions;
    expect(await permissions('viewer')).toEqual({ canEdit: false, canMoveProtected: false, canDecide: false });
    expect(await permissions('member')).toEqual({ canEdit: true, canMoveProtected: false, canDecide: false });
    expect(await permissions('admin')).toEqual({ canEdit: true, canMoveProtected: true, canDecide: true });
  });

  it("finds models by team with MLflow's filter, and never another team's", async () => {
    const list = await gqlInProcess(
      'query($slug: String!) { team(slug: $slug) { registeredModels(filter: "name LIKE \'%r%\'", orderBy: ["name DESC"]) { edges { node { name latestVersions { version stage } } } } registeredModel(name: "churn") { id } } }',
      { slug: world.team.slug },
      cookie('viewer'),
    );
    expect(list.data.team.registeredModels.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['fraud', 'churn']);
    expect(list.data.team.registeredModel).toEqual({ id: modelId });
    const stranger = await sessionCookieFor(world.otherOwner);
    expect((await gqlInProcess('query($id: ID!) { registeredModel(id: $id) { id } }', { id: modelId }, stranger)).code).toBe('NOT_FOUND');
  });
});

describe('bad input over GraphQL', () => {
  it('answers stable codes for a taken name, a bad alias, a bad or foreign source and an unknown version, writing nothing', async () => {
    const before = await Promise.all([db.registeredModel.count(), db.modelVersion.count(), db.modelAlias.count()]);
    const create = await gqlInProcess('mutation($input: CreateRegisteredModelInput!) { createRegisteredModel(input: $input) { id } }', { input: { teamId: world.team.id, name: 'churn' } }, cookie('member'));
    expect(create.errors?.[0]).toMatchObject({ message: 'Registered Model (name=churn) already exists.', extensions: { code: 'BAD_USER_INPUT', reason: 'ALREADY_EXISTS' } });
    const versionId = (await db.modelVersion.findFirstOrThrow({ where: { modelId, version: 1 } })).id;
    for (const alias of ['v3', '3', 'latest', 'bad alias']) {
      const reply = await gqlInProcess('mutation($input: SetModelAliasInput!) { setModelAlias(input: $input) { id } }', { input: { versionId, alias } }, cookie('member'));
      expect({ alias, code: reply.code }).toEqual({ alias, code: 'BAD_USER_INPUT' });
    }
    const { runId: theirRun } = await runWithModelFiles(world.otherTeam.id);
    for (const source of ['file:///etc/passwd', '/etc', `runs:/${runId}/../../x`, 's3://bucket/m', `runs:/${theirRun}/model`]) {
      const reply = await gqlInProcess('mutation($input: CreateModelVersionInput!) { createModelVersion(input: $input) { id } }', { input: { modelId, source } }, cookie('member'));
      expect({ source, code: reply.code }).toEqual({ source, code: 'BAD_USER_INPUT' });
    }
    const stage = await gqlInProcess('mutation($input: TransitionModelVersionStageInput!) { transitionModelVersionStage(input: $input) { id } }', { input: { versionId: 'nope', stage: 'STAGING' } }, cookie('member'));
    expect(stage.code).toBe('NOT_FOUND');
    const rollback = await gqlInProcess('mutation($input: RollbackModelInput!) { rollbackModel(input: $input) { id } }', { input: { modelId, stage: 'NONE' } }, cookie('member'));
    expect(rollback.code).toBe('BAD_USER_INPUT');
    expect(await Promise.all([db.registeredModel.count(), db.modelVersion.count(), db.modelAlias.count()])).toEqual(before);
  });
});
