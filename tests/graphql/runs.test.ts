// Runs through GraphQL: a page of 100 runs with params, tags and metrics costs the same
// number of SQL queries as a page of 5 (DataLoader batching), run fields from MLflow's
// system tags, compareRuns, run mutations, and another team's run as NOT_FOUND.
// Queries are counted on the shared pg pool, so these requests go to the handler in this
// process (a real cookie still goes through resolvePrincipal).
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestDatabase } from '../helpers/database.ts';
import { sessionCookieFor } from '../helpers/fixtures.ts';
import { countQueries } from '../helpers/count-queries.ts';
import { gqlInProcess } from './client.ts';

setupTestDatabase();

let cookie = '';
let strangerCookie = '';
let projectId = '';
const runIds = Array.from({ length: 100 }, (_, i) => i.toString(16).padStart(32, '0'));

const gql = (query: string, variables: Record<string, unknown> = {}, asCookie = cookie) => gqlInProcess(query, variables, asCookie);

beforeAll(async () => {
  const user = await db.user.create({ data: { email: 'runner@example.test', name: 'Runner' } });
  const stranger = await db.user.create({ data: { email: 'stranger@example.test', name: 'Stranger' } });
  const team = await db.team.create({ data: { slug: 'runs-a', name: 'Runs A' } });
  const otherTeam = await db.team.create({ data: { slug: 'runs-b', name: 'Runs B' } });
  await db.membership.createMany({
    data: [
      { teamId: team.id, userId: user.id, role: 'MEMBER' },
      { teamId: otherTeam.id, userId: stranger.id, role: 'OWNER' },
    ],
  });
  cookie = await sessionCookieFor(user.id);
  strangerCookie = await sessionCookieFor(stranger.id);
  const project = await db.project.create({ data: { teamId: team.id, name: 'sweep', artifactLocation: 'mlflow-artifacts:/sweep' } });
  projectId = String(project.id);
  await db.run.createMany({
    data: runIds.map((id, i) => ({
      id,
      projectId: project.id,
      teamId: team.id,
      name: `run-${i}`,
      status: 'FINISHED' as const,
      startTime: BigInt(1_700_000_000_000 + i),
      artifactUri: `mlflow-artifacts:/sweep/${id}`,
      authorId: user.id,
      parentRunId: i > 0 && i < 4 ? runIds[0] : null,
    })),
  });
  await db.param.createMany({ data: runIds.flatMap((runId, i) => [{ runId, key: 'lr', value: String(i % 3) }, { runId, key: 'batch', value: '32' }]) });
  await db.runTag.createMany({
    data: runIds.flatMap((runId) => [
      { runId, key: 'mlflow.source.git.commit', value: 'deadbeefcafe' },
      { runId, key: 'mlflow.user', value: 'alice' },
      { runId, key: 'mlflow.source.name', value: 'train.py' },
      { runId, key: 'mlflow.source.type', value: 'LOCAL' },
      { runId, key: 'owner', value: 'cv-team' },
    ]),
  });
  await db.latestMetric.createMany({
    data: runIds.flatMap((runId, i) => [
      { runId, key: 'acc', step: 9n, timestamp: 1000n, value: i / 100 },
      { runId, key: 'loss', step: 9n, timestamp: 1000n, value: i === 3 ? NaN : 1 / (i + 1) },
    ]),
  });
});

