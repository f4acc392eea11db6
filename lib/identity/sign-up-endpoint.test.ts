// POST /api/auth/signup and GET /api/auth/signup-mode over HTTP (what the sign-up page calls).
// Under `npm test` the server is a separate process started with this file's environment, so
// nothing here changes the environment afterwards: the instance stays in its default mode.
import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { createInvitation } from '../teams/create-invitation.ts';
import { setupTestApp } from '../../tests/helpers/app.ts';
import { addMembershipFixture, createTeamFixture, principalFor } from '../../tests/helpers/fixtures.ts';

process.env.CAIRN_BCRYPT_COST = '4'; // before the server starts (in setupTestApp's beforeAll)
delete process.env.CAIRN_SIGNUP;
const app = setupTestApp();

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.fetch('/api/auth/signup', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const mode = async () => (await app.fetch('/api/auth/signup-mode')).json();

// In order: the instance starts empty.
describe('sign-up endpoints', () => {
  it('reports open sign-up for the first user, then creates that user as 201', async () => {
    expect(await mode()).toEqual({ mode: 'open', firstUser: true });
    const response = await post({ email: 'Founder@Example.com', password: 'founder-password', name: 'Founder' });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({ user: { id: expect.any(String), email: 'founder@example.com', name: 'Founder' }, teamSlug: null });
    expect(JSON.stringify(body)).not.toMatch(/hash|password/i);
    expect((await db.user.findUniqueOrThrow({ where: { id: body.user.id } })).isInstanceAdmin).toBe(true);
  });

  it('then reports invite-only and refuses walk-ins with 403 FORBIDDEN', async () => {
    expect(await mode()).toEqual({ mode: 'invite', firstUser: false });
    const response = await post({ email: 'walk-in@example.com', password: 'walk-in-password' });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('invite-only') });
  });

  it('joins a team by invite link: 201 with the team slug', async () => {
    const founder = await db.user.findUniqueOrThrow({ where: { email: 'founder@example.com' } });
    const team = await createTeamFixture();
    await addMembershipFixture(team.id, founder.id, 'OWNER');
    const { token } = await createInvitation(await principalFor(founder.id), { teamId: team.id, role: 'MEMBER' });
    const response = await post({ email: 'invited@example.com', password: 'invited-password', inviteToken: token });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.teamSlug).toBe(team.slug);
    expect(await db.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: body.user.id } } })).toMatchObject({ role: 'MEMBER' });
  });

  it('answers bad input with 400, a duplicate with 409, and a bad invite link with 400', async () => {
    const founder = await db.user.findUniqueOrThrow({ where: { email: 'founder@example.com' } });
    const team = await createTeamFixture();
    await addMembershipFixture(team.id, founder.id, 'OWNER');
    const { token } = await createInvitation(await principalFor(founder.id), { teamId: team.id, role: 'MEMBER' });
    const weak = await post({ email: 'weak@example.com', password: 'short' });
    expect(weak.status).toBe(400);
    expect(await weak.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'Password must be at least 10 characters' } });
    const guessable = await post({ email: 'weak@example.com', password: 'password123456' });
    expect(guessable.status).toBe(400);
    expect(await guessable.json()).toEqual({
      error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Password is too weak: .*commonly used password/) },
    });
    const duplicate = await post({ email: 'FOUNDER@example.com', password: 'another-password', inviteToken: token });
    expect(duplicate.status).toBe(409);
    expect((await duplicate.json()).error.code).toBe('ALREADY_EXISTS');
    const badInvite = await post({ email: 'hopeful@example.com', password: 'hopeful-password', inviteToken: 'x'.repeat(43) });
    expect(badInvite.status).toBe(400);
    expect((await badInvite.json()).error.code).toBe('BAD_USER_INPUT');
    expect(await db.user.count({ where: { email: { in: ['weak@example.com', 'hopeful@example.com'] } } })).toBe(0);
    // The refused duplicate did not use up the invitation.
    expect(await db.invitation.count({ where: { teamId: team.id, acceptedAt: null } })).toBe(1);
  });

  it('refuses malformed bodies with 400 or 413, never 500', async () => {
    for (const [body, headers] of [
      ['{not json', { 'content-type': 'application/json' }],
      ['[1,2]', { 'content-type': 'application/json' }],
      ['email=a@b.c&password=0123456789', { 'content-type': 'application/x-www-form-urlencoded' }],
      [JSON.stringify({ email: 42, password: ['x'] }), { 'content-type': 'application/json' }],
      ['{}', { 'content-type': 'application/json' }],
    ] as const) {
      const response = await post(body, headers);
      expect(response.status, body).toBe(400);
      expect((await response.json()).error.code).toBe('BAD_USER_INPUT');
    }
    const huge = await post({ email: 'big@example.com', password: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
  });
});
