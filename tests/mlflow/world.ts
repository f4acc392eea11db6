// The people and credentials the MLflow suite calls with, built from the shared fixtures:
// team "alpha" (a member's write, read and revoked tokens, and their session) and team
// "beta", whose token must never see alpha's data.
import { beforeAll } from 'vitest';
import { revokeApiToken } from '../../lib/tokens/revoke-api-token.ts';
import { createTokenFixture, principalFor, teamWorld } from '../helpers/fixtures.ts';

export type World = {
  alpha: {
    teamId: string;
    slug: string;
    /** The email of the member who owns the tokens below (a Basic username). */
    ownerEmail: string;
    write: string;
    read: string;
    revoked: string;
    sessionCookie: string;
  };
  beta: { teamId: string; slug: string; write: string };
};

/** Registers a beforeAll that builds the world (after setupTestApp's database); call the result inside tests. */
export function setupWorld(): () => World {
  let world: World | undefined;
  beforeAll(async () => {
    const base = await teamWorld();
    const member = base.users.member;
    const revoked = await createTokenFixture({ userId: member.id, teamId: base.team.id, scope: 'WRITE' });
    await revokeApiToken(await principalFor(member.id), { tokenId: revoked.id });
    const beta = await createTokenFixture({ userId: base.otherOwner.id, teamId: base.otherTeam.id, scope: 'WRITE' });
    world = {
      alpha: {
        teamId: base.team.id,
        slug: base.team.slug,
        ownerEmail: member.email,
        write: base.tokens.write,
        read: base.tokens.read,
        revoked: revoked.token,
        sessionCookie: base.cookies.member,
      },
      beta: { teamId: base.otherTeam.id, slug: base.otherTeam.slug, write: beta.token },
    };
  });
  return () => {
    if (!world) throw new Error('The MLflow test world is built in beforeAll; use it inside hooks or tests');
    return world;
  };
}
