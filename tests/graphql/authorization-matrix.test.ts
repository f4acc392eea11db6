// The authorization matrix over HTTP: every role (owner, admin, member, viewer), a read and
// a write token, and anonymous, x every team operation, x own team and another team. Each
// cell asserts the exact code: OK, FORBIDDEN (a member lacking the right), NOT_FOUND
// (another team: never a hint that it exists) or UNAUTHENTICATED.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { runWithModelFiles } from '../helpers/registry-fixtures.ts';
import { gql, ok, type Credentials } from './client.ts';
import { buildWorld, type World, type TeamHandle } from './world.ts';

const app = setupTestApp();

type Actor = 'owner' | 'admin' | 'member' | 'viewer' | 'readToken' | 'writeToken' | 'anonymous';
const actors: Actor[] = ['owner', 'admin', 'member', 'viewer', 'readToken', 'writeToken', 'anonymous'];

type Expected = 'OK' | 'FORBIDDEN';
/** Expected results in the actor's own team, in the order of `actors` minus anonymous. */
type Row = [owner: Expected, admin: Expected, member: Expected, viewer: Expected, readToken: Expected, writeToken: Expected];

const O = 'OK' as const;
const F = 'FORBIDDEN' as const;

type Operation = {
  name: string;
  own: Row;
  /** Sends the operation against `team` as `credentials`; returns the result's code. */
  run(team: TeamHandle, credentials: Credentials, world: World): Promise<string>;
};

/** An operation that reads `selection` of the team by slug. */
const readTeam = (selection: string): Operation['run'] => async (team, credentials) =>
  (await gql(app, `query($slug: String!) { team(slug: $slug) { ${selection} } }`, { slug: team.slug }, credentials)).code;

let unique = 0;
const nextName = (prefix: string) => `${prefix}-${++unique}`;

/** Runs of each team (made on first use), to comment on, compare and share. */
const runs = new Map<string, Promise<string>>();
function runOf(team: TeamHandle, which = 0): Promise<string> {
  const key = `${team.id}:${which}`;
  let run = runs.get(key);
  if (!run) {
    const id = (team.id.replace(/[^0-9a-f]/g, '') + '0'.repeat(32)).slice(0, 31) + String(which);
    run = db.run
      .create({ data: { id, projectId: BigInt(team.projectId), teamId: team.id, name: 'discussed', startTime: 1n, artifactUri: `mlflow-artifacts:/${team.projectId}/${id}/artifacts` } })
      .then((row) => row.id);
    runs.set(key, run);
  }
  return run;
}

/** A fresh comment on the team's run by its target user (someone else than every actor). */
async function someonesComment(team: TeamHandle): Promise<string> {
  const comment = await db.comment.create({ data: { teamId: team.id, targetType: 'RUN', targetId: await runOf(team), authorId: team.targetUserId, body: nextName('c') } });
  return comment.id;
}

async function aShareLink(team: TeamHandle): Promise<string> {
  const link = await db.shareLink.create({ data: { teamId: team.id, targetType: 'RUN', targetId: await runOf(team), tokenHash: nextName('hash').padEnd(64, '0') } });
  return link.id;
}

