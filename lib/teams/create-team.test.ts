import { describe, expect, it } from 'vitest';
import { system, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, createUserFixture, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { createTeam } from './create-team.ts';
import { logMetric } from '../tracking/run-data/log-batch.ts';
import { deleteTeam } from './delete-team.ts';
import { getTeam } from './get-team.ts';
import { listTeams } from './list-teams.ts';
import { updateTeam } from './update-team.ts';
import { slugFromName } from './team-slug.ts';

setupTestDatabase();

async function newUser(): Promise<Principal> {
  const { user } = await createUserFixture();
  return principalFor(user.id);
}

describe('slugFromName', () => {
  it('folds accents and punctuation into dashes, with a fallback for names without letters', () => {
    expect(slugFromName('Vision & Speech (EU)')).toBe('vision-speech-eu');
    expect(slugFromName('  Équipe Données  ')).toBe('equipe-donnees');
    expect(slugFromName('数据')).toBe('team');
    expect(slugFromName('x'.repeat(80))).toHaveLength(48);
  });
});

describe('createTeam', () => {
  it('makes the creating user its OWNER and records an audit event', async () => {
    const principal = await newUser();
    const team = await createTeam(principal, { name: 'Vision Lab' });
    expect(team).toMatchObject({ name: 'Vision Lab', slug: 'vision-lab' });
    const membership = await db.membership.findMany({ where: { teamId: team.id } });
    expect(membership).toEqual([expect.objectContaining({ userId: (principal as { userId: string }).userId, role: 'OWNER' })]);
    const events = await db.auditEvent.findMany({ where: { teamId: team.id } });
    expect(events).toEqual([expect.objectContaining({ action: 'team.create', actorId: (principal as { userId: string }).userId })]);
  });

  it('adds a short suffix when the derived slug is taken, but refuses a taken explicit slug', async () => {
    const principal = await newUser();
    const first = await createTeam(principal, { name: 'Same Name' });
    const second = await createTeam(principal, { name: 'Same Name' });
    expect(first.slug).toBe('same-name');
    expect(second.slug).toMatch(/^same-name-[a-z0-9]{5}$/);
    const taken = createTeam(principal, { name: 'Other', slug: 'same-name' });
    await expect(taken).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await db.team.count({ where: { name: 'Other' } })).toBe(0);
  });

  it('validates the name and an explicit slug', async () => {
    const principal = await newUser();
    for (const input of [{ name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 'ok', slug: 'a' }, { name: 'ok', slug: 'no spaces' }, { name: 'ok', slug: '-dash' }]) {
      expect(await codeOf(createTeam(principal, input))).toBe('BAD_USER_INPUT');
    }
    expect(await createTeam(principal, { name: 'ok', slug: 'My-Team-2' })).toMatchObject({ slug: 'my-team-2' });
  });

  it('lets the system principal create a team without members; tokens and anonymous cannot', async () => {
    const team = await createTeam(system, { name: 'CLI team' });
    expect(await db.membership.count({ where: { teamId: team.id } })).toBe(0);
    const world = await teamWorld();
    const token: Principal = { kind: 'token', userId: world.users.owner.id, email: world.users.owner.email, tokenId: 'x', teamId: world.team.id, scope: 'WRITE', role: 'OWNER' };
    expect(await codeOf(createTeam(token, { name: 'nope' }))).toBe('FORBIDDEN');
    expect(await codeOf(createTeam({ kind: 'anonymous' }, { name: 'nope' }))).toBe('UNAUTHENTICATED');
  });
});

