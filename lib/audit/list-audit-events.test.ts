import { beforeAll, describe, expect, it } from 'vitest';
import { anonymous, system } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, createUserFixture, principalFor, teamWorld, type TeamWorld } from '../../tests/helpers/fixtures.ts';
import { verifyApiToken } from '../tokens/verify-api-token.ts';
import { listAuditEvents } from './list-audit-events.ts';
import { recordAuditEvent } from './record-audit-event.ts';
import { recordSignInAttempt } from '../identity/sign-in-throttle.ts';

setupTestDatabase();

let world: TeamWorld;
const actions = (result: { events: { action: string }[] }) => result.events.map((e) => e.action);

beforeAll(async () => {
  world = await teamWorld();
  const owner = await principalFor(world.users.owner.id);
  for (let i = 0; i < 5; i++) await recordAuditEvent(db, { principal: owner, teamId: world.team.id, action: `test.step${i}`, targetType: 'Run', targetId: `run-${i}` });
  await recordAuditEvent(db, { principal: { ...(await principalFor(world.users.admin.id)), clientAddress: '192.0.2.4' }, teamId: world.team.id, action: 'member.remove', targetType: 'User', targetId: 'someone' });
  await recordAuditEvent(db, { principal: owner, teamId: world.otherTeam.id, action: 'test.other-team' });
  // Personal (team-less) events: of a member, and of a stranger.
  await recordSignInAttempt({ userId: world.users.viewer.id, email: world.users.viewer.email, succeeded: false, reason: 'password', clientAddress: '203.0.113.5' });
  await recordSignInAttempt({ userId: world.otherOwner.id, email: world.otherOwner.email, succeeded: true });
  await recordSignInAttempt({ userId: null, email: 'nobody@example.com', succeeded: false, reason: 'unknown-email' });
});

describe("a team's audit trail", () => {
  it("lists the team's events and its members' personal events, newest first, and nothing of others", async () => {
    const admin = await principalFor(world.users.admin.id);
    const all = await listAuditEvents(admin, { teamId: world.team.id, first: 100 });
    const mine = actions(all);
    expect(mine.slice(0, 7)).toEqual(['user.sign_in_failed', 'member.remove', 'test.step4', 'test.step3', 'test.step2', 'test.step1', 'test.step0']);
    expect(mine).not.toContain('test.other-team');
    expect(all.events.filter((e) => e.action === 'user.signed_in' && e.actorId === world.otherOwner.id)).toEqual([]);
    expect(all.events.filter((e) => e.actorEmail === 'nobody@example.com')).toEqual([]);
    expect(all.events[0]).toMatchObject({ actorId: world.users.viewer.id, actorEmail: world.users.viewer.email, clientAddress: '203.0.113.5', teamId: null, description: expect.stringContaining('sign-in failed') });
    expect(all.events[1]).toMatchObject({ actorName: 'admin', clientAddress: '192.0.2.4', targetType: 'User', targetId: 'someone', description: expect.any(String) });
  });

  it('pages by keyset without gaps or repeats', async () => {
    const admin = await principalFor(world.users.admin.id);
    const seen: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await listAuditEvents(admin, { teamId: world.team.id, first: 3, afterId });
      seen.push(...page.events.map((e) => e.id));
      if (!page.hasNextPage) break;
      afterId = page.events.at(-1)!.id;
    }
    const whole = (await listAuditEvents(admin, { teamId: world.team.id, first: 100 })).events.map((e) => e.id);
    expect(seen).toEqual(whole);
  });

  it('filters by actor (id or part of the email), action (name or prefix), target (id or type) and time', async () => {
    const admin = await principalFor(world.users.admin.id);
    const list = (filter: Record<string, unknown>) => listAuditEvents(admin, { teamId: world.team.id, first: 100, ...filter }).then(actions);
    expect(await list({ actor: world.users.admin.id })).toEqual(['member.remove']);
    expect(await list({ actor: world.users.viewer.email.slice(0, 12).toUpperCase() })).toEqual(['user.sign_in_failed']);
    expect(await list({ actor: '%' })).toEqual([]); // a literal percent sign, not a wildcard
    expect(await list({ action: 'test.step2' })).toEqual(['test.step2']);
    expect(await list({ action: 'test.' })).toEqual(['test.step4', 'test.step3', 'test.step2', 'test.step1', 'test.step0']);
    expect(await list({ target: 'run-3' })).toEqual(['test.step3']);
    expect((await list({ target: 'run' })).length).toBe(5);
    expect(await list({ since: new Date(Date.now() + 60_000) })).toEqual([]);
    expect((await list({ until: new Date(Date.now() + 60_000) })).length).toBeGreaterThanOrEqual(7);
  });

  it('is for admins and owners in a session; another team is NOT_FOUND; bad input is BAD_USER_INPUT', async () => {
    expect(await codeOf(listAuditEvents(await principalFor(world.users.owner.id), { teamId: world.team.id }))).toBe('OK');
    expect(await codeOf(listAuditEvents(await principalFor(world.users.member.id), { teamId: world.team.id }))).toBe('FORBIDDEN');
    expect(await codeOf(listAuditEvents(await verifyApiToken(world.tokens.write), { teamId: world.team.id }))).toBe('FORBIDDEN');
    expect(await codeOf(listAuditEvents(anonymous, { teamId: world.team.id }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(listAuditEvents(await principalFor(world.users.admin.id), { teamId: world.otherTeam.id }))).toBe('NOT_FOUND');
    for (const bad of [{ afterId: 'x' }, { first: 0 }, { first: 10_000 }, { actor: 'x'.repeat(400) }, { since: 'not a date' }]) {
      expect(await codeOf(listAuditEvents(await principalFor(world.users.admin.id), { teamId: world.team.id, ...bad } as never))).toBe('BAD_USER_INPUT');
    }
  });
});

describe("the instance's audit trail", () => {
  it('shows instance admins every event, team-less ones included, and nobody else', async () => {
    const { user: root } = await createUserFixture({ isInstanceAdmin: true });
    const all = actions(await listAuditEvents(await principalFor(root.id), { first: 500 }));
    expect(all).toEqual(expect.arrayContaining(['test.other-team', 'member.remove', 'user.signed_in']));
    const unknown = await listAuditEvents(system, { actor: 'nobody@example.com' });
    expect(unknown.events).toMatchObject([{ action: 'user.sign_in_failed', actorId: null, metadata: { reason: 'unknown-email' } }]);
    expect(await codeOf(listAuditEvents(await principalFor(world.users.owner.id), {}))).toBe('FORBIDDEN');
  });
});
