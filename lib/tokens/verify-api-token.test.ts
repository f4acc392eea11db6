import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, createTokenFixture, teamWorld } from '../../tests/helpers/fixtures.ts';
import { verifyApiToken } from './verify-api-token.ts';

setupTestDatabase();

// Far from UTC, so SQL that compares UTC `timestamp` columns with a zoned now() gets caught.
beforeAll(async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
  await client.query(`ALTER DATABASE "${rows[0].name}" SET timezone TO 'Pacific/Kiritimati'`);
  await client.end();
});

describe('verifyApiToken', () => {
  it('gives a principal that never exceeds the scope or the current role', async () => {
    const world = await teamWorld();
    expect(await verifyApiToken(world.tokens.read)).toEqual({
      kind: 'token',
      tokenId: expect.any(String),
      teamId: world.team.id,
      userId: world.users.member.id,
      email: world.users.member.email,
      scope: 'READ',
      role: 'MEMBER',
    });
  });

  it('records last use at most once a minute', async () => {
    const world = await teamWorld();
    const { id, token } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'READ' });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    await verifyApiToken(token);
    const first = (await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt!;
    expect(Math.abs(first.getTime() - Date.now())).toBeLessThan(60_000);
    await verifyApiToken(token);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);
    const longAgo = new Date(Date.now() - 5 * 60_000);
    await db.apiToken.update({ where: { id }, data: { lastUsedAt: longAgo } });
    await verifyApiToken(token);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt!.getTime()).toBeGreaterThan(longAgo.getTime());
  });

  it('refuses expired tokens and tokens of users who left the team or were deleted', async () => {
    const world = await teamWorld();
    const expiring = await createTokenFixture({ userId: world.users.admin.id, teamId: world.team.id, scope: 'READ', expiresInDays: 1 });
    expect(await codeOf(verifyApiToken(expiring.token))).toBe('OK');
    await db.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() + 60 * 60_000) } });
    expect(await codeOf(verifyApiToken(expiring.token))).toBe('OK');
    await db.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await codeOf(verifyApiToken(expiring.token))).toBe('UNAUTHENTICATED');

    await db.membership.delete({ where: { teamId_userId: { teamId: world.team.id, userId: world.users.member.id } } });
    expect(await codeOf(verifyApiToken(world.tokens.read))).toBe('UNAUTHENTICATED');

    const owners = await createTokenFixture({ userId: world.users.owner.id, teamId: world.team.id, scope: 'WRITE' });
    await db.user.delete({ where: { id: world.users.owner.id } });
    expect(await codeOf(verifyApiToken(owners.token))).toBe('UNAUTHENTICATED');
  });

  it('refuses garbage without touching the database', async () => {
    for (const raw of ['', 'cairn_', 'cairn_short', `cairn_${'A'.repeat(42)}!`, `other_${'A'.repeat(43)}`, `cairn_${'A'.repeat(44)}`]) {
      expect(await codeOf(verifyApiToken(raw)), raw).toBe('UNAUTHENTICATED');
    }
  });
});
