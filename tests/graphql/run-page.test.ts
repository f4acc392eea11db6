// The run page's one GraphQL query (components/runs/run-details-query.ts) in a fixed, small
// number of SQL round trips: its run, project, author, artifacts, children, registered
// versions, lineage edges and reproducibility come in one statement (Query.run loads what the
// query selects, lib/tracking/runs/get-run-page.ts), and what that statement cannot carry
// (nested and parent runs, versions, output datasets) in one batched statement per kind, all
// at once. It used to cost 9 statements for a run with nothing around it. The
// answer is the one the fields give on their own (the same selection through Project.runs,
// which takes each field's loader), and the authorization is unchanged: another team's run
// is NOT_FOUND, a share link sees the run and nothing around it.
import { beforeAll, describe, expect, it } from 'vitest';
import { RUN_DETAILS_QUERY } from '../../components/runs/run-details-query.ts';
import { declareInference } from '../../lib/lineage/declare-inference.ts';
import { createModelVersion } from '../../lib/registry/create-model-version.ts';
import { createRegisteredModel } from '../../lib/registry/create-registered-model.ts';
import { createShareLink } from '../../lib/sharing/create-share-link.ts';
import { uploadArtifact } from '../../lib/tracking/artifacts/upload-artifact.ts';
import { logInputs } from '../../lib/tracking/datasets/log-inputs.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { logBatch } from '../../lib/tracking/run-data/log-batch.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { countQueriesWithResult } from '../helpers/count-queries.ts';
import { setupTestDatabase } from '../helpers/database.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { gqlInProcess } from './client.ts';

setupTestDatabase();

let world: TeamWorld;
let projectId = '';
let bareId = '';
let richId = '';
let childIds: string[] = [];
let shareSecret = '';

const PAGE = { shared: false, artifacts: true };

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  const project = await createProject(member, { teamId: world.team.id, name: 'run-page' });
  projectId = String(project.id);
  bareId = (await createRun(member, { projectId, runName: 'bare' })).id;
  richId = (await createRun(member, { projectId, runName: 'rich', tags: [{ key: 'mlflow.source.git.commit', value: 'abc123def456' }] })).id;
  await logBatch(member, {
    runId: richId,
    params: [{ key: 'seed', value: '42' }, { key: 'lr', value: '0.1' }],
    tags: [{ key: 'team', value: 'vision' }],
    metrics: [{ key: 'acc', value: 0.9, step: 3, timestamp: Date.now() }],
  });
  await logInputs(member, { runId: richId, datasets: [{ dataset: { name: 'train', digest: 'd1', source_type: 's3', source: 's3://lake/train' }, tags: [] }] });
  for (const path of ['requirements.txt', 'model/MLmodel', 'plots/loss.png']) {
    await uploadArtifact(member, { runId: richId, path, body: new Response(path).body });
  }
  childIds = [];
  for (const name of ['child-a', 'child-b']) {
    childIds.push((await createRun(member, { projectId, runName: name, tags: [{ key: 'mlflow.parentRunId', value: richId }] })).id);
  }
  await createRegisteredModel(member, { teamId: world.team.id, name: 'page-model' });
  await createModelVersion(member, { teamId: world.team.id, name: 'page-model' }, { source: `runs:/${richId}/model` });
  // A version the rich run used (an inference), and the predictions it wrote.
  const upstream = await createRun(member, { projectId, runName: 'upstream' });
  await uploadArtifact(member, { runId: upstream.id, path: 'model/MLmodel', body: new Response('m').body });
  const used = await createModelVersion(member, { teamId: world.team.id, name: 'page-model' }, { source: `runs:/${upstream.id}/model` });
  await declareInference(member, {
    runId: richId,
    modelVersionIds: [used.id],
    predictions: [{ name: 'scores', digest: 'p1', source: 's3://lake/scores' }],
  });
  shareSecret = (await createShareLink(member, { targetType: 'RUN', targetId: childIds[0] })).secret;
});

const page = (id: string, cookie = world.cookies.member, variables = PAGE) => gqlInProcess(RUN_DETAILS_QUERY, { id, ...variables }, cookie);

/** The run page's selection, asked through Project.runs: each field through its own loader. */
const selection = RUN_DETAILS_QUERY.slice(RUN_DETAILS_QUERY.indexOf('run(id: $id) {') + 'run(id: $id) {'.length, RUN_DETAILS_QUERY.lastIndexOf('}', RUN_DETAILS_QUERY.lastIndexOf('}') - 1));
const THROUGH_PROJECT = `query($projectId: ID!, $shared: Boolean!, $artifacts: Boolean!) {
  project(id: $projectId) { runs(first: 100) { edges { node { ${selection} } } } }
}`;

