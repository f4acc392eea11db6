// Test fixtures: real users, teams, memberships, API tokens and session cookies in the test
// file's database (call setupTestDatabase() first). Rows are written directly except where
// the real code path matters: tokens go through createApiToken, cookies are real Auth.js JWTs.
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { UserPrincipal } from '../../lib/authz/principal.ts';
import { db, type TeamRole } from '../../lib/db/client.ts';
import type { Membership, Team, User } from '../../lib/db/generated/client.ts';
import { loadUserPrincipal } from '../../lib/identity/load-user-principal.ts';
import { encodeSessionCookie } from '../../lib/identity/session-cookie.ts';
import type { ApiTokenView } from '../../lib/tokens/api-token-view.ts';
import { createApiToken } from '../../lib/tokens/create-api-token.ts';
import { announceToServers } from './principal-changes.ts';

/** bcrypt at its minimum cost: verifyPassword accepts any cost, and tests stay fast. */
const FIXTURE_BCRYPT_COST = 4;
let sequence = 0;

function unique(label: string): string {
  return `${label}-${process.pid}-${++sequence}-${randomBytes(3).toString('hex')}`;
}

export type UserFixtureOverrides = { email?: string; name?: string | null; password?: string; isInstanceAdmin?: boolean };

/** A user who can sign in with the returned password. */
export async function createUserFixture(overrides: UserFixtureOverrides = {}): Promise<{ user: User; password: string }> {
  const password = overrides.password ?? `pw-${randomBytes(8).toString('hex')}`;
  const label = unique('user');
  const user = await db.user.create({
    data: {
      email: (overrides.email ?? `${label}@example.test`).toLowerCase(),
      name: overrides.name === undefined ? label : overrides.name,
      passwordHash: await bcrypt.hash(password, FIXTURE_BCRYPT_COST),
      isInstanceAdmin: overrides.isInstanceAdmin ?? false,
    },
  });
  return { user, password };
}

/** A team with a unique slug and no members. */
export async function createTeamFixture(name?: string): Promise<Team> {
  const slug = unique('team');
  return db.team.create({ data: { slug, name: name ?? `Team ${slug}` } });
}

export async function addMembershipFixture(teamId: string, userId: string, role: TeamRole): Promise<Membership> {
  const membership = await db.membership.create({ data: { teamId, userId, role } });
  await announceToServers([userId]);
  return membership;
}

export type TokenFixture = { token: string; id: string; apiToken: ApiTokenView };

/**
 * An API token of `userId` in `teamId`, created through createApiToken as that user (so the
 * user must be a member whose role allows the scope). `token` is the plaintext to send.
 */
export async function createTokenFixture(input: {
  userId: string;
  teamId: string;
  scope: 'READ' | 'WRITE';
  name?: string;
  expiresInDays?: number;
}): Promise<TokenFixture> {
  const { token, apiToken } = await createApiToken(await principalFor(input.userId), {
    teamId: input.teamId,
    name: input.name ?? unique('token'),
    scope: input.scope,
    ...(input.expiresInDays !== undefined ? { expiresInDays: input.expiresInDays } : {}),
  });
  return { token, id: apiToken.id, apiToken };
}

/**
 * A `Cookie` header value with a valid Auth.js session for the user (a user row or its id),
 * issued under the user's current session version, as a sign-in now would.
 * `maxAge` in seconds; below -15 (Auth.js's clock tolerance) gives an expired session.
 * `secure`: the `__Secure-` cookie Auth.js sets on https.
 */
export async function sessionCookieFor(
  user: string | Pick<User, 'id'> & Partial<Pick<User, 'email' | 'name'>>,
  options: { maxAge?: number; secure?: boolean } = {},
): Promise<string> {
  const row = typeof user === 'string' ? { id: user } : user;
  const stored = await db.user.findUnique({ where: { id: row.id }, select: { sessionVersion: true } });
  return encodeSessionCookie({ ...row, sessionVersion: stored?.sessionVersion ?? 0 }, options);
}

/** The user's principal with their current memberships (what a session resolves to). */
export async function principalFor(userId: string): Promise<UserPrincipal> {
  const principal = await loadUserPrincipal(userId);
  if (!principal) throw new Error(`principalFor: no user ${userId}`);
  return principal;
}

export type WorldRole = 'owner' | 'admin' | 'member' | 'viewer';

export type TeamWorld = {
  /** The team everybody below belongs to, one user per role. */
  team: Team;
  users: Record<WorldRole, User>;
  /** Session cookies (Cookie header values) per role. */
  cookies: Record<WorldRole, string>;
  /** The member's API tokens in `team`. */
  tokens: { read: string; write: string };
  /** A second team with its own owner, which nobody above belongs to. */
  otherTeam: Team;
  otherOwner: User;
  otherOwnerCookie: string;
};

const worldRoles: Record<WorldRole, TeamRole> = { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER', viewer: 'VIEWER' };

/** Two teams for authorization matrix tests (see TeamWorld). */
export async function teamWorld(): Promise<TeamWorld> {
  const team = await createTeamFixture();
  const users = {} as Record<WorldRole, User>;
  const cookies = {} as Record<WorldRole, string>;
  for (const [name, role] of Object.entries(worldRoles) as [WorldRole, TeamRole][]) {
    const { user } = await createUserFixture({ name });
    await addMembershipFixture(team.id, user.id, role);
    users[name] = user;
    cookies[name] = await sessionCookieFor(user);
  }
  const read = await createTokenFixture({ userId: users.member.id, teamId: team.id, scope: 'READ' });
  const write = await createTokenFixture({ userId: users.member.id, teamId: team.id, scope: 'WRITE' });

  const otherTeam = await createTeamFixture();
  const { user: otherOwner } = await createUserFixture({ name: 'other-owner' });
  await addMembershipFixture(otherTeam.id, otherOwner.id, 'OWNER');

  return {
    team,
    users,
    cookies,
    tokens: { read: read.token, write: write.token },
    otherTeam,
    otherOwner,
    otherOwnerCookie: await sessionCookieFor(otherOwner),
  };
}

/** The AppError code a promise rejects with, or 'OK' when it resolves (for table-style assertions). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