const operations: Operation[] = [
  {
    name: 'read team',
    own: [O, O, O, O, O, O],
    run: readTeam('id name viewerRole'),
  },
  {
    name: 'read members',
    own: [O, O, O, O, O, O],
    run: readTeam('members { role user { email } }'),
  },
  {
    name: 'read projects',
    own: [O, O, O, O, O, O],
    run: readTeam('projects { edges { node { id name } } }'),
  },
  {
    name: 'read a project',
    own: [O, O, O, O, O, O],
    run: async (team, credentials) => (await gql(app, 'query($id: ID!) { project(id: $id) { id name } }', { id: team.projectId }, credentials)).code,
  },
  {
    name: 'read tokens',
    own: [O, O, O, O, F, F],
    run: readTeam('apiTokens { id name }'),
  },
  {
    name: 'read the audit trail',
    own: [O, O, F, F, F, F],
    run: async (team, credentials) =>
      (await gql(app, 'query($id: ID) { auditEvents(teamId: $id, first: 5) { edges { node { action } } } }', { id: team.id }, credentials)).code,
  },
  {
    name: 'preview retention',
    own: [O, O, O, O, O, O],
    run: async (team, credentials) =>
      (await gql(app, 'query($id: ID!) { retentionPreview(projectId: $id, policy: { keepTopN: 1, metricKey: "acc", purgeAfterDays: 30 }) { bytesToFree } }', { id: team.projectId }, credentials)).code,
  },
  {
    name: 'set retention policy',
    own: [O, O, F, F, F, F],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($id: ID!) { setRetentionPolicy(projectId: $id, policy: { keepTopN: 3, metricKey: "acc", purgeAfterDays: 30 }) { retentionPolicy { keepTopN } } }', { id: team.projectId }, credentials)).code,
  },
  {
    name: 'create project',
    own: [O, O, O, F, F, O],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { teamId: team.id, name: nextName('p') } }, credentials)).code,
  },
  {
    name: 'update project',
    own: [O, O, O, F, F, O],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id } }', { input: { id: team.projectId, description: nextName('d') } }, credentials)).code,
  },
  {
    name: 'delete project',
    own: [O, O, O, F, F, O],
    run: async (team, credentials) => {
      const project = await db.project.create({ data: { teamId: team.id, name: nextName('doomed'), artifactLocation: 'mlflow-artifacts:/x' } });
      return (await gql(app, 'mutation($id: ID!) { deleteProject(id: $id) { id } }', { id: String(project.id) }, credentials)).code;
    },
  },
  {
    name: 'invite',
    own: [O, O, F, F, F, F],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { url } }', { input: { teamId: team.id, role: 'MEMBER' } }, credentials)).code,
  },
  {
    name: 'change role',
    own: [O, O, F, F, F, F],
    run: async (team, credentials) =>
      (
        await gql(
          app,
          'mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }',
          { input: { teamId: team.id, userId: team.targetUserId, role: 'VIEWER' } },
          credentials,
        )
      ).code,
  },
  {
    name: 'create token',
    own: [O, O, O, O, F, F],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }', { input: { teamId: team.id, name: nextName('t'), scope: 'READ' } }, credentials)).code,
  },
  {
    name: "revoke another member's token",
    own: [O, O, F, F, F, F],
    run: async (team, credentials, world) => {
      const tokenId = await world.spareTokenId(team);
      return (await gql(app, 'mutation($id: ID!) { revokeApiToken(id: $id) }', { id: tokenId }, credentials)).code;
    },
  },
  {
    name: 'read comments',
    own: [O, O, O, O, O, O],
    run: async (team, credentials) =>
      (await gql(app, 'query($id: ID!) { comments(targetType: RUN, targetId: $id) { comment { id } } }', { id: await runOf(team) }, credentials)).code,
  },
  {
    name: 'comment on a run',
    own: [O, O, O, F, F, O],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($id: ID!) { addComment(input: { targetType: RUN, targetId: $id, body: "hello" }) { id } }', { id: await runOf(team) }, credentials)).code,
  },
  {
    name: "delete someone else's comment",
    own: [O, O, F, F, F, F],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($id: ID!) { deleteComment(id: $id) { id } }', { id: await someonesComment(team) }, credentials)).code,
  },
  {
    name: "edit someone else's comment",
    own: [F, F, F, F, F, F],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($id: ID!) { editComment(input: { id: $id, body: "mine now" }) { id } }', { id: await someonesComment(team) }, credentials)).code,
  },
  {
    name: "edit the run's note",
    own: [O, O, O, F, F, O],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($id: ID!) { setRunNote(runId: $id, note: "why") { id } }', { id: await runOf(team) }, credentials)).code,
  },
  {
    name: 'save a comparison',
    own: [O, O, O, F, F, O],
    run: async (team, credentials) =>
      (
        await gql(
          app,
          'mutation($input: SaveComparisonInput!) { saveComparison(input: $input) { id } }',
          { input: { teamId: team.id, name: nextName('cmp'), runIds: [await runOf(team), await runOf(team, 1)] } },
          credentials,
        )
      ).code,
  },
  {
    name: 'create a share link',
    own: [O, O, O, F, F, F],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($id: ID!) { createShareLink(input: { targetType: RUN, targetId: $id }) { url } }', { id: await runOf(team) }, credentials)).code,
  },
  {
    name: 'list share links',
    own: [O, O, O, F, F, F],
    run: readTeam('shareLinks { id }'),
  },
  {
    name: 'revoke a share link',
    own: [O, O, O, F, F, F],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($id: ID!) { revokeShareLink(id: $id) { id } }', { id: await aShareLink(team) }, credentials)).code,
  },
  {
    name: 'delete team',
    own: [O, F, F, F, F, F],
    // Deleting needs a team of its own per cell: the actor gets the same role in a fresh one.
    run: async (team, credentials, world) => {
      const deleteTeam = async (target: TeamHandle, creds: Credentials) =>
        (await gql(app, 'mutation($id: ID!) { deleteTeam(teamId: $id) }', { id: target.id }, creds)).code;
      return team === world.otherTeam ? deleteTeam(team, credentials) : world.inDisposableTeam(credentials, deleteTeam);
    },
  },
];

