import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { createUserFixture } from '../../tests/helpers/fixtures.ts';
import { authenticateWithPassword } from './authenticate.ts';
import { SignInLockedError } from './sign-in-throttle.ts';

setupTestDatabase();
process.env.CAIRN_BCRYPT_COST = '4';

describe('authenticateWithPassword', () => {
  it('returns the user for the right password, whatever the email case and spacing', async () => {
    const { user, password } = await createUserFixture({ email: 'ada@example.com' });
    expect((await authenticateWithPassword('ada@example.com', password))?.id).toBe(user.id);
    expect((await authenticateWithPassword(' ADA@Example.com ', password))?.id).toBe(user.id);
  });

  it('returns null for a wrong password, an unknown email, or garbage', async () => {
    const { password } = await createUserFixture({ email: 'bob@example.com' });
    expect(await authenticateWithPassword('bob@example.com', password + 'x')).toBeNull();
    expect(await authenticateWithPassword('nobody@example.com', password)).toBeNull();
    for (const [email, pw] of [['', password], ['bob@example.com', ''], [undefined, password], ['bob@example.com', 42]]) {
      expect(await authenticateWithPassword(email, pw)).toBeNull();
    }
  });

  it('refuses password sign-in for users who only have OAuth', async () => {
    const user = await db.user.create({ data: { email: 'oauth-only@example.com' } });
    expect(user.passwordHash).toBeNull();
    expect(await authenticateWithPassword('oauth-only@example.com', 'anything-at-all')).toBeNull();
  });
});

describe('password guessing', () => {
  it('locks an account after too many failures, even for the right password, and not other accounts', async () => {
    process.env.CAIRN_SIGNIN_MAX_FAILURES = '3';
    try {
      const { user: target, password } = await createUserFixture({ email: 'target@example.com' });
      const { user: other, password: otherPassword } = await createUserFixture({ email: 'bystander@example.com' });
      for (let i = 0; i < 3; i++) expect(await authenticateWithPassword('target@example.com', `guess-${i}-wrong`)).toBeNull();
      await expect(authenticateWithPassword('target@example.com', password)).rejects.toBeInstanceOf(SignInLockedError);
      expect((await authenticateWithPassword('bystander@example.com', otherPassword))?.id).toBe(other.id);
      expect(await db.auditEvent.count({ where: { actorId: target.id, action: 'user.sign_in_failed' } })).toBe(3);
    } finally {
      delete process.env.CAIRN_SIGNIN_MAX_FAILURES;
    }
  });

  it('counts failures only since the last successful sign-in', async () => {
    process.env.CAIRN_SIGNIN_MAX_FAILURES = '3';
    try {
      const { user, password } = await createUserFixture({ email: 'forgetful@example.com' });
      for (let i = 0; i < 2; i++) await authenticateWithPassword('forgetful@example.com', 'not-the-password');
      expect((await authenticateWithPassword('forgetful@example.com', password))?.id).toBe(user.id);
      for (let i = 0; i < 2; i++) await authenticateWithPassword('forgetful@example.com', 'not-the-password');
      expect((await authenticateWithPassword('forgetful@example.com', password))?.id).toBe(user.id);
    } finally {
      delete process.env.CAIRN_SIGNIN_MAX_FAILURES;
    }
  });
});
