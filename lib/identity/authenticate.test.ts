import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { createUserFixture } from '../../tests/helpers/fixtures.ts';
import { authenticateWithPassword } from './authenticate.ts';

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