const PAGE = `query Page($id: ID!, $first: Int) {
  project(id: $id) {
    runs(first: $first) {
      edges { cursor node {
        id name status startTime user codeVersion entryPoint sourceType author { email }
        params { key value } tags(includeSystem: false) { key value } latestMetrics { key value step }
        datasets { context } artifacts { path } parent { id } children { id } commentCount
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const WINDOW = `query Window($id: ID!, $limit: Int, $offset: Int) {
  project(id: $id) {
    runWindow(limit: $limit, offset: $offset, orderBy: ["metrics.acc DESC"]) {
      totalCount offset
      runs { id name status startTime endTime user codeVersion gitBranch entryPoint params { key value } tags { key value } latestMetrics { key value step } datasets { context dataset { name digest } } }
    }
  }
}`;

describe('Project.runWindow and project activity', () => {
  it('costs a constant number of SQL queries: a window of 100 runs as many as a window of 5', async () => {
    await gql(WINDOW, { id: projectId, limit: 1 });
    const small = await countQueries(async () => expect((await gql(WINDOW, { id: projectId, limit: 5, offset: 50 })).code).toBe('OK'));
    let window: Awaited<ReturnType<typeof gql>> | undefined;
    const large = await countQueries(async () => {
      window = await gql(WINDOW, { id: projectId, limit: 100 });
    });
    expect(window!.data.project.runWindow.totalCount).toBe(100);
    expect(window!.data.project.runWindow.runs[0].id).toBe(runIds[99]);
    expect(large).toBe(small);
  });

  it("lists projects with run counts, last activity and contributors in a constant number of queries", async () => {
    const PROJECTS = `{ team(slug: "runs-a") { projects(first: 50) { edges { node { id runCount lastActivityAt contributors { email } createdBy { email } } } } } }`;
    const queries = await countQueries(async () => {
      const { data, code } = await gql(PROJECTS);
      expect(code).toBe('OK');
      expect(data.team.projects.edges[0].node).toMatchObject({ runCount: 100, contributors: [{ email: 'runner@example.test' }] });
      expect(Date.parse(data.team.projects.edges[0].node.lastActivityAt)).toBeGreaterThan(0);
    });
    expect(queries).toBeLessThanOrEqual(8);
    const searched = await gql(`{ team(slug: "runs-a") { projects(search: "SWE run-42") { edges { node { name } } } } }`);
    expect(searched.data.team.projects.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual(['sweep']);
    const none = await gql(`{ team(slug: "runs-a") { projects(search: "sweep nothing-like-this") { edges { node { name } } } } }`);
    expect(none.data.team.projects.edges).toEqual([]);
  });
});

describe('Project.runs', () => {
  it('costs a constant number of SQL queries: a page of 100 runs as many as a page of 5', async () => {
    await gql(PAGE, { id: projectId, first: 1 }); // warm-up: connections, prepared state
    const small = await countQueries(async () => expect((await gql(PAGE, { id: projectId, first: 5 })).code).toBe('OK'));
    let page: Awaited<ReturnType<typeof gql>> | undefined;
    const large = await countQueries(async () => {
      page = await gql(PAGE, { id: projectId, first: 100 });
    });
    expect(page!.code).toBe('OK');
    expect(page!.data.project.runs.edges).toHaveLength(100);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(20);
  });

  it('shows system tags as fields, NaN as a string, user tags apart from system tags', async () => {
    const { data } = await gql(PAGE, { id: projectId, first: 100 });
    const run3 = data.project.runs.edges.map((edge: { node: any }) => edge.node).find((node: any) => node.id === runIds[3]);
    expect(run3).toMatchObject({
      name: 'run-3',
      status: 'FINISHED',
      user: 'alice',
      codeVersion: 'deadbeefcafe',
      entryPoint: 'train.py',
      sourceType: 'LOCAL',
      author: { email: 'runner@example.test' },
      tags: [{ key: 'owner', value: 'cv-team' }],
      parent: { id: runIds[0] },
    });
    expect(run3.latestMetrics).toContainEqual({ key: 'loss', value: 'NaN', step: '9' });
    expect(run3.params).toEqual([{ key: 'batch', value: '32' }, { key: 'lr', value: '0' }]);
    const run0 = data.project.runs.edges.find((edge: { node: any }) => edge.node.id === runIds[0]).node;
    expect(run0.children.map((child: { id: string }) => child.id).sort()).toEqual(runIds.slice(1, 4));
  });

  it('pages with opaque cursors until the end', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const { data, code } = await gql('query($id: ID!, $after: String) { project(id: $id) { runs(first: 40, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }', { id: projectId, after });
      expect(code).toBe('OK');
      seen.push(...data.project.runs.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!data.project.runs.pageInfo.hasNextPage) break;
      after = data.project.runs.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(100);
  });
});

describe('Query.metricHistoryPage', () => {
  const HISTORY = `query($runId: ID!, $first: Int, $after: String) {
    metricHistoryPage(runId: $runId, key: "curve", first: $first, after: $after) {
      edges { cursor node { step value } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it("resumes right after any edge's cursor, not only pageInfo.endCursor", async () => {
    await db.metricPoint.createMany({
      data: Array.from({ length: 10 }, (_, step) => ({ runId: runIds[5], key: 'curve', step: BigInt(step), timestamp: BigInt(2000 + step), value: step / 10 })),
    });
    const first = await gql(HISTORY, { runId: runIds[5], first: 6 });
    expect(first.code).toBe('OK');
    const edges = first.data.metricHistoryPage.edges as { cursor: string; node: { step: string } }[];
    expect(edges.map((edge) => edge.node.step)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(first.data.metricHistoryPage.pageInfo).toEqual({ hasNextPage: true, endCursor: edges[5].cursor });

    const fromMiddle = await gql(HISTORY, { runId: runIds[5], first: 3, after: edges[2].cursor });
    expect(fromMiddle.code).toBe('OK');
    expect(fromMiddle.data.metricHistoryPage.edges.map((edge: { node: { step: string } }) => edge.node.step)).toEqual(['3', '4', '5']);
    expect(fromMiddle.data.metricHistoryPage.pageInfo.hasNextPage).toBe(true);

    const rest = await gql(HISTORY, { runId: runIds[5], after: edges[5].cursor });
    expect(rest.data.metricHistoryPage.edges.map((edge: { node: { step: string } }) => edge.node.step)).toEqual(['6', '7', '8', '9']);
    expect(rest.data.metricHistoryPage.pageInfo.hasNextPage).toBe(false);
  });
});

describe('compareRuns', () => {
  it('aligns params and latest metrics with the runs and names the params that differ', async () => {
    const { data, code } = await gql(
      `query($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { id } params { key values differs } metrics { key values } differingParamKeys } }`,
      { ids: runIds.slice(0, 3) },
    );
    expect(code).toBe('OK');
    expect(data.compareRuns.runs.map((run: { id: string }) => run.id)).toEqual(runIds.slice(0, 3));
    expect(data.compareRuns.params).toEqual([
      { key: 'batch', values: ['32', '32', '32'], differs: false },
      { key: 'lr', values: ['0', '1', '2'], differs: true },
    ]);
    expect(data.compareRuns.differingParamKeys).toEqual(['lr']);
    expect(data.compareRuns.metrics[0]).toEqual({ key: 'acc', values: [0, 0.01, 0.02] });
  });

  it('refuses more than 100 runs and treats another team as NOT_FOUND', async () => {
    const tooMany = await gql('query($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { id } } }', {
      ids: Array.from({ length: 101 }, (_, i) => (1000 + i).toString(16).padStart(32, '0')),
    });
    expect(tooMany.code).toBe('BAD_USER_INPUT');
    const stranger = await gql('query($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { id } } }', { ids: runIds.slice(0, 2) }, strangerCookie);
    expect(stranger.code).toBe('NOT_FOUND');
  });
});

describe('RunComparison.histories', () => {
  const COMPARE = `query($ids: [ID!]!, $keys: [String!]) {
    compareRuns(runIds: $ids) { runs { id } metrics { key } histories(keys: $keys, maxPoints: 200) { runId key downsampled columns } }
  }`;

  beforeAll(async () => {
    await db.metricPoint.createMany({
      data: runIds.flatMap((runId, i) => [0, 1, 2].map((step) => ({ runId, key: 'acc', step: BigInt(step), timestamp: BigInt(3000 + step), value: i + step / 10 }))),
    });
  });

  it("sends the charted series with the comparison: the metrics logged past step 0, or the keys asked for", async () => {
    const { data, code } = await gql(COMPARE, { ids: runIds.slice(0, 3) });
    expect(code).toBe('OK');
    const series = data.compareRuns.histories as { runId: string; key: string; columns: { steps: number[]; values: number[] } }[];
    expect(series.map((one) => [one.runId, one.key])).toEqual(runIds.slice(0, 3).flatMap((runId) => [[runId, 'acc'], [runId, 'loss']]));
    expect(series[2].columns).toEqual({ steps: [0, 1, 2], timestamps: [3000, 3001, 3002], values: [1, 1.1, 1.2] });

    const chosen = await gql(COMPARE, { ids: runIds.slice(0, 2), keys: ['acc'] });
    expect(chosen.data.compareRuns.histories.map((one: { key: string }) => one.key)).toEqual(['acc', 'acc']);
    const tooMany = await gql(COMPARE, { ids: runIds.slice(0, 2), keys: Array.from({ length: 21 }, (_, i) => `k${i}`) });
    expect(tooMany.code).toBe('BAD_USER_INPUT');
  });

  it('costs a constant number of SQL queries: 100 runs as many as 5', async () => {
    const small = await countQueries(async () => expect((await gql(COMPARE, { ids: runIds.slice(0, 5) })).code).toBe('OK'));
    const large = await countQueries(async () => {
      const { data } = await gql(COMPARE, { ids: runIds });
      expect(data.compareRuns.histories).toHaveLength(200);
    });
    expect(large).toBe(small);
  });

  it("is NOT_FOUND for another team's runs", async () => {
    expect((await gql(COMPARE, { ids: runIds.slice(0, 2) }, strangerCookie)).code).toBe('NOT_FOUND');
  });
});

describe('run mutations', () => {
  it('create, update, delete and restore a run', async () => {
    const created = await gql('mutation($input: CreateRunInput!) { createRun(input: $input) { id name status tags { key value } project { id } } }', {
      input: { projectId, name: 'fresh', tags: [{ key: 'stage', value: 'dev' }] },
    });
    expect(created.code).toBe('OK');
    const id = created.data.createRun.id as string;
    expect(created.data.createRun).toMatchObject({ name: 'fresh', status: 'RUNNING', project: { id: projectId } });
    expect(created.data.createRun.tags).toContainEqual({ key: 'stage', value: 'dev' });

    const updated = await gql('mutation($input: UpdateRunInput!) { updateRun(input: $input) { name status endTime } }', {
      input: { id, name: 'renamed', status: 'FINISHED', endTime: '1700000009999' },
    });
    expect(updated.data.updateRun).toEqual({ name: 'renamed', status: 'FINISHED', endTime: '1700000009999' });
    expect((await gql('mutation($id: ID!) { deleteRun(id: $id) { lifecycleStage } }', { id })).data.deleteRun.lifecycleStage).toBe('DELETED');
    expect((await gql('mutation($id: ID!) { restoreRun(id: $id) { lifecycleStage } }', { id })).data.restoreRun.lifecycleStage).toBe('ACTIVE');
  });

  it("answers NOT_FOUND for another team's run and project, never FORBIDDEN", async () => {
    expect((await gql('query($id: ID!) { run(id: $id) { id } }', { id: runIds[0] }, strangerCookie)).code).toBe('NOT_FOUND');
    expect((await gql('mutation($id: ID!) { deleteRun(id: $id) { id } }', { id: runIds[0] }, strangerCookie)).code).toBe('NOT_FOUND');
    expect((await gql('mutation($input: CreateRunInput!) { createRun(input: $input) { id } }', { input: { projectId } }, strangerCookie)).code).toBe('NOT_FOUND');
    expect(await db.run.count({ where: { lifecycleStage: 'DELETED' } })).toBe(0);
  });
});
