// The authorization matrix over HTTP: every role (owner, admin, member, viewer), a read and
// a write token, and anonymous, x every team operation, x own team and another team. Each
// cell asserts the exact code: OK, FORBIDDEN (a member lacking the right), NOT_FOUND
// (another team: never a hint that it exists) or UNAUTHENTICATED.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
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
    name: 'read the runs table (window, facets, groups, activity, own view)',
    own: [O, O, O, O, O, O],
    run: async (team, credentials) =>
      (
        await gql(
          app,
          `query($id: ID!) { project(id: $id) {
            runWindow(limit: 5) { totalCount runs { id } } runFacets { runCount } runGroups(by: "params.lr") { totalCount }
            runCount lastActivityAt contributors { id } viewerPreferences { runsTable } } }`,
          { id: team.projectId },
          credentials,
        )
      ).code,
  },
  {
    name: 'save own view of a project',
    own: [O, O, O, O, F, F],
    run: async (team, credentials) =>
      (
        await gql(
          app,
          'mutation($input: SaveProjectPreferencesInput!) { saveProjectPreferences(input: $input) { runsTable } }',
          { input: { projectId: team.projectId, runsTable: { columns: ['params.lr'] } } },
          credentials,
        )
      ).code,
  },
  {
    name: 'export runs (download link)',
    own: [O, O, O, O, O, O],
    run: async (team, credentials) =>
      (await gql(app, 'query($input: RunsExportInput!) { runsExport(input: $input) { url } }', { input: { projectId: team.projectId, format: 'PARQUET' } }, credentials)).code,
  },
  {
    name: 'read tokens',
    own: [O, O, O, O, F, F],
    run: readTeam('apiTokens { id name }'),
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

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});

describe.each(operations)('$name', (operation) => {
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
