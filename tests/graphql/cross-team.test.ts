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
type Theirs = {
  teamId: string;
  slug: string;
  projectId: string;
  runId: string;
  invitationId: string;
  tokenId: string;
  memberId: string;
  modelId: string;
  versionId: string;
  requestId: string;
  commentId: string;
  comparisonId: string;
  shareLinkId: string;
};
type Case = { query: string; variables(theirs: Theirs, world: TeamWorld): Record<string, unknown> };

const RUN_ID = 'b'.repeat(32);
const SECOND_RUN_ID = 'c'.repeat(32);

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
  'Query.auditEvents': {
    query: 'query($id: ID) { auditEvents(teamId: $id) { edges { node { id action } } } }',
    variables: (b) => ({ id: b.teamId }),
  },
  'Query.retentionPreview': {
    query: 'query($id: ID!) { retentionPreview(projectId: $id, policy: { keepTopN: 0, purgeAfterDays: 0 }) { purge { runId } } }',
    variables: (b) => ({ id: b.projectId }),
  },
  'Mutation.setRetentionPolicy': {
    query: 'mutation($id: ID!) { setRetentionPolicy(projectId: $id, policy: { keepTopN: 0, purgeAfterDays: 0 }) { id } }',
    variables: (b) => ({ id: b.projectId }),
  },
  'Query.compareRuns': { query: 'query($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { id } } }', variables: (b) => ({ ids: [b.runId] }) },
  'Query.comments': {
    query: 'query($id: ID!) { comments(targetType: RUN, targetId: $id) { comment { id } } }',
    variables: (b) => ({ id: b.runId }),
  },
  'Query.comparison': { query: 'query($id: ID!) { comparison(id: $id) { id } }', variables: (b) => ({ id: b.comparisonId }) },
  'Mutation.addComment': {
    query: 'mutation($input: AddCommentInput!) { addComment(input: $input) { id } }',
    variables: (b) => ({ input: { targetType: 'RUN', targetId: b.runId, body: 'planted' } }),
  },
  'Mutation.editComment': {
    query: 'mutation($input: EditCommentInput!) { editComment(input: $input) { id } }',
    variables: (b) => ({ input: { id: b.commentId, body: 'rewritten' } }),
  },
  'Mutation.deleteComment': { query: 'mutation($id: ID!) { deleteComment(id: $id) { id } }', variables: (b) => ({ id: b.commentId }) },
  'Mutation.setRunNote': {
    query: 'mutation($id: ID!) { setRunNote(runId: $id, note: "planted") { id } }',
    variables: (b) => ({ id: b.runId }),
  },
  'Mutation.saveComparison': {
    query: 'mutation($input: SaveComparisonInput!) { saveComparison(input: $input) { id } }',
    variables: (b) => ({ input: { teamId: b.teamId, name: 'planted', runIds: [b.runId, SECOND_RUN_ID] } }),
  },
  'Mutation.deleteComparison': { query: 'mutation($id: ID!) { deleteComparison(id: $id) }', variables: (b) => ({ id: b.comparisonId }) },
  'Mutation.createShareLink': {
    query: 'mutation($input: CreateShareLinkInput!) { createShareLink(input: $input) { url } }',
    variables: (b) => ({ input: { targetType: 'RUN', targetId: b.runId, expiresInDays: null, includeComments: true, allowArtifacts: true } }),
  },
  'Mutation.revokeShareLink': { query: 'mutation($id: ID!) { revokeShareLink(id: $id) { id } }', variables: (b) => ({ id: b.shareLinkId }) },
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
  'Query.registeredModel': { query: 'query($id: ID!) { registeredModel(id: $id) { id } }', variables: (b) => ({ id: b.modelId }) },
  'Query.modelVersion': { query: 'query($id: ID!) { modelVersion(id: $id) { id } }', variables: (b) => ({ id: b.versionId }) },
  'Mutation.createRegisteredModel': {
    query: 'mutation($input: CreateRegisteredModelInput!) { createRegisteredModel(input: $input) { id } }',
    variables: (b) => ({ input: { teamId: b.teamId, name: 'planted' } }),
  },
  'Mutation.updateRegisteredModel': {
    query: 'mutation($input: UpdateRegisteredModelInput!) { updateRegisteredModel(input: $input) { id } }',
    variables: (b) => ({ input: { id: b.modelId, name: 'renamed', description: 'changed' } }),
  },
  'Mutation.deleteRegisteredModel': { query: 'mutation($id: ID!) { deleteRegisteredModel(id: $id) }', variables: (b) => ({ id: b.modelId }) },
  'Mutation.setRegisteredModelTag': {
    query: 'mutation($input: RegisteredModelTagInput!) { setRegisteredModelTag(input: $input) { id } }',
    variables: (b) => ({ input: { modelId: b.modelId, key: 'k', value: 'changed' } }),
  },
  'Mutation.deleteRegisteredModelTag': {
    query: 'mutation($input: DeleteRegisteredModelTagInput!) { deleteRegisteredModelTag(input: $input) { id } }',
    variables: (b) => ({ input: { modelId: b.modelId, key: 'k' } }),
  },
  'Mutation.createModelVersion': {
    query: 'mutation($input: CreateModelVersionInput!) { createModelVersion(input: $input) { id } }',
    variables: (b) => ({ input: { modelId: b.modelId, source: `runs:/${b.runId}/model` } }),
  },
  'Mutation.updateModelVersion': {
    query: 'mutation($input: UpdateModelVersionInput!) { updateModelVersion(input: $input) { id } }',
    variables: (b) => ({ input: { id: b.versionId, description: 'changed' } }),
  },
  'Mutation.deleteModelVersion': { query: 'mutation($id: ID!) { deleteModelVersion(id: $id) }', variables: (b) => ({ id: b.versionId }) },
  'Mutation.setModelVersionTag': {
    query: 'mutation($input: ModelVersionTagInput!) { setModelVersionTag(input: $input) { id } }',
    variables: (b) => ({ input: { versionId: b.versionId, key: 'k', value: 'changed' } }),
  },
  'Mutation.deleteModelVersionTag': {
    query: 'mutation($input: DeleteModelVersionTagInput!) { deleteModelVersionTag(input: $input) { id } }',
    variables: (b) => ({ input: { versionId: b.versionId, key: 'k' } }),
  },
  'Mutation.transitionModelVersionStage': {
    query: 'mutation($input: TransitionModelVersionStageInput!) { transitionModelVersionStage(input: $input) { id } }',
    variables: (b) => ({ input: { versionId: b.versionId, stage: 'ARCHIVED' } }),
  },
  'Mutation.setModelAlias': {
    query: 'mutation($input: SetModelAliasInput!) { setModelAlias(input: $input) { id } }',
    variables: (b) => ({ input: { versionId: b.versionId, alias: 'intruder' } }),
  },
  'Mutation.deleteModelAlias': {
    query: 'mutation($input: DeleteModelAliasInput!) { deleteModelAlias(input: $input) { id } }',
    variables: (b) => ({ input: { modelId: b.modelId, alias: 'champion' } }),
  },
  'Mutation.rollbackModel': {
    query: 'mutation($input: RollbackModelInput!) { rollbackModel(input: $input) { id } }',
    variables: (b) => ({ input: { modelId: b.modelId, alias: 'champion' } }),
  },
  'Mutation.requestModelTransition': {
    query: 'mutation($input: RequestModelTransitionInput!) { requestModelTransition(input: $input) { id } }',
    variables: (b) => ({ input: { modelId: b.modelId, move: 'STAGE', versionId: b.versionId, stage: 'STAGING' } }),
  },
  'Mutation.approveTransitionRequest': {
    query: 'mutation($input: DecideTransitionRequestInput!) { approveTransitionRequest(input: $input) { id } }',
    variables: (b) => ({ input: { id: b.requestId } }),
  },
  'Mutation.rejectTransitionRequest': {
    query: 'mutation($input: DecideTransitionRequestInput!) { rejectTransitionRequest(input: $input) { id } }',
    variables: (b) => ({ input: { id: b.requestId, comment: 'no' } }),
  },
  'Mutation.cancelTransitionRequest': { query: 'mutation($id: ID!) { cancelTransitionRequest(id: $id) { id } }', variables: (b) => ({ id: b.requestId }) },
  'Mutation.setRegistryProtection': {
    query: 'mutation($input: SetRegistryProtectionInput!) { setRegistryProtection(input: $input) { alias } }',
    variables: (b) => ({ input: { teamId: b.teamId, alias: 'champion', protected: false } }),
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
  'Query.transitionRequestsAwaitingMe': "lists requests of the caller's own teams (checked below)",
  'Query.shared': "answers only a share link's own target (tests/sharing/share-isolation.test.ts)",
  'Mutation.markNotificationsRead': "changes only the caller's own notifications (tests/graphql/comments.test.ts)",
  'Query.auditActions': 'the list of action names, the same for everyone',
  'Mutation.signOutEverywhere': "the caller's own sessions; naming anyone else is FORBIDDEN unless instance admin (lib/identity/sign-out-everywhere.test.ts)",
  'Mutation.changePassword': "the caller's own password (lib/identity/change-password.test.ts)",
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
  await db.run.create({
    data: { id: SECOND_RUN_ID, projectId: project.id, teamId: b.id, name: 'their-other-run', startTime: 2n, artifactUri: `mlflow-artifacts:/${project.id}/${SECOND_RUN_ID}/artifacts` },
  });
  const comment = await db.comment.create({ data: { teamId: b.id, targetType: 'RUN', targetId: RUN_ID, authorId: world.otherOwner.id, body: 'theirs' } });
  const comparison = await db.comparison.create({
    data: { teamId: b.id, name: 'their comparison', runs: { create: [{ runId: RUN_ID, position: 0 }, { runId: SECOND_RUN_ID, position: 1 }] } },
  });
  const shareLink = await db.shareLink.create({ data: { teamId: b.id, targetType: 'RUN', targetId: RUN_ID, tokenHash: 'f'.repeat(64) } });
  await db.metricPoint.createMany({ data: [0, 1, 2].map((step) => ({ runId: RUN_ID, key: 'loss', step: BigInt(step), timestamp: 10n, value: 1 / (step + 1) })) });
  await db.latestMetric.create({ data: { runId: RUN_ID, key: 'loss', step: 2n, timestamp: 10n, value: 1 / 3 } });
  const owner = await principalFor(world.otherOwner.id);
  const invitation = await createInvitation(owner, { teamId: b.id, role: 'MEMBER' });
  const token = await createTokenFixture({ userId: world.otherOwner.id, teamId: b.id, scope: 'READ' });
  const { user: member } = await createUserFixture({ name: 'their-member' });
  await addMembershipFixture(b.id, member.id, 'VIEWER');
  // Their registry: a model with a version of their run, a tag, an alias, a protection and a pending request.
  await db.artifact.create({ data: { runId: RUN_ID, path: 'model/MLmodel', size: 1n, sha256: 'x' } });
  const model = await db.registeredModel.create({ data: { teamId: b.id, name: 'their-model', tags: { create: [{ key: 'k', value: 'v' }] } } });
  const version = await db.modelVersion.create({
    data: { modelId: model.id, version: 1, source: `runs:/${RUN_ID}/model`, storageLocation: `mlflow-artifacts:/${project.id}/${RUN_ID}/artifacts/model`, runId: RUN_ID, tags: { create: [{ key: 'k', value: 'v' }] } },
  });
  await db.modelAlias.create({ data: { modelId: model.id, alias: 'champion', versionId: version.id } });
  await db.registryProtection.create({ data: { teamId: b.id, kind: 'ALIAS', name: 'champion' } });
  const request = await db.modelTransitionRequest.create({ data: { teamId: b.id, modelId: model.id, versionId: version.id, kind: 'STAGE', toStage: 'PRODUCTION', requestedById: member.id } });
  theirs = {
    teamId: b.id,
    slug: b.slug,
    projectId: String(project.id),
    runId: RUN_ID,
    invitationId: invitation.invitation.id,
    tokenId: token.id,
    memberId: member.id,
    modelId: model.id,
    versionId: version.id,
    requestId: request.id,
    commentId: comment.id,
    comparisonId: comparison.id,
    shareLinkId: shareLink.id,
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
    models: await db.registeredModel.findMany({ where: { teamId }, select: { id: true, name: true, description: true }, orderBy: { id: 'asc' } }),
    modelTags: await db.registeredModelTag.findMany({ where: { model: { teamId } }, orderBy: { key: 'asc' } }),
    versions: await db.modelVersion.findMany({ where: { model: { teamId } }, select: { id: true, version: true, stage: true, description: true, deletedAt: true }, orderBy: { id: 'asc' } }),
    versionTags: await db.modelVersionTag.findMany({ where: { version: { model: { teamId } } }, orderBy: { key: 'asc' } }),
    aliases: await db.modelAlias.findMany({ where: { model: { teamId } }, select: { alias: true, versionId: true } }),
    transitions: await db.modelVersionTransition.count({ where: { model: { teamId } } }),
    requests: await db.modelTransitionRequest.findMany({ where: { teamId }, select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    protections: await db.registryProtection.findMany({ where: { teamId }, select: { kind: true, name: true } }),
    comments: await db.comment.findMany({ where: { teamId }, select: { id: true, body: true, deletedAt: true }, orderBy: { id: 'asc' } }),
    comparisons: await db.comparison.findMany({ where: { teamId }, select: { id: true, name: true }, orderBy: { id: 'asc' } }),
    shareLinks: await db.shareLink.findMany({ where: { teamId }, select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
    notifications: await db.notification.count({ where: { teamId } }),
    retention: await db.retentionPolicy.findMany({ where: { project: { teamId } }, orderBy: { projectId: 'asc' } }),
    artifacts: await db.artifact.count({ where: runWhere }),
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
    for (const name of ['Query.run', 'Query.metricHistory', 'Query.metricHistoryPage', 'Query.compareRuns', 'Query.comments', 'Mutation.addComment', 'Mutation.setRunNote', 'Mutation.logBatch', 'Mutation.updateRun']) {
      const { query, variables } = cases[name];
      const mine = { ...theirs, teamId: world.team.id, slug: world.team.slug, projectId: String(project.id), runId };
      const result = await gql(app, query, variables(mine, world), actors[1][1]);
      expect({ name, code: result.code }).toEqual({ name, code: 'OK' });
    }
  });
});

describe("the registry cases work on the caller's own team (they are not vacuous)", () => {
  it('reads and writes its own models, versions and requests', async () => {
    const project = await db.project.create({ data: { teamId: world.team.id, name: 'mine-registry', artifactLocation: 'mlflow-artifacts:/mine' } });
    const runId = 'a'.repeat(32);
    await db.run.create({
      data: { id: runId, projectId: project.id, teamId: world.team.id, name: 'mine', startTime: 1n, artifactUri: `mlflow-artifacts:/${project.id}/${runId}/artifacts` },
    });
    await db.artifact.create({ data: { runId, path: 'model/MLmodel', size: 1n, sha256: 'x' } });
    const model = await gql<{ createRegisteredModel: { id: string } }>(app, cases['Mutation.createRegisteredModel'].query, { input: { teamId: world.team.id, name: 'mine' } }, actors[1][1]);
    expect(model.code).toBe('OK');
    const modelId = model.data!.createRegisteredModel.id;
    const version = await gql<{ createModelVersion: { id: string } }>(app, cases['Mutation.createModelVersion'].query, { input: { modelId, source: `runs:/${runId}/model` } }, actors[1][1]);
    expect(version.code).toBe('OK');
    const mine = { ...theirs, teamId: world.team.id, modelId, versionId: version.data!.createModelVersion.id, runId };
    for (const name of ['Query.registeredModel', 'Query.modelVersion', 'Mutation.setModelVersionTag', 'Mutation.setModelAlias', 'Mutation.transitionModelVersionStage', 'Mutation.requestModelTransition']) {
      const { query, variables } = cases[name];
      const result = await gql(app, query, variables(mine, world), actors[1][1]);
      expect({ name, code: result.code }).toEqual({ name, code: 'OK' });
    }
  });
});

describe('fields that name no row never list team B', () => {
  it("transitionRequestsAwaitingMe lists only the caller's teams' requests", async () => {
    const result = await gql<{ transitionRequestsAwaitingMe: { id: string }[] }>(app, '{ transitionRequestsAwaitingMe { id } }', {}, actors[0][1]);
    expect(result.code).toBe('OK');
    expect(result.data!.transitionRequestsAwaitingMe.map((r) => r.id)).not.toContain(theirs.requestId);
  });

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
