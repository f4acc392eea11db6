// Invite link secrets: 32 random bytes in base64url, shown once in the link
// (/invite/<secret>); only their sha256 is stored, so a database dump reveals no live link.
import { createHash, randomBytes } from 'node:crypto';

const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `token` can be an invitation secret at all (garbage needs no database lookup). */
export function looksLikeInvitationToken(token: string): boolean {
  return SECRET_SHAPE.test(token);
}

export function generateInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
}

export const invitationPath = (token: string) => `/invite/${token}`;