/** A fresh model of `team` with version 1 of a run whose model files are recorded (rows written directly). */
async function registryRows(team: TeamHandle, protectedAlias?: string) {
  const { runId } = await runWithModelFiles(team.id);
  const model = await db.registeredModel.create({ data: { teamId: team.id, name: nextName('model') } });
  const version = await db.modelVersion.create({
    data: { modelId: model.id, version: 1, source: `runs:/${runId}/model`, storageLocation: `mlflow-artifacts:/x/${runId}/artifacts/model`, runId },
  });
  if (protectedAlias) {
    await db.registryProtection.upsert({
      where: { teamId_kind_name: { teamId: team.id, kind: 'ALIAS', name: protectedAlias } },
      create: { teamId: team.id, kind: 'ALIAS', name: protectedAlias },
      update: {},
    });
  }
  return { runId, modelId: model.id, versionId: version.id };
}

const registryOperations: Operation[] = [
  {
    name: 'read registered models',
    own: [O, O, O, O, O, O],
    run: async (team, credentials) => {
      const { modelId } = await registryRows(team);
      return (await gql(app, 'query($id: ID!) { registeredModel(id: $id) { id versions { edges { node { id } } } history { edges { node { id } } } } }', { id: modelId }, credentials)).code;
    },
  },
  {
    name: 'create a registered model',
    own: [O, O, O, F, F, O],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($input: CreateRegisteredModelInput!) { createRegisteredModel(input: $input) { id } }', { input: { teamId: team.id, name: nextName('m') } }, credentials)).code,
  },
  {
    name: 'register a version',
    own: [O, O, O, F, F, O],
    run: async (team, credentials) => {
      const { modelId, runId } = await registryRows(team);
      return (await gql(app, 'mutation($input: CreateModelVersionInput!) { createModelVersion(input: $input) { id } }', { input: { modelId, source: `runs:/${runId}/model` } }, credentials)).code;
    },
  },
  {
    name: 'move an unprotected stage',
    own: [O, O, O, F, F, O],
    run: async (team, credentials) => {
      const { versionId } = await registryRows(team);
      return (await gql(app, 'mutation($input: TransitionModelVersionStageInput!) { transitionModelVersionStage(input: $input) { id } }', { input: { versionId, stage: 'STAGING' } }, credentials)).code;
    },
  },
  {
    name: 'move a protected alias',
    own: [O, O, F, F, F, O],
    run: async (team, credentials) => {
      const { versionId } = await registryRows(team, 'guarded');
      return (await gql(app, 'mutation($input: SetModelAliasInput!) { setModelAlias(input: $input) { id } }', { input: { versionId, alias: 'guarded' } }, credentials)).code;
    },
  },
  {
    name: 'request a move',
    own: [O, O, O, F, F, O],
    run: async (team, credentials) => {
      const { modelId, versionId } = await registryRows(team, 'guarded');
      return (
        await gql(app, 'mutation($input: RequestModelTransitionInput!) { requestModelTransition(input: $input) { id } }', { input: { modelId, move: 'ALIAS_SET', versionId, alias: 'guarded' } }, credentials)
      ).code;
    },
  },
  {
    name: "approve someone's request",
    own: [O, O, F, F, F, F],
    run: async (team, credentials) => {
      const { modelId, versionId } = await registryRows(team, 'guarded');
      const request = await db.modelTransitionRequest.create({ data: { teamId: team.id, modelId, versionId, kind: 'ALIAS_SET', alias: 'guarded', requestedById: team.targetUserId } });
      return (await gql(app, 'mutation($input: DecideTransitionRequestInput!) { approveTransitionRequest(input: $input) { status } }', { input: { id: request.id } }, credentials)).code;
    },
  },
  {
    name: 'protect an alias',
    own: [O, O, F, F, F, F],
    run: async (team, credentials) =>
      (await gql(app, 'mutation($input: SetRegistryProtectionInput!) { setRegistryProtection(input: $input) { alias } }', { input: { teamId: team.id, alias: nextName('p'), protected: true } }, credentials)).code,
  },
];

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});

describe.each([...operations, ...registryOperations])('$name', (operation) => {
  const cells = actors.flatMap((actor, index) => [
    { actor, where: 'own team' as const, expected: actor === 'anonymous' ? 'UNAUTHENTICATED' : operation.own[index] },
    { actor, where: 'other team' as const, expected: actor === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND' },
  ]);
  it.each(cells)('$actor in $where: $expected', async ({ actor, where, expected }) => {
    const team = where === 'own team' ? world.team : world.otherTeam;
    const code = await operation.run(team, world.credentials(actor), world);
    expect(code).toBe(expected);
  });
});

describe('the matrix is not vacuous', () => {
  it('an allowed write really happened and a refused one did not', async () => {
    const name = nextName('proof');
    const allowed = await gql(app, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id name } }', { input: { teamId: world.team.id, name } }, world.credentials('member'));
    expect(ok(allowed)).toMatchObject({ createProject: { name } });
    const refused = await gql(app, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { teamId: world.otherTeam.id, name: `${name}-x` } }, world.credentials('owner'));
    expect(refused.code).toBe('NOT_FOUND');
    expect(await db.project.count({ where: { name: `${name}-x` } })).toBe(0);
  });
});
