// Every GraphQL root field against another team's data: the owner of team A (a session) and
// a write token of team A get NOT_FOUND for team B's team, members, invitations, tokens,
// projects, runs and metric histories, on every query and mutation that names one, and
// nothing of B changes. Fields that name no team-owned row (viewer, teams, createTeam, and
// the invitation secret's capability) are checked not to list B. The table must cover the
// schema's root fields exactly, so a new field cannot ship without its cross-team case.
import { buildSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { createInvitation } from '../../lib/teams/create-invitation.ts';
import { loadTypeDefs } from '../../graphql/server.ts';
import { setupTestApp } from '../helpers/app.ts';
import { addMembershipFixture, createTokenFixture, createUserFixture, principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { gql, type Credentials } from './client.ts';

const app = setupTestApp();

/** Team B's rows, which nobody in team A may reach. */
type Theirs = { teamId: string; slug: string; projectId: string; runId: string; invitationId: string; tokenId: string; memberId: string };
type Case = { query: string; variables(theirs: Theirs, world: TeamWorld): Record<string, unknown> };

const RUN_ID = 'b'.repeat(32);

const cases: Record<string, Case> = {
  'Query.team': { query: 'query($slug: String) { team(slug: $slug) { id } }', variables: (b) => ({ slug: b.slug }) },
  'Query.project': { query: 'query($id: ID!) { project(id: $id) { id } }', variables: (b) => ({ id: b.projectId }) },
  'Query.run': { query: 'query($id: ID!) { run(id: $id) { id } }', variables: (b) => ({ id: b.runId }) },
  'Query.metricHistory': {
    query: 'query($runId: ID!) { metricHistory(runId: $runId, key: "loss") { points { value } } }',
    variables: (b) => ({ runId: b.runId }),
  },
  'Query.metricHistoryPage': {
    query: 'query($runId: ID!) { metricHistoryPage(runId: $runId, key: "loss") { edges { node { value } } } }',
    variables: (b) => ({ runId: b.runId }),
  },
  'Query.compareRuns': { query: 'query($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { id } } }', variables: (b) => ({ ids: [b.runId] }) },
  'Query.metricHistories': {
    query: 'query($ids: [ID!]!) { metricHistories(runIds: $ids, keys: ["loss"]) { points { value } } }',
    variables: (b) => ({ ids: [b.runId] }),
  },
  'Query.runsExport': {
    query: 'query($input: RunsExportInput!) { runsExport(input: $input) { url } }',
    variables: (b) => ({ input: { projectId: b.projectId, format: 'CSV', columns: ['params.lr', 'metrics.loss'] } }),
  },
  'Query.metricHistoryExport': {
    query: 'query($runId: ID!) { metricHistoryExport(runId: $runId) { url } }',
    variables: (b) => ({ runId: b.runId }),
  },
  'Mutation.saveProjectPreferences': {
    query: 'mutation($input: SaveProjectPreferencesInput!) { saveProjectPreferences(input: $input) { runsTable } }',
    variables: (b) => ({ input: { projectId: b.projectId, runsTable: { columns: ['params.lr'] } } }),
  },
  'Mutation.updateTeam': {
    query: 'mutation($input: UpdateTeamInput!) { updateTeam(input: $input) { id } }',
    variables: (b) => ({ input: { teamId: b.teamId, name: 'taken over' } }),
  },
  'Mutation.deleteTeam': { query: 'mutation($id: ID!) { deleteTeam(teamId: $id) }', variables: (b) => ({ id: b.teamId }) },
  'Mutation.addMember': {
    query: 'mutation($input: AddMemberInput!) { addMember(input: $input) { role } }',
    variables: (b, world) => ({ input: { teamId: b.teamId, email: world.users.viewer.email, role: 'OWNER' } }),
  },
  'Mutation.changeMemberRole': {
    query: 'mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }',
    variables: (b) => ({ input: { teamId: b.teamId, userId: b.memberId, role: 'ADMIN' } }),
  },
  'Mutation.removeMember': {
    query: 'mutation($input: RemoveMemberInput!) { removeMember(input: $input) }',
    variables: (b) => ({ input: { teamId: b.teamId, userId: b.memberId } }),
  },
  'Mutation.createInvitation': {
    query: 'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { url } }',
    variables: (b) => ({ input: { teamId: b.teamId, role: 'MEMBER' } }),
  },
  'Mutation.revokeInvitation': { query: 'mutation($id: ID!) { revokeInvitation(id: $id) }', variables: (b) => ({ id: b.invitationId }) },
  'Mutation.createApiToken': {
    query: 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
    variables: (b) => ({ input: { teamId: b.teamId, name: 'intruder', scope: 'READ' } }),
  },
  'Mutation.revokeApiToken': { query: 'mutation($id: ID!) { revokeApiToken(id: $id) }', variables: (b) => ({ id: b.tokenId }) },
  'Mutation.createProject': {
    query: 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
    variables: (b) => ({ input: { teamId: b.teamId, name: 'planted' } }),
  },
  'Mutation.updateProject': {
    query: 'mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id } }',
    variables: (b) => ({ input: { id: b.projectId, name: 'renamed', description: 'changed' } }),
  },
  'Mutation.deleteProject': { query: 'mutation($id: ID!) { deleteProject(id: $id) { id } }', variables: (b) => ({ id: b.projectId }) },
  'Mutation.restoreProject': { query: 'mutation($id: ID!) { restoreProject(id: $id) { id } }', variables: (b) => ({ id: b.projectId }) },
  'Mutation.setProjectTag': {
    query: 'mutation($input: ProjectTagInput!) { setProjectTag(input: $input) { id } }',
    variables: (b) => ({ input: { projectId: b.projectId, key: 'k', value: 'changed' } }),
  },
  'Mutation.deleteProjectTag': {
    query: 'mutation($input: DeleteProjectTagInput!) { deleteProjectTag(input: $input) { id } }',
    variables: (b) => ({ input: { projectId: b.projectId, key: 'k' } }),
  },
  'Mutation.createRun': {
    query: 'mutation($input: CreateRunInput!) { createRun(input: $input) { id } }',
    variables: (b) => ({ input: { projectId: b.projectId, name: 'planted' } }),
  },
  'Mutation.updateRun': {
    query: 'mutation($input: UpdateRunInput!) { updateRun(input: $input) { id } }',
    variables: (b) => ({ input: { id: b.runId, name: 'renamed', status: 'KILLED', endTime: '2' } }),
  },
  'Mutation.deleteRun': { query: 'mutation($id: ID!) { deleteRun(id: $id) { id } }', variables: (b) => ({ id: b.runId }) },
  'Mutation.restoreRun': { query: 'mutation($id: ID!) { restoreRun(id: $id) { id } }', variables: (b) => ({ id: b.runId }) },
  'Mutation.logBatch': {
    query: 'mutation($input: LogBatchInput!) { logBatch(input: $input) { id } }',
    variables: (b) => ({
      input: { runId: b.runId, metrics: [{ key: 'loss', value: 9, step: '99' }], params: [{ key: 'new', value: '1' }], tags: [{ key: 'stage', value: 'x' }] },
    }),
  },
};

/** Root fields that name no team-owned row: what they return is checked for B below instead. */
const namesNoRow: Record<string, string> = {
  'Query.viewer': "lists the caller's own teams",
  'Query.me': 'same as viewer',
  'Query.teams': 'lists readable teams',
  'Mutation.createTeam': 'makes a new team of the caller',
  'Query.invitationPreview': 'the link secret is the capability (tests in lib/teams)',
  'Mutation.acceptInvitation': 'the link secret is the capability (tests in lib/teams)',
};

let world: TeamWorld;
let theirs: Theirs;
let actors: [string, Credentials][];

beforeAll(async () => {
  world = await teamWorld();
  const b = world.otherTeam;
  const project = await db.project.create({
    data: { teamId: b.id, name: 'secret', description: 'theirs', artifactLocation: 'mlflow-artifacts:/secret', tags: { create: [{ key: 'k', value: 'v' }] } },
  });
  await db.project.create({ data: { teamId: b.id, name: 'deleted', artifactLocation: 'mlflow-artifacts:/deleted', lifecycleStage: 'DELETED' } });
  await db.run.create({
    data: {
      id: RUN_ID,
      projectId: project.id,
      teamId: b.id,
      name: 'their-run',
      status: 'RUNNING',
      startTime: 1n,
      artifactUri: `mlflow-artifacts:/${project.id}/${RUN_ID}/artifacts`,
      params: { create: [{ key: 'lr', value: '0.1' }] },
      tags: { create: [{ key: 'stage', value: 'prod' }] },
    },
  });
  await db.metricPoint.createMany({ data: [0, 1, 2].map((step) => ({ runId: RUN_ID, key: 'loss', step: BigInt(step), timestamp: 10n, value: 1 / (step + 1) })) });
  await db.latestMetric.create({ data: { runId: RUN_ID, key: 'loss', step: 2n, timestamp: 10n, value: 1 / 3 } });
  const owner = await principalFor(world.otherOwner.id);
  const invitation = await createInvitation(owner, { teamId: b.id, role: 'MEMBER' });
  const token = await createTokenFixture({ userId: world.otherOwner.id, teamId: b.id, scope: 'READ' });
  const { user: member } = await createUserFixture({ name: 'their-member' });
  await addMembershipFixture(b.id, member.id, 'VIEWER');
  theirs = {
    teamId: b.id,
    slug: b.slug,
    projectId: String(project.id),
    runId: RUN_ID,
    invitationId: invitation.invitation.id,
    tokenId: token.id,
    memberId: member.id,
  };
  actors = [
    ["team A's owner (session)", { cookie: world.cookies.owner }],
    ["team A's write token", { token: world.tokens.write }],
  ];
});

/** Everything of team B a cross-team call could change. */
async function snapshotOfB() {
  const teamId = theirs.teamId;
  const runWhere = { runId: theirs.runId };
  return {
    team: await db.team.findUnique({ where: { id: teamId }, select: { slug: true, name: true } }),
    memberships: await db.membership.findMany({ where: { teamId }, select: { userId: true, role: true }, orderBy: { userId: 'asc' } }),
    invitations: await db.invitation.findMany({ where: { teamId }, select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
    tokens: await db.apiToken.findMany({ where: { teamId }, select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
    projects: await db.project.findMany({ where: { teamId }, select: { id: true, name: true, description: true, lifecycleStage: true }, orderBy: { id: 'asc' } }),
    projectTags: await db.projectTag.findMany({ where: { project: { teamId } }, orderBy: [{ projectId: 'asc' }, { key: 'asc' }] }),
    runs: await db.run.findMany({ where: { teamId }, select: { id: true, name: true, status: true, endTime: true, lifecycleStage: true }, orderBy: { id: 'asc' } }),
    params: await db.param.findMany({ where: runWhere, orderBy: { key: 'asc' } }),
    tags: await db.runTag.findMany({ where: runWhere, orderBy: { key: 'asc' } }),
    points: await db.metricPoint.count({ where: runWhere }),
    preferences: await db.projectPreference.count({ where: { project: { teamId } } }),
  };
}

describe('the table covers every root field', () => {
  it("lists each Query and Mutation field of the schema once, as a case or with the reason it names no other team's row", () => {
    const schema = buildSchema(loadTypeDefs());
    const fields = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) => Object.keys(type.getFields()).map((name) => `${type.name}.${name}`));
    expect([...Object.keys(cases), ...Object.keys(namesNoRow)].sort()).toEqual(fields.sort());
  });
});

describe("another team's rows are NOT_FOUND on every root field", () => {
  it.each(Object.entries(cases))('%s', async (_name, { query, variables }) => {
    const before = await snapshotOfB();
    for (const [actor, credentials] of actors) {
      const result = await gql(app, query, variables(theirs, world), credentials);
      expect({ actor, code: result.code, data: result.data ?? null }).toEqual({ actor, code: 'NOT_FOUND', data: null });
    }
    expect(await snapshotOfB()).toEqual(before);
  });

  it("the same calls work on the caller's own team (the cases are not vacuous)", async () => {
    const project = await db.project.create({ data: { teamId: world.team.id, name: 'mine', artifactLocation: 'mlflow-artifacts:/mine' } });
    const run = await gql(app, 'mutation($input: CreateRunInput!) { createRun(input: $input) { id } }', { input: { projectId: String(project.id) } }, actors[0][1]);
    expect(run.code).toBe('OK');
    const runId = (run.data as { createRun: { id: string } }).createRun.id;
    for (const name of ['Query.run', 'Query.metricHistory', 'Query.metricHistoryPage', 'Query.compareRuns', 'Query.metricHistories', 'Query.runsExport', 'Query.metricHistoryExport', 'Mutation.logBatch', 'Mutation.updateRun']) {
      const { query, variables } = cases[name];
      const mine = { ...theirs, teamId: world.team.id, slug: world.team.slug, projectId: String(project.id), runId };
      const result = await gql(app, query, variables(mine, world), actors[1][1]);
      expect({ name, code: result.code }).toEqual({ name, code: 'OK' });
    }
    // Saved views are a session's own (tokens are refused, see the authorization matrix).
    const mine = { ...theirs, projectId: String(project.id) };
    const saved = await gql(app, cases['Mutation.saveProjectPreferences'].query, cases['Mutation.saveProjectPreferences'].variables(mine, world), actors[0][1]);
    expect(saved.code).toBe('OK');
  });
});

describe('fields that name no row never list team B', () => {
  it('viewer.teams and teams leave B out', async () => {
    for (const [, credentials] of actors) {
      const result = await gql<{ viewer: { teams: { team: { id: string } }[] }; teams: { id: string }[] }>(
        app,
        '{ viewer { teams { team { id } } } teams { id } }',
        {},
        credentials,
      );
      expect(result.code).toBe('OK');
      const seen = [...result.data!.viewer.teams.map((entry) => entry.team.id), ...result.data!.teams.map((team) => team.id)];
      expect(seen).toContain(world.team.id);
      expect(seen).not.toContain(theirs.teamId);
    }
  });
});
