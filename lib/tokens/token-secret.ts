// API token secrets: `cairn_` + 32 random bytes in base64url. Only the sha256 is stored
// (a token has 256 bits of entropy, so a fast hash is enough; no per-token salt needed to
// look it up by hash), plus a short prefix people can recognise in the UI.
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'cairn_';
const TOKEN_SHAPE = /^cairn_[A-Za-z0-9_-]{43}$/;
const DISPLAY_PREFIX_LENGTH = 12;

export function hashToken(raw: string): string {
  return createHash('sha256').update(raw, 'utf8').digest('hex');
}

/** Whether `raw` can be a Cairn token at all (saves a database round trip for garbage). */
export function looksLikeToken(raw: string): boolean {
  return TOKEN_SHAPE.test(raw);
}

export function generateToken(): { token: string; tokenHash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token), prefix: token.slice(0, DISPLAY_PREFIX_LENGTH) };
}
