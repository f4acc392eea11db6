// The Auth.js session cookie, read and written outside Auth.js: route handlers resolve the
// principal from the Request alone (no next/headers), and test fixtures mint real sessions.
// Auth.js v5 names the cookie `authjs.session-token` (`__Secure-` prefixed on https), uses
// the cookie name as the JWE salt, and splits cookies over 4 KB into `<name>.0`, `<name>.1`, ...
// A session carries `sv`, the user's session version when it was issued (users.session_version);
// "sign out everywhere" bumps the version, which refuses every session issued before.
import { decode, encode } from 'next-auth/jwt';

export const SESSION_COOKIE = 'authjs.session-token';
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;
const DEFAULT_SESSION_MAX_AGE = 7 * 24 * 60 * 60;

/** Session lifetime in seconds (CAIRN_SESSION_MAX_AGE, default 7 days). */
export function sessionMaxAge(): number {
  const fromEnv = Number(process.env.CAIRN_SESSION_MAX_AGE);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_SESSION_MAX_AGE;
}

function authSecret(): string | undefined {
  return process.env.AUTH_SECRET || undefined;
}

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/** The cookie's value, joining Auth.js's chunks when it was split. */
function cookieValue(cookies: Map<string, string>, name: string): string | null {
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let index = 0; cookies.has(`${name}.${index}`); index++) chunks.push(cookies.get(`${name}.${index}`)!);
  return chunks.length > 0 ? chunks.join('') : null;
}

export type SessionClaims = {
  userId: string;
  /** The user's session version when the session was issued (0 for sessions older than versions). */
  sessionVersion: number;
};

/** The `sv` claim of a session token; sessions issued before versions existed count as version 0. */
export function sessionVersionOf(token: Record<string, unknown>): number {
  return Number.isSafeInteger(token.sv) ? (token.sv as number) : 0;
}

// Decrypting a session cookie (JWE: key derivation, AES, HMAC) costs ~0.5 ms, on every
// request of a signed-in page. A cookie decodes to the same claims until it expires, so the
// claims of valid cookies are kept (never those of cookies that failed); whether the session
// still holds (its version) is decided by loadUserPrincipal on every request.
type DecodedSession = { claims: SessionClaims; secret: string; expiresAt: number };
const MAX_DECODED_SESSIONS = 10_000;
const decodedKey = Symbol.for('cairn.identity.decoded-sessions');
const decodedStore = globalThis as unknown as { [decodedKey]?: Map<string, DecodedSession> };
const decodedSessions = () => (decodedStore[decodedKey] ??= new Map());

function rememberSession(key: string, decoded: DecodedSession): void {
  const sessions = decodedSessions();
  if (sessions.size >= MAX_DECODED_SESSIONS) sessions.delete(sessions.keys().next().value!);
  sessions.set(key, decoded);
}

/**
 * The user id and session version in a valid session cookie, or null (no cookie, tampered,
 * wrong secret, expired: all simply mean "not signed in"). Whether the version is still the
 * user's current one is checked with the user's row (loadUserPrincipal).
 */
export async function sessionFromCookies(cookieHeader: string | null): Promise<SessionClaims | null> {
  const secret = authSecret();
  if (!cookieHeader || !secret) return null;
  const cookies = parseCookies(cookieHeader);
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const token = cookieValue(cookies, name);
    if (!token) continue;
    const known = decodedSessions().get(`${name}:${token}`);
    if (known && known.secret === secret && known.expiresAt > Date.now()) return known.claims;
    try {
      const payload = await decode({ token, secret, salt: name });
      if (payload && typeof payload.sub === 'string' && payload.sub) {
        const claims = { userId: payload.sub, sessionVersion: sessionVersionOf(payload) };
        if (typeof payload.exp === 'number') rememberSession(`${name}:${token}`, { claims, secret, expiresAt: payload.exp * 1000 });
        return claims;
      }
    } catch {
      // Undecryptable or expired: fall through to anonymous.
    }
  }
  return null;
}

/**
 * A `Cookie` header value carrying a session for `user`, exactly as Auth.js would set it
 * after sign-in (for tests and tools; `maxAge` in seconds, negative for an expired one).
 */
export async function encodeSessionCookie(
  user: { id: string; email?: string | null; name?: string | null; sessionVersion?: number },
  options: { maxAge?: number; secure?: boolean } = {},
): Promise<string> {
  const secret = authSecret();
  if (!secret) throw new Error('AUTH_SECRET is not set');
  const name = options.secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const token = await encode({
    token: { sub: user.id, email: user.email ?? undefined, name: user.name ?? undefined, sv: user.sessionVersion ?? 0 },
    secret,
    salt: name,
    maxAge: options.maxAge ?? sessionMaxAge(),
  });
  return `${name}=${token}`;
}
