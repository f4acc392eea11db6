import { afterEach, describe, expect, it } from 'vitest';
import { encodeSessionCookie, sessionMaxAge, sessionFromCookies } from './session-cookie.ts';

const secret = process.env.AUTH_SECRET;
afterEach(() => {
  process.env.AUTH_SECRET = secret;
  delete process.env.CAIRN_SESSION_MAX_AGE;
});

describe('session cookies', () => {
  it('last 7 days unless CAIRN_SESSION_MAX_AGE says otherwise', () => {
    expect(sessionMaxAge()).toBe(604_800);
    process.env.CAIRN_SESSION_MAX_AGE = '3600';
    expect(sessionMaxAge()).toBe(3600);
    for (const bad of ['0', '-5', 'soon', '1.5']) {
      process.env.CAIRN_SESSION_MAX_AGE = bad;
      expect(sessionMaxAge(), bad).toBe(604_800);
    }
  });

  it('round-trip the user id, and only under the secret that made them', async () => {
    const cookie = await encodeSessionCookie({ id: 'user-1', email: 'a@example.com' });
    expect(await sessionFromCookies(cookie)).toEqual({ userId: 'user-1', sessionVersion: 0 });
    expect(await sessionFromCookies(await encodeSessionCookie({ id: 'user-1', sessionVersion: 7 }))).toEqual({ userId: 'user-1', sessionVersion: 7 });
    process.env.AUTH_SECRET = 'a-different-secret-of-sufficient-length-0123456789';
    expect(await sessionFromCookies(cookie)).toBeNull();
    delete process.env.AUTH_SECRET;
    expect(await sessionFromCookies(cookie)).toBeNull();
  });

  it('ignore other cookies, empty headers and garbage', async () => {
    expect(await sessionFromCookies(null)).toBeNull();
    expect(await sessionFromCookies('')).toBeNull();
    expect(await sessionFromCookies('authjs.session-token=not-a-jwt')).toBeNull();
    expect(await sessionFromCookies('authjs.session-token=%E0%A4%A')).toBeNull();
    expect(await sessionFromCookies('theme=dark; authjs.csrf-token=abc')).toBeNull();
    const cookie = await encodeSessionCookie({ id: 'user-2' });
    // The JWE salt is the cookie name: a token moved to the other name does not decode.
    expect(await sessionFromCookies(`__Secure-${cookie}`)).toBeNull();
  });
});
