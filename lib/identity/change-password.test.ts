import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestApp } from '../../tests/helpers/app.ts';
import { createUserFixture, sessionCookieFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { gql } from '../../tests/graphql/client.ts';
import { authenticateWithPassword } from './authenticate.ts';

const app = setupTestApp();

const change = (cookie: string | null, currentPassword: string, newPassword: string) =>
  gql(app, 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) }', { input: { currentPassword, newPassword } }, cookie ? { cookie } : null);

describe('changePassword', () => {
  it('sets the new password, ends every session, and is audited', async () => {
    const { user, password } = await createUserFixture();
    const cookie = await sessionCookieFor(user);
    const other = await sessionCookieFor(user);
    expect(await change(cookie, password, 'granite-orbit-velvet-9')).toMatchObject({ code: 'OK', data: { changePassword: true } });
    expect(await authenticateWithPassword(user.email, password)).toBeNull();
    expect((await authenticateWithPassword(user.email, 'granite-orbit-velvet-9'))?.id).toBe(user.id);
    for (const session of [cookie, other]) expect((await gql(app, '{ viewer { id } }', {}, { cookie: session })).code).toBe('UNAUTHENTICATED');
    expect(await db.auditEvent.count({ where: { action: 'user.password_change', actorId: user.id } })).toBe(1);
  });

  it('refuses a wrong current password (counted as a failed sign-in), a weak or unchanged new one, and writes nothing', async () => {
    const { user, password } = await createUserFixture();
    const cookie = await sessionCookieFor(user);
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const wrong = await change(cookie, 'not-my-password', 'granite-orbit-velvet-9');
    expect(wrong).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ message: 'The current password is wrong' }] });
    expect(await db.auditEvent.count({ where: { action: 'user.sign_in_failed', actorId: user.id } })).toBe(1);
    const weak = await change(cookie, password, 'password1234');
    expect(weak.code).toBe('BAD_USER_INPUT');
    expect(weak.errors?.[0]?.message).toMatch(/^Password is too weak/);
    expect(weak.errors?.[0]?.extensions?.details).toMatchObject({ field: 'newPassword' });
    expect((await change(cookie, password, password)).code).toBe('BAD_USER_INPUT');
    expect((await change(cookie, password, 'short')).code).toBe('BAD_USER_INPUT');
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
    expect((await gql(app, '{ viewer { id } }', {}, { cookie })).code).toBe('OK');
  });

  it('is for a signed-in person only: not anonymous, not a token, not an OAuth-only account', async () => {
    const world = await teamWorld();
    expect((await change(null, 'x', 'granite-orbit-velvet-9')).code).toBe('UNAUTHENTICATED');
    const byToken = await gql(app, 'mutation($input: ChangePasswordInput!) { changePassword(input: $input) }', { input: { currentPassword: 'x', newPassword: 'granite-orbit-velvet-9' } }, { token: world.tokens.write });
    expect(byToken.code).toBe('FORBIDDEN');
    const oauthOnly = await db.user.create({ data: { email: 'oauth-only@example.com' } });
    expect((await change(await sessionCookieFor(oauthOnly), 'anything', 'granite-orbit-velvet-9')).code).toBe('BAD_USER_INPUT');
  });
});
