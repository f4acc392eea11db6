// Signing in through Auth.js's own endpoints (credentials provider), then using the session
// cookie it sets: the cookie is what resolvePrincipal and the pages read.
import { describe, expect, it } from 'vitest';
import { resolvePrincipal } from '../authz/resolve-principal.ts';
import { setupTestApp } from '../../tests/helpers/app.ts';
import { createUserFixture } from '../../tests/helpers/fixtures.ts';
import { setCookies, signInWithPassword } from '../../tests/helpers/sign-in.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

const app = setupTestApp();

const signIn = (email: string, password: string) => signInWithPassword(app, email, password);

describe('credentials sign-in through Auth.js', () => {
  it('sets a session cookie that resolves to the user', async () => {
    const { user, password } = await createUserFixture();
    const { response, cookies } = await signIn(user.email.toUpperCase(), password);
    expect(response.status).toBe(302);
    const session = cookies.get(SESSION_COOKIE);
    expect(session).toBeTruthy();
    const cookie = `${SESSION_COOKIE}=${session}`;

    const principal = await resolvePrincipal(new Request('http://localhost/', { headers: { cookie } }));
    expect(principal).toMatchObject({ kind: 'user', userId: user.id, email: user.email });

    const sessionInfo = await (await app.fetch('/api/auth/session', { headers: { cookie } })).json();
    expect(sessionInfo.user).toMatchObject({ id: user.id, email: user.email });
    expect(new Date(sessionInfo.expires).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  });

  it('sets no session for a wrong password', async () => {
    const { user, password } = await createUserFixture();
    const { response, cookies } = await signIn(user.email, password + '!');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toContain('error=CredentialsSignin');
    expect(cookies.get(SESSION_COOKIE)).toBeFalsy();
  });

  it('signs out by clearing the cookie', async () => {
    const { user, password } = await createUserFixture();
    const { cookies } = await signIn(user.email, password);
    const session = `${SESSION_COOKIE}=${cookies.get(SESSION_COOKIE)}`;
    const csrf = await app.fetch('/api/auth/csrf', { headers: { cookie: session } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = [session, ...[...setCookies(csrf)].map(([name, value]) => `${name}=${value}`)].join('; ');
    const response = await app.fetch('/api/auth/signout', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrfToken }).toString(),
    });
    expect(response.status).toBe(302);
    const cleared = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
  });
});

describe('locked accounts through Auth.js', () => {
  it("answers code=locked after repeated failures, even for the right password", async () => {
    const { user, password } = await createUserFixture();
    for (let i = 0; i < 10; i++) await signIn(user.email, `${password}-wrong-${i}`);
    const { response, cookies } = await signIn(user.email, password);
    const location = new URL(response.headers.get('location')!, 'http://localhost');
    expect(location.searchParams.get('error')).toBe('CredentialsSignin');
    expect(location.searchParams.get('code')).toBe('locked');
    expect(cookies.get(SESSION_COOKIE)).toBeFalsy();
  });
});
