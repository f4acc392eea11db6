// Password guessing: after 10 failed sign-ins the account is locked for a while, the form
// says so, and even the right password is refused until the lock passes.
import { expect, test } from './helpers';

test('repeated wrong passwords lock the account and the form says why', async ({ page }) => {
  const email = `guarded-${Date.now().toString(36)}@example.com`;
  const password = 'the-right-password';
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/teams/new');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/sign-in**');

  const attempt = async (guess: string) => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(guess);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page.locator('p.error[role=alert]');
  };
  for (let i = 0; i < 10; i++) {
    await expect(await attempt(`wrong-guess-${i}`)).toHaveText('Wrong email or password');
    await page.reload();
  }
  await expect(await attempt(password)).toHaveText(/Too many failed attempts/);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
});
