// What several specs do to get started: sign up, create a team, create a token, invite a
// colleague, and call the MLflow REST API as a training script would.
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

export { expect };

/** What the browser reported as blocked by the Content-Security-Policy during the current test. */
const cspViolations: string[] = [];

function watchForCspViolations(context: BrowserContext): void {
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(`${message.location().url}: ${message.text()}`);
  });
}

/**
 * Playwright's test with one more check for every spec: nothing on any page (in the default
 * context and in contexts a spec opens for other people) is blocked by the CSP the server sends
 * (lib/http/security-headers.ts). Chromium reports each blocked script, style or request as a
 * console error.
 */
export const test = base.extend<{ noCspViolations: void }>({
  context: async ({ context }, use) => {
    watchForCspViolations(context);
    await use(context);
  },
  browser: [
    async ({ browser }: { browser: Browser }, use: (browser: Browser) => Promise<void>) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
        const context = await newContext(...args);
        watchForCspViolations(context);
        return context;
      };
      await use(browser);
    },
    { scope: 'worker' },
  ] as any,
  noCspViolations: [
    async ({}, use) => {
      cspViolations.length = 0;
      await use();
      expect(cspViolations, 'Content-Security-Policy violations in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});

export const PASSWORD = 'a-long-enough-password';

export function mlflowClient(request: APIRequestContext, token: string) {
  return async (path: string, data: unknown) => {
    const response = await request.post(`/api/2.0/mlflow/${path}`, { data, headers: { authorization: `Bearer ${token}` } });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
    return response.json();
  };
}

/** Fill the sign-up form, opening `path` first unless the page is already on the form. */
export async function signUp(page: Page, path: string | null, name: string, email: string) {
  if (path) await page.goto(path);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Signs up, creates a team and a write token; returns the team's path and the token. */
export async function signUpWithToken(page: Page, name: string, teamName: string): Promise<{ teamPath: string; token: string }> {
  // Unique across parallel workers signing up in the same millisecond.
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await signUp(page, '/sign-up', name, `${name.toLowerCase()}-${suffix}@example.com`);
  await page.waitForURL('**/teams/new');
  await page.getByLabel('Team name').fill(`${teamName} ${suffix}`);
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.waitForURL(/\/t\/[^/]+\/projects$/);
  const teamPath = new URL(page.url()).pathname.replace(/\/projects$/, '');

  // The token form needs the team's id from the tokens query: wait for that answer.
  const tokensLoaded = page.waitForResponse((response) => !!response.request().postData()?.includes('TeamTokens'));
  await page.goto(`${teamPath}/settings`);
  await tokensLoaded;
  await page.getByLabel('Token name').fill(`${name} token`);
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  return { teamPath, token };
}

/** The admin (on `adminPage`) invites a colleague with `role`; the colleague signs up in a new browser context. */
export async function inviteColleague(adminPage: Page, browser: Browser, teamPath: string, name: string, role: 'MEMBER' | 'VIEWER' | 'ADMIN'): Promise<Page> {
  await adminPage.goto(`${teamPath}/settings`);
  await adminPage.getByRole('form', { name: 'Invite' }).getByLabel('Role').selectOption(role);
  await adminPage.getByRole('button', { name: 'Create invite link' }).click();
  const inviteLink = (await adminPage.getByTestId('invite-link').textContent())!.trim();
  const colleague = await (await browser.newContext()).newPage();
  await colleague.goto(new URL(inviteLink).pathname);
  await colleague.getByRole('link', { name: 'Create an account to join' }).click();
  await colleague.waitForURL('**/sign-up?invite=**');
  await signUp(colleague, null, name, `${name.toLowerCase()}-${Date.now().toString(36)}@example.com`);
  await colleague.waitForURL(`**${teamPath}/projects`);
  return colleague;
}
