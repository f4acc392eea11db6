import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { createUser } from './create-user.ts';
import { hashPassword, verifyPassword } from './hash-password.ts';

setupTestDatabase();
beforeAll(() => {
  process.env.CAIRN_BCRYPT_COST = '4';
});

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message?: string };
  }
  throw new Error('expected an error');
}

describe('hashPassword / verifyPassword', () => {
  it('hashes with bcrypt at the configured cost and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('uses cost 12 unless told otherwise', async () => {
    const saved = process.env.CAIRN_BCRYPT_COST;
    delete process.env.CAIRN_BCRYPT_COST;
    try {
      expect(await hashPassword('quiet-lantern-47')).toMatch(/^\$2[aby]\$12\$/);
    } finally {
      process.env.CAIRN_BCRYPT_COST = saved;
    }
  });
});

describe('createUser', () => {
  it('normalizes the email, trims the name and stores only a hash', async () => {
    const user = await createUser({ email: '  Ada.Lovelace@Example.COM ', password: 'analytical-engine', name: '  Ada  ' });
    expect(user).toMatchObject({ email: 'ada.lovelace@example.com', name: 'Ada', isInstanceAdmin: false });
    expect(user.passwordHash).not.toContain('analytical-engine');
    expect(await verifyPassword('analytical-engine', user.passwordHash!)).toBe(true);
  });

  it('makes instance admins only when asked', async () => {
    expect((await createUser({ email: 'root@example.com', password: 'quiet-lantern-47', isInstanceAdmin: true })).isInstanceAdmin).toBe(true);
  });

  it('refuses passwords under 10 characters, and over 72 bytes (bcrypt would ignore the rest)', async () => {
    expect(await errorOf(createUser({ email: 'short@example.com', password: '123456789' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'Password must be at least 10 characters',
    });
    expect((await errorOf(createUser({ email: 'long@example.com', password: 'x'.repeat(73) }))).code).toBe('BAD_USER_INPUT');
    expect(await createUser({ email: 'exactly10@example.com', password: 'vx7#Kq2!mZ' })).toMatchObject({ email: 'exactly10@example.com' });
    expect(await db.user.count({ where: { email: { in: ['short@example.com', 'long@example.com'] } } })).toBe(0);
  });

  it('refuses guessable passwords whatever their length, saying why and what would help', async () => {
    for (const password of ['password1234', '0123456789', 'qwertyuiopasdf', 'aaaaaaaaaaaaaaaa', 'iloveyou2024', 'P@ssw0rd2024!']) {
      const error = (await errorOf(createUser({ email: 'weak@example.com', password }))) as { code?: string; message?: string; details?: Record<string, unknown> };
      expect({ password, code: error.code }).toEqual({ password, code: 'BAD_USER_INPUT' });
      expect(error.message).toMatch(/^Password is too weak: \S/);
      expect(error.details).toMatchObject({ field: 'password', score: expect.any(Number) });
      expect(error.details!.score as number).toBeLessThan(3);
    }
    expect(await db.user.count({ where: { email: 'weak@example.com' } })).toBe(0);
  });

  it("refuses a password built on the account's own email or name", async () => {
    const error = await errorOf(createUser({ email: 'grace.hopper@example.com', password: 'gracehopper1', name: 'Grace Hopper' }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Password is too weak/) });
    // The same password on an unrelated account is fine: the account's words made it weak.
    expect(await createUser({ email: 'someone@example.com', password: 'gracehopper1', name: 'Someone' })).toMatchObject({ email: 'someone@example.com' });
  });

  it('refuses malformed emails and missing fields', async () => {
    for (const input of [
      { email: 'not-an-email', password: 'quiet-lantern-47' },
      { email: '', password: 'quiet-lantern-47' },
      { email: undefined, password: 'quiet-lantern-47' },
      { email: 'ok@example.com', password: undefined },
    ]) {
      expect((await errorOf(createUser(input as never))).code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses a duplicate email, whatever its case, with ALREADY_EXISTS', async () => {
    await createUser({ email: 'grace@example.com', password: 'quiet-lantern-47' });
    expect(await errorOf(createUser({ email: 'GRACE@example.com ', password: 'another-password' }))).toMatchObject({
      code: 'ALREADY_EXISTS',
      message: 'A user with this email already exists',
    });
    expect(await db.user.count({ where: { email: 'grace@example.com' } })).toBe(1);
  });

  it('turns a concurrent duplicate into ALREADY_EXISTS, not a crash', async () => {
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => createUser({ email: 'race@example.com', password: 'quiet-lantern-47' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toBe('ALREADY_EXISTS');
  });

  it('writes inside the caller transaction when given one', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await createUser({ email: 'rolled-back@example.com', password: 'quiet-lantern-47' }, tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.user.findUnique({ where: { email: 'rolled-back@example.com' } })).toBeNull();
  });
});
