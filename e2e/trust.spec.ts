// The trust pages in a real browser: the password field says why a password is weak; a
// project's retention policy is previewed (dry run) and saved; admins read the audit log and
// filter it; the account page changes the password and signs out everywhere.
import { type APIRequestContext, type Page } from '@playwright/test';
import { expect, test } from './helpers';

const SHOTS = process.env.CAIRN_E2E_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

async function gql<T>(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await request.post('/api/graphql', { data: { query, variables }, headers: { 'content-type': 'application/json' } });
  const body = (await response.json()) as { data: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors[0].message);
  return body.data;
}

test('weak passwords are explained, retention is previewed and saved, the audit log and the account page work', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const email = `ops-${suffix}@example.com`;
  const password = 'granite-orbit-velvet-42';

  // Sign-up explains a weak password as it is typed, and the server refuses it with the reason.
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Olive Ops');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill('password1234');
  await expect(page.locator('#password-strength')).toContainText(/Too guessable|Very weak|Weak/);
  await expect(page.locator('#password-strength')).toContainText(/common/i);
  await shot(page, 'sign-up-weak-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('p.error[role="alert"]')).toContainText('Password is too weak');
  await page.getByLabel(/^Password/).fill(password);
  await expect(page.locator('#password-strength')).toContainText(/Strong|Very strong/);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/teams/new');
  await page.getByLabel('Team name').fill(`Trust ${suffix}`);
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.waitForURL(/\/t\/[^/]+\/projects$/);
  const teamPath = new URL(page.url()).pathname.replace(/\/projects$/, '');
  const slug = teamPath.split('/')[2];

  // A project with runs: accuracies, checkpoints, ended ten days ago.
  const { team } = await gql<{ team: { id: string } }>(page.request, 'query($slug: String!) { team(slug: $slug) { id } }', { slug });
  const { createProject } = await gql<{ createProject: { id: string } }>(page.request, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { teamId: team.id, name: 'cifar10' } });
  const tenDaysAgo = String(Date.now() - 10 * 86_400_000);
  for (const [name, acc] of [['baseline', 0.81], ['wider', 0.93], ['deeper', 0.95], ['augment', 0.88], ['dropout', 0.9]] as const) {
    const { createRun } = await gql<{ createRun: { id: string } }>(page.request, 'mutation($input: CreateRunInput!) { createRun(input: $input) { id } }', { input: { projectId: createProject.id, name } });
    await gql(page.request, 'mutation($input: LogBatchInput!) { logBatch(input: $input) { id } }', { input: { runId: createRun.id, metrics: [{ key: 'val_acc', value: acc }] } });
    for (const epoch of [1, 2]) {
      const put = await page.request.put(`/api/2.0/mlflow-artifacts/artifacts/${createProject.id}/${createRun.id}/artifacts/checkpoints/epoch-${epoch}.pth`, { data: Buffer.alloc(50_000 + epoch, 1) });
      expect(put.status()).toBe(200);
    }
    await gql(page.request, 'mutation($input: UpdateRunInput!) { updateRun(input: $input) { id } }', { input: { id: createRun.id, status: 'FINISHED', endTime: tenDaysAgo } });
  }

  // Team settings show storage per project, with the way to its settings.
  await page.goto(`${teamPath}/settings`);
  const storage = page.locator('section', { has: page.getByRole('heading', { name: 'Storage and retention' }) });
  await expect(storage.getByRole('row', { name: /cifar10/ })).toContainText('Keeps everything');
  await storage.getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL(`**${teamPath}/projects/${createProject.id}/settings`);

  // Retention: try a draft (dry run), then save it.
  await expect(page.getByTestId('saved-policy')).toContainText('No policy');
  await page.getByLabel('Runs to keep').fill('2');
  await page.getByLabel('Metric').fill('val_acc');
  await page.getByLabel('Days').fill('7');
  await page.getByRole('button', { name: 'Preview (dry run)' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('Would free');
  await expect(preview.locator('table[data-kind="purge"] tbody tr')).toHaveCount(3);
  await expect(preview.locator('table[data-kind="kept"] tbody tr')).toHaveCount(2);
  await expect(preview.locator('table[data-kind="kept"]')).toContainText('deeper');
  await shot(page, 'project-retention-preview');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('status')).toContainText('Policy saved');
  await expect(page.getByTestId('saved-policy')).toContainText('Keeps the artifacts of the top 2 runs by val_acc');

  // The audit log: the policy change is there, with who and from where; filters narrow it.
  await page.goto(`${teamPath}/settings`);
  await expect(storage.getByRole('row', { name: /cifar10/ })).toContainText('top 2 runs by val_acc');
  await shot(page, 'team-settings');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL(`**${teamPath}/settings/audit`);
  await expect(page.locator('tr[data-action="retention.update"]')).toContainText(email);
  await expect(page.locator('tr[data-action="user.signed_in"]').first()).toContainText(/127\.0\.0\.1|::1/);
  await shot(page, 'audit-log');
  await page.getByLabel('Action').selectOption('token.');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No events match.')).toBeVisible();
  const csv = await page.request.get(`/api/audit-events.csv?teamId=${team.id}&action=retention.update`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\r\n')[1]).toContain('retention.update');

  // The account page: recent sign-ins, a password change that keeps this browser signed in.
  await page.getByRole('link', { name: 'Account' }).click();
  await page.waitForURL('**/account');
  await expect(page.getByRole('cell', { name: 'Signed in' }).first()).toBeVisible();
  await page.getByLabel('Current password').fill(password);
  await page.getByLabel(/^New password/).fill('qwertyuiop12');
  await expect(page.locator('#newPassword-strength')).toContainText(/^(Too guessable|Very weak|Weak):/);
  await page.getByLabel(/^New password/).fill('lantern-quartz-meadow-7');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Password changed');
  await page.reload();
  await expect(page.getByRole('cell', { name: 'Password changed' })).toBeVisible();
  await shot(page, 'account');

  // Sign out everywhere: this browser too.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.waitForURL('**/sign-in**');
  await page.goto('/account');
  await page.waitForURL('**/sign-in**');
});
