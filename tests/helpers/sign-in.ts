// Signing in through Auth.js's own endpoints (csrf, then the credentials callback), as the
// sign-in form does, for tests that need a real sign-in rather than a minted cookie.
import type { TestApp } from './app.ts';

/** The cookies a response sets, by name. */
export function setCookies(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
  }
  return cookies;
}

export async function signInWithPassword(
  app: TestApp,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ response: Response; cookies: Map<string, string> }> {
  const csrf = await app.fetch('/api/auth/csrf');
  if (csrf.status !== 200) throw new Error(`/api/auth/csrf answered ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = setCookies(csrf);
  const response = await app.fetch('/api/auth/callback/credentials', {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...headers,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...csrfCookies].map(([name, value]) => `${name}=${value}`).join('; '),
    },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: '/' }).toString(),
  });
  return { response, cookies: setCookies(response) };
}
