// The user's session version (users.session_version): sessions carry the version they were
// issued under (session-cookie.ts); bumping it ends every session issued before.
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { announcePrincipalChange } from '../authz/principal-changes.ts';

/** The version a session issued now carries, or null when the user does not exist. */
export async function currentSessionVersion(userId: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? null;
}

/** Ends every session of the user issued so far; returns the new version. */
export async function bumpSessionVersion(client: Prisma.TransactionClient, userId: string): Promise<number> {
  const user = await client.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
  await announcePrincipalChange(client, [userId]); // callers forgetPrincipals() after the commit
  return user.sessionVersion;
}
