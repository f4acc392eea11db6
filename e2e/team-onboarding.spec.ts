// What a person clicks on day one: the first user signs up, creates a team, invites a
// colleague who signs up through the link, creates a project and an API token.
import { type Page } from '@playwright/test';
import { expect, test } from './helpers';

const PASSWORD = 'a-long-enough-password';

/** Fill the sign-up form, opening `path` first unless the page is already on the form. */
async function signUp(page: Page, path: string | null, name: string, email: string) {
  if (path) await page.goto(path);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

test('first user creates a team, invites a colleague, creates a project and a token', async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  const suffix = Date.now().toString(36);

  await signUp(owner, '/sign-up', 'Ada', `ada-${suffix}@example.com`);
  await owner.waitForURL('**/teams/new');
  await owner.getByLabel('Team name').fill(`Vision ${suffix}`);
  await owner.getByRole('button', { name: 'Create team' }).click();
  await owner.waitForURL(/\/t\/[^/]+\/projects$/);
  const teamPath = new URL(owner.url()).pathname.replace(/\/projects$/, '');

  // Invite a colleague by link.
  await owner.goto(`${teamPath}/settings`);
  await owner.getByRole('button', { name: 'Create invite link' }).click();
  const inviteLink = (await owner.getByTestId('invite-link').textContent())!.trim();
  expect(inviteLink).toContain('/invite/');

  // The colleague opens the link in another browser, signs up, and lands in the team.
  const colleague = await (await browser.newContext()).newPage();
  await colleague.goto(new URL(inviteLink).pathname);
  await expect(colleague.getByText(/You are invited to join/)).toBeVisible();
  await colleague.getByRole('link', { name: 'Create an account to join' }).click();
  await colleague.waitForURL('**/sign-up?invite=**');
  await expect(colleague.getByText('You are joining a team by invitation.')).toBeVisible();
  await signUp(colleague, null, 'Grace', `grace-${suffix}@example.com`);
  await colleague.waitForURL(`**${teamPath}/projects`);

  // The owner sees the new member.
  await owner.reload();
  await expect(owner.getByRole('cell', { name: `grace-${suffix}@example.com` })).toBeVisible();

  // Create a project.
  await owner.goto(`${teamPath}/projects`);
  await owner.getByRole('button', { name: 'New project' }).first().click();
  await owner.getByLabel('Name', { exact: true }).fill('fraud-detector');
  await owner.getByRole('button', { name: 'Create project' }).click();
  await expect(owner.getByRole('link', { name: 'fraud-detector' })).toBeVisible();

  // Create a token: shown once.
  await owner.goto(`${teamPath}/settings`);
  await owner.getByLabel('Token name').fill('training-ci');
  await owner.getByRole('button', { name: 'Create token' }).click();
  const token = (await owner.getByTestId('new-token').textContent())!.trim();
  expect(token).toMatch(/^cairn_/);
  await expect(owner.getByRole('cell', { name: 'training-ci' })).toBeVisible();

  // Sign out ends the session.
  await owner.getByRole('button', { name: 'Sign out' }).click();
  await owner.waitForURL('**/sign-in**');
  await owner.goto(`${teamPath}/projects`);
  await owner.waitForURL('**/sign-in**');
});
