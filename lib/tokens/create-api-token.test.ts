import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anonymous, system } from '../authz/principal.ts';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { verifyApiToken } from './verify-api-token.ts';
import { createApiToken } from './create-api-token.ts';

setupTestDatabase();

describe('createApiToken', () => {
  it('returns the token once and stores only its sha256 and a 12-character prefix', async () => {
    const world = await teamWorld();
    const { token, apiToken } = await createApiToken(await principalFor(world.users.member.id), {
      teamId: world.team.id,
      name: '  ci  ',
      scope: 'WRITE',
    });
    expect(token).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ teamId: world.team.id, userId: world.users.member.id, name: 'ci', scope: 'WRITE', prefix: token.slice(0, 12) });
    expect(apiToken).not.toHaveProperty('tokenHash');
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await verifyApiToken(token)).toMatchObject({ tokenId: apiToken.id, scope: 'WRITE', role: 'MEMBER' });
    const events = await db.auditEvent.findMany({ where: { targetId: apiToken.id } });
    expect(events).toMatchObject([{ action: 'token.create', teamId: world.team.id, actorId: world.users.member.id, targetType: 'ApiToken' }]);
    expect(JSON.stringify(events[0].metadata)).not.toContain(token);
  });

  it('lets a viewer create read tokens only', async () => {
    const world = await teamWorld();
    const viewer = await principalFor(world.users.viewer.id);
    expect(await codeOf(createApiToken(viewer, { teamId: world.team.id, name: 'r', scope: 'READ' }))).toBe('OK');
    expect(await codeOf(createApiToken(viewer, { teamId: world.team.id, name: 'w', scope: 'WRITE' }))).toBe('FORBIDDEN');
  });

  it('refuses tokens in a team you are not in (NOT_FOUND), tokens minting tokens, and anonymous callers', async () => {
    const world = await teamWorld();
    const owner = await principalFor(world.users.owner.id);
    expect(await codeOf(createApiToken(owner, { teamId: world.otherTeam.id, name: 'x', scope: 'READ' }))).toBe('NOT_FOUND');
    const writeToken = await verifyApiToken(world.tokens.write);
    expect(await codeOf(createApiToken(writeToken, { teamId: world.team.id, name: 'x', scope: 'READ' }))).toBe('FORBIDDEN');
    expect(await codeOf(createApiToken(anonymous, { teamId: world.team.id, name: 'x', scope: 'READ' }))).toBe('UNAUTHENTICATED');
  });

  it('validates name, scope and expiry', async () => {
    const world = await teamWorld();
    const owner = await principalFor(world.users.owner.id);
    const teamId = world.team.id;
    for (const input of [
      { teamId, name: '', scope: 'READ' },
      { teamId, name: '   ', scope: 'READ' },
      { teamId, name: 'x'.repeat(101), scope: 'READ' },
      { teamId, name: 'x', scope: 'ADMIN' },
      { teamId, name: 'x', scope: 'READ', expiresInDays: 0 },
      { teamId, name: 'x', scope: 'READ', expiresInDays: 1.5 },
      { teamId, name: 'x', scope: 'READ', expiresAt: new Date(Date.now() - 1000) },
      { teamId, name: 'x', scope: 'READ', expiresAt: 'tomorrow-ish' },
    ]) {
      expect(await codeOf(createApiToken(owner, input as never)), JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    expect(await db.apiToken.count({ where: { teamId, userId: world.users.owner.id } })).toBe(0);
    const { apiToken } = await createApiToken(owner, { teamId, name: 'x'.repeat(100), scope: 'read', expiresInDays: 30 });
    expect(apiToken.scope).toBe('READ');
    expect(apiToken.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29.9 * 86_400_000);
  });

  it('creates a token for a named user from the admin CLI, within that user\'s role', async () => {
    const world = await teamWorld();
    const forViewer = { ...system, actorUserId: world.users.viewer.id };
    const { apiToken } = await createApiToken(forViewer, { teamId: world.team.id, name: 'cli', scope: 'READ' });
    expect(apiToken.userId).toBe(world.users.viewer.id);
    expect(await codeOf(createApiToken(forViewer, { teamId: world.team.id, name: 'cli', scope: 'WRITE' }))).toBe('FORBIDDEN');
    const outsider = { ...system, actorUserId: world.otherOwner.id };
    expect(await codeOf(createApiToken(outsider, { teamId: world.team.id, name: 'cli', scope: 'READ' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createApiToken(system, { teamId: world.team.id, name: 'cli', scope: 'READ' }))).toBe('BAD_USER_INPUT');
  });
});
