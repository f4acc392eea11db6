import { describe, expect, it } from 'vitest';
import { system } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { verifyApiToken } from '../tokens/verify-api-token.ts';
import { listAuditEvents } from './list-audit-events.ts';
import { recordAuditEvent } from './record-audit-event.ts';

setupTestDatabase();

describe('recordAuditEvent', () => {
  it('records the actor, the token and the target, and only when the transaction commits', async () => {
    const world = await teamWorld();
    const token = await verifyApiToken(world.tokens.write);
    await recordAuditEvent(db, { principal: token, teamId: world.team.id, action: 'run.delete', targetType: 'Run', targetId: 'r1', metadata: { n: 1, skip: undefined } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'run.delete' } });
    expect(event).toMatchObject({ teamId: world.team.id, actorId: world.users.member.id, targetType: 'Run', targetId: 'r1', metadata: { n: 1 } });
    expect(event.tokenId).toBe((token as { tokenId: string }).tokenId);

    await expect(
      db.$transaction(async (tx) => {
        await recordAuditEvent(tx, { principal: system, action: 'never.committed' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.auditEvent.count({ where: { action: 'never.committed' } })).toBe(0);

    await recordAuditEvent(db, { principal: system, action: 'user.create' });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'user.create' } })).toMatchObject({ teamId: null, actorId: null, tokenId: null, metadata: { via: 'admin-cli' } });
  });
});

describe('listAuditEvents', () => {
  it("pages through a team's events newest first, for admins only", async () => {
    const world = await teamWorld();
    // Only these events in the team (making the world's tokens recorded some already).
    await db.auditEvent.deleteMany({ where: { teamId: world.team.id } });
    const owner = await principalFor(world.users.owner.id);
    for (let i = 0; i < 5; i++) await recordAuditEvent(db, { principal: owner, teamId: world.team.id, action: `test.${i}` });
    await recordAuditEvent(db, { principal: owner, teamId: world.otherTeam.id, action: 'test.other' });

    const admin = await principalFor(world.users.admin.id);
    const first = await listAuditEvents(admin, { teamId: world.team.id, first: 3 });
    expect(first.events.map((e) => e.action)).toEqual(['test.4', 'test.3', 'test.2']);
    expect(first.events[0]!.actor).toMatchObject({ id: world.users.owner.id, email: world.users.owner.email });
    const second = await listAuditEvents(admin, { teamId: world.team.id, first: 3, after: first.nextCursor });
    expect(second.events.map((e) => e.action)).toEqual(['test.1', 'test.0']);
    expect(second.nextCursor).toBeNull();

    expect(await codeOf(listAuditEvents(await principalFor(world.users.member.id), { teamId: world.team.id }))).toBe('FORBIDDEN');
    expect(await codeOf(listAuditEvents(await verifyApiToken(world.tokens.read), { teamId: world.team.id }))).toBe('FORBIDDEN');
    expect(await codeOf(listAuditEvents(admin, { teamId: world.otherTeam.id }))).toBe('NOT_FOUND');
    expect(await codeOf(listAuditEvents(admin, { teamId: world.team.id, after: 'garbage' }))).toBe('BAD_USER_INPUT');
  });
});