/** SQL statements `send` costs beyond what any request costs (resolving the caller: uncached in this process). */
async function statementsOf(send: () => Promise<{ code: string; data?: any }>) {
  const fixed = await countQueriesWithResult(() => gqlInProcess('{ __typename }', {}, world.cookies.member));
  const { result, queries } = await countQueriesWithResult(send);
  return { result, statements: queries - fixed.queries };
}

describe('the run page query', () => {
  it('costs one SQL statement for a run with nothing around it', async () => {
    await page(bareId); // warm-up: connections
    const { result, statements } = await statementsOf(() => page(bareId));
    expect(result.code).toBe('OK');
    expect(result.data.run).toMatchObject({ id: bareId, name: 'bare', children: [], parent: null, modelVersions: [], outputs: [], usedModelVersions: [] });
    expect(statements).toBe(1);
  });

  it('costs a fixed few for a run with children, versions, used versions and outputs', async () => {
    await page(richId);
    const { result, statements } = await statementsOf(() => page(richId));
    expect(result.code).toBe('OK');
    const run = result.data.run;
    expect(run).toMatchObject({
      name: 'rich',
      project: { id: projectId, name: 'run-page' },
      author: { email: world.users.member.email },
      params: [{ key: 'lr', value: '0.1' }, { key: 'seed', value: '42' }],
      codeVersion: 'abc123def456',
      children: [{ id: childIds[0], name: 'child-a' }, { id: childIds[1], name: 'child-b' }],
      modelVersions: [{ version: 1, model: { name: 'page-model' } }],
      usedModelVersions: [{ version: 2, model: { name: 'page-model' } }],
      outputs: [{ name: 'scores', digest: 'p1' }],
    });
    expect(run.artifacts.map((a: { path: string }) => a.path)).toEqual(['model/MLmodel', 'plots/loss.png', 'requirements.txt']);
    expect(run.reproducibility.items.find((i: { key: string }) => i.key === 'ENVIRONMENT')).toMatchObject({ status: 'PRESENT', detail: 'requirements.txt' });
    expect(run.reproducibility.items.find((i: { key: string }) => i.key === 'SEED')).toMatchObject({ status: 'PRESENT' });
    // The page's statement; then, at once, the nested runs, both kinds of versions and the
    // output datasets (one each); then the versions' model (registry-view's loadModelViews: 3).
    expect(statements).toBe(7);

    const child = await statementsOf(() => page(childIds[0]));
    expect(child.result.data.run.parent).toEqual({ id: richId, name: 'rich', status: 'RUNNING' });
    expect(child.result.data.run.reproducibility.items.find((i: { key: string }) => i.key === 'PARENT_RUN')).toMatchObject({ status: 'PRESENT' });
    expect(child.statements).toBe(2); // the page's, then its parent's
  });

  it('answers what each field answers through its own loader', async () => {
    const through = await gqlInProcess(THROUGH_PROJECT, { projectId, ...PAGE }, world.cookies.member);
    expect(through.code).toBe('OK');
    const nodes = through.data.project.runs.edges.map((edge: { node: { id: string } }) => edge.node);
    for (const id of [bareId, richId, childIds[0]]) {
      expect((await page(id)).data.run).toEqual(nodes.find((node: { id: string }) => node.id === id));
    }
  });

  it("is NOT_FOUND for another team's member, and shows a share link the run and nothing around it", async () => {
    const stranger = await page(richId, world.otherOwnerCookie);
    expect(stranger.code).toBe('NOT_FOUND');
    expect(stranger.data).toBeNull();

    const shared = await sharedPage(childIds[0], { shared: true, artifacts: false });
    expect(shared.code).toBe('OK');
    expect(shared.data.run).toMatchObject({ id: childIds[0], parent: null, children: [] });
    // The fields the page skips for a link stay closed when asked for.
    const asked = await sharedPage(childIds[0], PAGE);
    expect(asked.code).toBe('NOT_FOUND');
    expect(asked.data).toBeNull();
    expect((await sharedPage(richId, { shared: true, artifacts: false })).code).toBe('NOT_FOUND');
  });
});

async function sharedPage(id: string, variables: typeof PAGE) {
  const { handleGraphQLRequest } = await import('../../graphql/server.ts');
  const response = await handleGraphQLRequest(
    new Request('http://localhost:3000/api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cairn-share': shareSecret },
      body: JSON.stringify({ query: RUN_DETAILS_QUERY, variables: { id, ...variables } }),
    }),
  );
  const body = (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  return { ...body, code: body.errors?.[0]?.extensions?.code ?? 'OK' };
}
