import { describe, expect, it } from 'vitest';
import { anonymous } from '../authz/principal.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { addMembershipFixture, createTokenFixture, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { listApiTokens } from './list-api-tokens.ts';
import { revokeApiToken } from './revoke-api-token.ts';
import { verifyApiToken } from './verify-api-token.ts';

setupTestDatabase();

describe('listApiTokens', () => {
  it("shows members their own tokens and admins everybody's, never a hash", async () => {
    const world = await teamWorld();
    const admins = await createTokenFixture({ userId: world.users.admin.id, teamId: world.team.id, scope: 'WRITE' });

    const forMember = await listApiTokens(await principalFor(world.users.member.id), { teamId: world.team.id });
    expect(forMember.map((t) => t.userId)).toEqual([world.users.member.id, world.users.member.id]);

    const forAdmin = await listApiTokens(await principalFor(world.users.admin.id), { teamId: world.team.id });
    expect(forAdmin).toHaveLength(3);
    expect(forAdmin[0].id).toBe(admins.id); // newest first
    for (const token of forAdmin) expect(Object.keys(token)).not.toContain('tokenHash');

    expect(await listApiTokens(await principalFor(world.users.viewer.id), { teamId: world.team.id })).toEqual([]);
  });

  it("lists your own tokens across your teams without a team, and keeps revoked ones (with revokedAt)", async () => {
    const world = await teamWorld();
    await addMembershipFixture(world.otherTeam.id, world.users.member.id, 'MEMBER');
    const elsewhere = await createTokenFixture({ userId: world.users.member.id, teamId: world.otherTeam.id, scope: 'READ' });
    const member = await principalFor(world.users.member.id);
    await revokeApiToken(member, { tokenId: elsewhere.id });
    const mine = await listApiTokens(member, {});
    expect(mine).toHaveLength(3);
    expect(mine.find((t) => t.id === elsewhere.id)?.revokedAt).toBeInstanceOf(Date);
  });

  it('answers NOT_FOUND for another team and UNAUTHENTICATED for anonymous', async () => {
    const world = await teamWorld();
    await expect(listApiTokens(await principalFor(world.users.owner.id), { teamId: world.otherTeam.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listApiTokens(anonymous, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('needs a signed-in session: tokens cannot list tokens', async () => {
    const world = await teamWorld();
    for (const raw of [world.tokens.read, world.tokens.write]) {
      const viaToken = await verifyApiToken(raw);
      await expect(listApiTokens(viaToken, { teamId: world.team.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(listApiTokens(viaToken, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
