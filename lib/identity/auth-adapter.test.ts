// The Prisma adapter as Cairn adjusts it for OAuth sign-ups (needs next-auth inlined by vitest).
import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { cairnAdapter } from './auth.ts';

setupTestDatabase();

describe('cairnAdapter', () => {
  const adapter = cairnAdapter();

  it('makes the first OAuth user the instance admin, and nobody after', async () => {
    const first = await adapter.createUser!({ id: 'ignored', email: 'First@Example.com', emailVerified: null, name: 'First' });
    const second = await adapter.createUser!({ id: 'ignored', email: 'second@example.com', emailVerified: null });
    expect(await db.user.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ email: 'first@example.com', isInstanceAdmin: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ isInstanceAdmin: false, passwordHash: null });
    expect((await adapter.getUserByEmail!('FIRST@example.com'))?.id).toBe(first.id);
  });

  it('links an account keeping only the columns the table has', async () => {
    const user = await adapter.createUser!({ id: 'ignored', email: 'linked@example.com', emailVerified: null });
    await adapter.linkAccount!({
      userId: user.id,
      type: 'oauth',
      provider: 'github',
      providerAccountId: '42',
      access_token: 'gho_x',
      token_type: 'bearer',
      scope: 'read:user,user:email',
      refresh_token_expires_in: 15897600,
    });
    expect((await adapter.getUserByAccount!({ provider: 'github', providerAccountId: '42' }))?.id).toBe(user.id);
  });
});
