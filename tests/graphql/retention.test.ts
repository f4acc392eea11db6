// Retention policies through GraphQL: set one, read it on a list of projects at a constant
// cost in SQL queries, preview a draft (a dry run) and get field-named errors for bad ones.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { countQueries } from '../helpers/count-queries.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { runWithArtifacts } from '../helpers/runs.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { setRetentionPolicy } from '../../lib/retention/set-retention-policy.ts';
import { gql } from './client.ts';

const app = setupTestApp();
const inProcess = process.env.CAIRN_TEST_TARGET !== 'server';

let world: TeamWorld;
let projectId: string;

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  projectId = String((await createProject(member, { teamId: world.team.id, name: 'sweep' })).id);
  for (const [name, loss] of [['a', 0.1], ['b', 0.5], ['c', Number.NaN]] as const) {
    await runWithArtifacts(member, projectId, { name, files: { 'w.bin': 'x'.repeat(10) }, metrics: { loss }, endedDaysAgo: 3 });
  }
});

const SET = 'mutation($id: ID!, $policy: RetentionPolicyInput) { setRetentionPolicy(projectId: $id, policy: $policy) { id retentionPolicy { keepTopN metricKey metricGoal purgeAfterDays enabled updatedBy { email } } } }';

describe('retention through GraphQL', () => {
  it('sets, reads and removes a policy', async () => {
    const admin = { cookie: world.cookies.admin };
    const set = await gql(app, SET, { id: projectId, policy: { keepTopN: 1, metricKey: 'loss', metricGoal: 'MIN', purgeAfterDays: 1 } }, admin);
    expect(set).toMatchObject({ code: 'OK', data: { setRetentionPolicy: { id: projectId, retentionPolicy: { keepTopN: 1, metricKey: 'loss', metricGoal: 'MIN', purgeAfterDays: 1, enabled: true, updatedBy: { email: world.users.admin.email } } } } });
    const read = await gql(app, 'query($id: ID!) { project(id: $id) { retentionPolicy { keepTopN } } }', { id: projectId }, { cookie: world.cookies.viewer });
    expect(read.data).toEqual({ project: { retentionPolicy: { keepTopN: 1 } } });
    const removed = await gql(app, SET, { id: projectId, policy: null }, admin);
    expect(removed.data).toMatchObject({ setRetentionPolicy: { retentionPolicy: null } });
  });

  it('previews a draft: what would go, with metrics (NaN included) and bytes', async () => {
    const preview = await gql<{ retentionPreview: Record<string, any> }>(
      app,
      'query($id: ID!, $policy: RetentionPolicyInput) { retentionPreview(projectId: $id, policy: $policy) { purge { name metric rank bytes files purgeAt } kept { name reason rank } later { name } bytesToFree filesToFree } }',
      { id: projectId, policy: { keepTopN: 1, metricKey: 'loss', metricGoal: 'MIN', purgeAfterDays: 1 } },
      { token: world.tokens.read },
    );
    expect(preview.code).toBe('OK');
    expect(preview.data!.retentionPreview).toMatchObject({
      purge: [
        { name: 'b', metric: 0.5, rank: 2, bytes: '10', files: 1 },
        { name: 'c', metric: 'NaN', rank: null, bytes: '10', files: 1 },
      ],
      kept: [{ name: 'a', reason: 'TOP_N', rank: 1 }],
      later: [],
      bytesToFree: '20',
      filesToFree: 2,
    });
  });

  it('names the field of a bad policy', async () => {
    const bad = await gql(app, SET, { id: projectId, policy: { keepTopN: 5, purgeAfterDays: 1 } }, { cookie: world.cookies.admin });
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', data: null });
    expect(bad.errors?.[0].extensions?.details).toMatchObject({ field: 'metricKey' });
  });

  it.skipIf(!inProcess)('reads policies of a page of projects in a constant number of queries', async () => {
    const admin = await principalFor(world.users.admin.id);
    const member = await principalFor(world.users.member.id);
    for (let i = 0; i < 30; i++) {
      const project = await createProject(member, { teamId: world.team.id, name: `p-${i}` });
      if (i % 2 === 0) await setRetentionPolicy(admin, { projectId: project.id, policy: { keepTopN: 0, purgeAfterDays: i } });
    }
    const page = (first: number) => gql(app, 'query($slug: String!, $first: Int) { team(slug: $slug) { projects(first: $first) { edges { node { id retentionPolicy { purgeAfterDays } artifactStorage { bytes files runsWithArtifacts } } } } } }', { slug: world.team.slug, first }, { cookie: world.cookies.viewer });
    const small = await countQueries(() => page(3));
    const large = await countQueries(() => page(31));
    expect(large).toBe(small);
    const edges = ((await page(31)).data as any).team.projects.edges;
    expect(edges.filter((e: any) => e.node.retentionPolicy).length).toBe(15);
    expect(edges.find((e: any) => e.node.id === projectId).node.artifactStorage).toEqual({ bytes: '30', files: 3, runsWithArtifacts: 3 });
  });
});
