// Share link secrets: 32 random bytes (256 bits) in base64url, in the link (/s/<secret>) and
// nowhere else: only their sha256 is stored, they never go into logs, audit events or errors.
import { createHash, randomBytes } from 'node:crypto';

const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The header the share page's requests carry the secret in (never a cookie: it is sent only when asked). */
export const SHARE_HEADER = 'x-cairn-share';

export function hashShareSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` can be a share secret at all (garbage needs no database lookup). */
export function looksLikeShareSecret(secret: unknown): secret is string {
  return typeof secret === 'string' && SECRET_SHAPE.test(secret);
}

export function generateShareSecret(): { secret: string; tokenHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, tokenHash: hashShareSecret(secret) };
}

export const sharePath = (secret: string) => `/s/${secret}`;
