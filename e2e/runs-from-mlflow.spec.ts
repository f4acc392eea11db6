// Runs logged through the MLflow REST API (as the MLflow client does) show up on the
// project page, with their params and latest metrics, and can be filtered.
import { expect, test } from './helpers';

test('the project page lists runs logged over the MLflow REST API', async ({ page, request }) => {
  const suffix = Date.now().toString(36);
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Linus');
  await page.getByLabel('Email').fill(`linus-${suffix}@example.com`);
  await page.getByLabel(/^Password/).fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/teams/new');
  await page.getByLabel('Team name').fill(`Sweep ${suffix}`);
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.waitForURL(/\/t\/[^/]+\/projects$/);
  const teamPath = new URL(page.url()).pathname.replace(/\/projects$/, '');

  await page.goto(`${teamPath}/settings`);
  await page.getByLabel('Token name').fill('sweep');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();

  const mlflow = async (path: string, data: unknown) => {
    const response = await request.post(`/api/2.0/mlflow/${path}`, {
      data,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
    return response.json();
  };

  const { experiment_id } = await mlflow('experiments/create', { name: 'rf-sweep' });
  const configs = [
    [10, 2, 0.81],
    [50, 5, 0.88],
    [100, 10, 0.91],
  ] as const;
  for (const [i, [nEstimators, maxDepth, accuracy]] of configs.entries()) {
    const { run } = await mlflow('runs/create', {
      experiment_id,
      run_name: `sweep_run_${i + 1}`,
      start_time: Date.now(),
      tags: [{ key: 'mlflow.user', value: 'linus' }],
    });
    await mlflow('runs/log-batch', {
      run_id: run.info.run_id,
      params: [
        { key: 'n_estimators', value: String(nEstimators) },
        { key: 'max_depth', value: String(maxDepth) },
      ],
      metrics: [{ key: 'accuracy', value: accuracy, timestamp: Date.now(), step: 0 }],
    });
    await mlflow('runs/update', { run_id: run.info.run_id, status: 'FINISHED', end_time: Date.now() });
  }

  await page.goto(`${teamPath}/projects`);
  await page.getByRole('link', { name: 'rf-sweep' }).click();
  const table = page.getByTestId('runs-table');
  for (const name of ['sweep_run_1', 'sweep_run_2', 'sweep_run_3']) {
    await expect(table.getByRole('gridcell', { name, exact: true })).toBeVisible();
  }
  await expect(table.getByRole('gridcell', { name: '0.91', exact: true })).toBeVisible();

  await page.getByRole('textbox', { name: 'Filter' }).fill('metrics.accuracy > 0.85');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByRole('gridcell', { name: 'sweep_run_1', exact: true })).toHaveCount(0);
  await expect(table.getByRole('gridcell', { name: 'sweep_run_3', exact: true })).toBeVisible();
});