describe('listTeams and getTeam', () => {
  it("lists only the principal's teams with its role; another team is NOT_FOUND", async () => {
    const world = await teamWorld();
    const viewer = await principalFor(world.users.viewer.id);
    const mine = await listTeams(viewer);
    expect(mine).toEqual([{ team: expect.objectContaining({ id: world.team.id }), role: 'VIEWER' }]);
    expect(await getTeam(viewer, { slug: world.team.slug })).toMatchObject({ team: { id: world.team.id }, role: 'VIEWER' });
    expect(await getTeam(viewer, { id: world.team.id })).toMatchObject({ role: 'VIEWER' });
    expect(await getTeam(viewer, { teamId: world.team.id })).toMatchObject({ role: 'VIEWER' });
    expect(await codeOf(getTeam(viewer, { slug: world.otherTeam.slug }))).toBe('NOT_FOUND');
    expect(await codeOf(getTeam(viewer, { slug: 'no-such-team' }))).toBe('NOT_FOUND');
    expect(await codeOf(listTeams({ kind: 'anonymous' }))).toBe('UNAUTHENTICATED');
  });
});

describe('updateTeam', () => {
  it('renames for admins, refuses members, hides other teams, and keeps slugs unique', async () => {
    const world = await teamWorld();
    const admin = await principalFor(world.users.admin.id);
    const member = await principalFor(world.users.member.id);
    expect(await updateTeam(admin, { teamId: world.team.id, name: 'Renamed' })).toMatchObject({ name: 'Renamed', slug: world.team.slug });
    expect(await codeOf(updateTeam(member, { teamId: world.team.id, name: 'Nope' }))).toBe('FORBIDDEN');
    expect(await codeOf(updateTeam(admin, { teamId: world.otherTeam.id, name: 'Nope' }))).toBe('NOT_FOUND');
    expect(await codeOf(updateTeam(admin, { teamId: world.team.id, slug: world.otherTeam.slug }))).toBe('ALREADY_EXISTS');
    expect(await codeOf(updateTeam(admin, { teamId: world.team.id }))).toBe('BAD_USER_INPUT');
    expect(await db.auditEvent.count({ where: { teamId: world.team.id, action: 'team.update' } })).toBe(1);
  });
});

describe('deleteTeam', () => {
  it('is for owners only and cascades to what the team holds', async () => {
    const world = await teamWorld();
    const admin = await principalFor(world.users.admin.id);
    const owner = await principalFor(world.users.owner.id);
    expect(await codeOf(deleteTeam(admin, { teamId: world.team.id }))).toBe('FORBIDDEN');
    expect(await codeOf(deleteTeam(owner, { teamId: world.otherTeam.id }))).toBe('NOT_FOUND');
    const project = await db.project.create({ data: { teamId: world.team.id, name: 'p', artifactLocation: 'file:///tmp/p' } });
    await db.run.create({ data: { id: 'a'.repeat(32), projectId: project.id, teamId: world.team.id, name: 'r', startTime: 1n, artifactUri: 'file:///tmp/p/r' } });
    await logMetric(owner, { runId: 'a'.repeat(32), key: 'loss', value: 1, timestamp: 1 });
    await deleteTeam(owner, { teamId: world.team.id });
    // Metric points have no foreign key to cascade along: deleteTeam deletes them itself.
    expect(await db.metricPoint.count({ where: { runId: 'a'.repeat(32) } })).toBe(0);
    expect(await db.team.findUnique({ where: { id: world.team.id } })).toBeNull();
    expect(await db.membership.count({ where: { teamId: world.team.id } })).toBe(0);
    expect(await db.project.count({ where: { teamId: world.team.id } })).toBe(0);
    expect(await db.run.count({ where: { teamId: world.team.id } })).toBe(0);
    expect(await db.apiToken.count({ where: { teamId: world.team.id } })).toBe(0);
    expect(await db.auditEvent.findFirst({ where: { action: 'team.delete', targetId: world.team.id } })).toMatchObject({ teamId: null });
    // The other team and the users are untouched.
    expect(await db.membership.count({ where: { teamId: world.otherTeam.id } })).toBe(1);
    expect(await db.user.count({ where: { id: world.users.owner.id } })).toBe(1);
  });
});
