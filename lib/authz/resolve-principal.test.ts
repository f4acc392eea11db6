import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import {
  addMembershipFixture,
  codeOf,
  createTeamFixture,
  createTokenFixture,
  createUserFixture,
  principalFor,
  sessionCookieFor,
  teamWorld,
} from '../../tests/helpers/fixtures.ts';
import { revokeApiToken } from '../tokens/revoke-api-token.ts';
import { resolvePrincipal } from './resolve-principal.ts';

setupTestDatabase();

const request = (headers: Record<string, string> = {}) => new Request('http://localhost/api/x', { headers });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('resolvePrincipal', () => {
  it('is anonymous without credentials', async () => {
    expect(await resolvePrincipal(request())).toEqual({ kind: 'anonymous' });
  });

  it('resolves a Bearer token to its team, scope and user role', async () => {
    const world = await teamWorld();
    const principal = await resolvePrincipal(request({ authorization: `Bearer ${world.tokens.write}` }));
    expect(principal).toMatchObject({ kind: 'token', teamId: world.team.id, userId: world.users.member.id, scope: 'WRITE', role: 'MEMBER' });
  });

  it('accepts the token as the Basic password whatever the username', async () => {
    const world = await teamWorld();
    for (const username of [world.users.member.email, 'anything', '']) {
      const principal = await resolvePrincipal(request({ authorization: basic(username, world.tokens.read) }));
      expect(principal).toMatchObject({ kind: 'token', teamId: world.team.id, scope: 'READ' });
    }
  });

  it('refuses unknown, malformed, revoked and expired tokens with UNAUTHENTICATED', async () => {
    const world = await teamWorld();
    const revoked = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'READ' });
    await revokeApiToken(await principalFor(world.users.member.id), { tokenId: revoked.id });
    const expired = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'READ' });
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const unknown = `cairn_${'A'.repeat(43)}`;
    for (const authorization of [
      `Bearer ${revoked.token}`,
      basic('x', revoked.token),
      `Bearer ${expired.token}`,
      `Bearer ${unknown}`,
      'Bearer cairn_definitely_not_a_token',
      'Bearer ',
      'Bearer',
      basic('x', ''),
      'Basic !!!not-base64',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      `Token ${world.tokens.read}`,
    ]) {
      // A session cookie next to bad credentials does not rescue them.
      expect(await codeOf(resolvePrincipal(request({ authorization, cookie: world.cookies.member })))).toBe('UNAUTHENTICATED');
    }
  });

  it('stops accepting a token when its user leaves the team, and follows role changes', async () => {
    const world = await teamWorld();
    await db.membership.update({
      where: { teamId_userId: { teamId: world.team.id, userId: world.users.member.id } },
      data: { role: 'VIEWER' },
    });
    expect(await resolvePrincipal(request({ authorization: `Bearer ${world.tokens.write}` }))).toMatchObject({ role: 'VIEWER' });
    await db.membership.delete({ where: { teamId_userId: { teamId: world.team.id, userId: world.users.member.id } } });
    expect(await codeOf(resolvePrincipal(request({ authorization: `Bearer ${world.tokens.write}` })))).toBe('UNAUTHENTICATED');
  });

  it('resolves a session cookie to the user with every membership', async () => {
    const { user } = await createUserFixture({ isInstanceAdmin: true });
    const a = await createTeamFixture();
    const b = await createTeamFixture();
    await addMembershipFixture(a.id, user.id, 'OWNER');
    await addMembershipFixture(b.id, user.id, 'VIEWER');
    const principal = await resolvePrincipal(request({ cookie: `theme=dark; ${await sessionCookieFor(user)}; other=1` }));
    expect(principal).toEqual({
      kind: 'user',
      userId: user.id,
      email: user.email,
      isInstanceAdmin: true,
      memberships: new Map([
        [a.id, 'OWNER'],
        [b.id, 'VIEWER'],
      ]),
    });
  });

  it('reads the __Secure- cookie and cookies Auth.js split into chunks', async () => {
    const { user } = await createUserFixture();
    const secure = await sessionCookieFor(user, { secure: true });
    expect(secure.startsWith('__Secure-authjs.session-token=')).toBe(true);
    expect(await resolvePrincipal(request({ cookie: secure }))).toMatchObject({ kind: 'user', userId: user.id });
    const plain = await sessionCookieFor(user);
    const value = plain.slice(plain.indexOf('=') + 1);
    const half = Math.floor(value.length / 2);
    const chunked = `authjs.session-token.0=${value.slice(0, half)}; authjs.session-token.1=${value.slice(half)}`;
    expect(await resolvePrincipal(request({ cookie: chunked }))).toMatchObject({ kind: 'user', userId: user.id });
  });

  it('treats expired, tampered and orphaned sessions as anonymous', async () => {
    const { user } = await createUserFixture();
    const expired = await sessionCookieFor(user, { maxAge: -60 });
    expect(await resolvePrincipal(request({ cookie: expired }))).toEqual({ kind: 'anonymous' });
    const valid = await sessionCookieFor(user);
    const tampered = valid.slice(0, -4) + (valid.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await resolvePrincipal(request({ cookie: tampered }))).toEqual({ kind: 'anonymous' });
    await db.user.delete({ where: { id: user.id } });
    expect(await resolvePrincipal(request({ cookie: valid }))).toEqual({ kind: 'anonymous' });
  });
});
