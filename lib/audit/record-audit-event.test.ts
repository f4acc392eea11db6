import { describe, expect, it } from 'vitest';
import { system } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { teamWorld } from '../../tests/helpers/fixtures.ts';
import { verifyApiToken } from '../tokens/verify-api-token.ts';
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

describe('what an event keeps', () => {
  it("records the actor's email and the request's client address", async () => {
    const world = await teamWorld();
    const token = { ...(await verifyApiToken(world.tokens.write)), clientAddress: '198.51.100.7' };
    await recordAuditEvent(db, { principal: token, teamId: world.team.id, action: 'run.delete', targetType: 'Run', targetId: 'r2' });
    expect(await db.auditEvent.findFirstOrThrow({ where: { targetId: 'r2' } })).toMatchObject({ actorEmail: world.users.member.email, ip: '198.51.100.7' });
  });

  it('outlives its team and its actor: the references go, the email and the action stay', async () => {
    const world = await teamWorld();
    const token = await verifyApiToken(world.tokens.write);
    await recordAuditEvent(db, { principal: token, teamId: world.team.id, action: 'run.delete', targetType: 'Run', targetId: 'r3' });
    await db.team.delete({ where: { id: world.team.id } });
    await db.user.delete({ where: { id: world.users.member.id } });
    expect(await db.auditEvent.findFirstOrThrow({ where: { targetId: 'r3' } })).toMatchObject({
      teamId: null,
      actorId: null,
      tokenId: null,
      actorEmail: world.users.member.email,
      action: 'run.delete',
    });
  });
});
