// The people and teams of the GraphQL authorization matrix: team A with one user per role
// (and one more VIEWER as a target for role changes), a read and a write token of A's
// owner, and team B with its own owner and project, which nobody above belongs to.
// Sessions and tokens come from tests/helpers/fixtures.ts, so they are real credentials.
import { db } from '../../lib/db/client.ts';
import type { TeamRole } from '../../lib/db/client.ts';
import { createTokenFixture, sessionCookieFor } from '../helpers/fixtures.ts';
import type { Credentials } from './client.ts';
import { announceToServers } from '../helpers/principal-changes.ts';

export type TeamHandle = { id: string; slug: string; projectId: string; targetUserId: string };

export type World = {
  team: TeamHandle;
  otherTeam: TeamHandle;
  credentials(actor: string): Credentials;
  /** A token of the team's owner, fresh for each call (something to revoke). */
  spareTokenId(team: TeamHandle): Promise<string>;
  /** Runs `fn` in a new team where the actor behind `credentials` has the same role (for deleteTeam). */
  inDisposableTeam(credentials: Credentials, fn: (team: TeamHandle, credentials: Credentials) => Promise<string>): Promise<string>;
};

const roles: Record<'owner' | 'admin' | 'member' | 'viewer', TeamRole> = { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER', viewer: 'VIEWER' };
let sequence = 0;

async function createTeam(label: string, members: [userId: string, role: TeamRole][]): Promise<TeamHandle> {
  const slug = `${label}-${process.pid}-${++sequence}`;
  const team = await db.team.create({ data: { slug, name: `Team ${slug}` } });
  await db.membership.createMany({ data: members.map(([userId, role]) => ({ teamId: team.id, userId, role })) });
  await announceToServers(members.map(([userId]) => userId));
  const project = await db.project.create({ data: { teamId: team.id, name: 'shared', artifactLocation: 'mlflow-artifacts:/shared' } });
  const target = members.find(([, role]) => role === 'VIEWER');
  return { id: team.id, slug, projectId: String(project.id), targetUserId: target?.[0] ?? members[0][0] };
}

async function createUser(label: string) {
  return db.user.create({ data: { email: `${label}-${process.pid}-${++sequence}@example.test`, name: label } });
}

export async function buildWorld(): Promise<World> {
  const people = Object.fromEntries(
    await Promise.all((Object.keys(roles) as (keyof typeof roles)[]).map(async (name) => [name, await createUser(name)] as const)),
  ) as unknown as Record<keyof typeof roles, { id: string; email: string }>;
  const target = await createUser('target');
  const team = await createTeam('a', [...Object.entries(people).map(([name, user]) => [user.id, roles[name as keyof typeof roles]] as [string, TeamRole]), [target.id, 'VIEWER']]);
  const stranger = await createUser('stranger');
  const otherTeam = await createTeam('b', [[stranger.id, 'OWNER']]);

  const credentials: Record<string, Credentials> = { anonymous: null };
  for (const [name, user] of Object.entries(people)) credentials[name] = { cookie: await sessionCookieFor(user.id) };
  credentials.readToken = { token: (await createTokenFixture({ userId: people.owner.id, teamId: team.id, scope: 'READ' })).token };
  credentials.writeToken = { token: (await createTokenFixture({ userId: people.owner.id, teamId: team.id, scope: 'WRITE' })).token };
  const ownerOf = new Map([[team.id, people.owner.id], [otherTeam.id, stranger.id]]);

  return {
    team,
    otherTeam,
    credentials(actor) {
      if (!(actor in credentials)) throw new Error(`No credentials for ${actor}`);
      return credentials[actor];
    },
    async spareTokenId(handle) {
      return (await createTokenFixture({ userId: ownerOf.get(handle.id)!, teamId: handle.id, scope: 'READ' })).id;
    },
    async inDisposableTeam(actorCredentials, fn) {
      const actor = Object.keys(credentials).find((name) => credentials[name] === actorCredentials) ?? 'anonymous';
      if (actor === 'anonymous') return fn(team, null);
      const personName = (actor === 'readToken' || actor === 'writeToken' ? 'owner' : actor) as keyof typeof roles;
      const members: [string, TeamRole][] = [[people[personName].id, roles[personName]]];
      if (personName !== 'owner') members.push([people.owner.id, 'OWNER']);
      const disposable = await createTeam('d', members);
      ownerOf.set(disposable.id, people.owner.id);
      const scope = actor === 'readToken' ? 'READ' : actor === 'writeToken' ? 'WRITE' : null;
      const creds: Credentials = scope
        ? { token: (await createTokenFixture({ userId: people.owner.id, teamId: disposable.id, scope })).token }
        : actorCredentials;
      return fn(disposable, creds);
    },
  };
}
