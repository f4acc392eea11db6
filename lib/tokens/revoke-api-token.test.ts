import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, createTokenFixture, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { revokeApiToken } from './revoke-api-token.ts';
import { verifyApiToken } from './verify-api-token.ts';

setupTestDatabase();

describe('revokeApiToken', () => {
  it('revokes your own token, which then stops working; revoking again keeps the first time', async () => {
    const world = await teamWorld();
    const member = await principalFor(world.users.member.id);
    const { id, token } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'READ' });
    expect(await verifyApiToken(token)).toMatchObject({ tokenId: id });
    const revoked = await revokeApiToken(member, { tokenId: id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await codeOf(verifyApiToken(token))).toBe('UNAUTHENTICATED');
    expect((await revokeApiToken(member, { tokenId: id })).revokedAt).toEqual(revoked.revokedAt);
    const events = await db.auditEvent.findMany({ where: { targetId: id, action: 'token.revoke' } });
    expect(events).toMatchObject([{ teamId: world.team.id, actorId: world.users.member.id }]);
  });

  it("lets admins and owners revoke anyone's token in their team, and nobody else", async () => {
    const world = await teamWorld();
    const spare = () => createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'READ' });
    for (const role of ['admin', 'owner'] as const) {
      expect(await codeOf(revokeApiToken(await principalFor(world.users[role].id), { tokenId: (await spare()).id }))).toBe('OK');
    }
    const viewersTarget = await spare();
    expect(await codeOf(revokeApiToken(await principalFor(world.users.viewer.id), { tokenId: viewersTarget.id }))).toBe('FORBIDDEN');
    expect(await verifyApiToken(viewersTarget.token)).toMatchObject({ tokenId: viewersTarget.id });
  });

  it("answers NOT_FOUND for another team's token and for unknown ids", async () => {
    const world = await teamWorld();
    const theirs = await createTokenFixture({ userId: world.otherOwner.id, teamId: world.otherTeam.id, scope: 'READ' });
    const owner = await principalFor(world.users.owner.id);
    expect(await codeOf(revokeApiToken(owner, { tokenId: theirs.id }))).toBe('NOT_FOUND');
    expect(await codeOf(revokeApiToken(owner, { tokenId: 'no-such-token' }))).toBe('NOT_FOUND');
    expect(await codeOf(revokeApiToken(owner, { tokenId: '' }))).toBe('BAD_USER_INPUT');
    expect(await verifyApiToken(theirs.token)).toMatchObject({ tokenId: theirs.id });
  });

  it('needs a signed-in session: a token cannot revoke tokens, not even its own', async () => {
    const world = await teamWorld();
    const viaToken = await verifyApiToken(world.tokens.write);
    expect(await codeOf(revokeApiToken(viaToken, { tokenId: viaToken.tokenId }))).toBe('FORBIDDEN');
  });
});
