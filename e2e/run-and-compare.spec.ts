// A sweep logged over the MLflow REST API, seen the way a W&B / MLflow UI user looks at it:
// a run's page (params, per-epoch chart, an artifact to download) and two runs compared
// side by side (the differing param highlighted, parallel coordinates drawn).
import { expect, test, mlflowClient, signUpWithToken } from './helpers';

const EPOCHS = 5;

test('run page shows params, charts and artifacts; compare highlights differences', async ({ page, request }) => {
  const { teamPath, token } = await signUpWithToken(page, 'Joy', 'Fairness');
  const mlflow = mlflowClient(request, token);

  const { experiment_id } = await mlflow('experiments/create', { name: 'fairness-sweep' });
  const depths = [2, 5, 10];
  const runIds: string[] = [];
  for (const [i, depth] of depths.entries()) {
    const { run } = await mlflow('runs/create', {
      experiment_id,
      run_name: `depth_${depth}`,
      start_time: Date.now(),
      tags: [
        { key: 'mlflow.user', value: 'joy' },
        { key: 'mlflow.source.git.commit', value: `abc123${i}def4567890` },
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'team', value: 'fairness' },
      ],
    });
    const runId: string = run.info.run_id;
    runIds.push(runId);
    const metrics = Array.from({ length: EPOCHS }, (_, epoch) => [
      { key: 'accuracy', value: 0.6 + depth * 0.02 + epoch * 0.01, timestamp: Date.now(), step: epoch },
      { key: 'fairness', value: 0.95 - depth * 0.03 - epoch * 0.005, timestamp: Date.now(), step: epoch },
      // A diverged step: stored faithfully, left out of the chart.
      { key: 'loss', value: epoch === 2 ? 'NaN' : 1 / (epoch + 1), timestamp: Date.now(), step: epoch },
    ]).flat();
    await mlflow('runs/log-batch', {
      run_id: runId,
      params: [
        { key: 'max_depth', value: String(depth) },
        { key: 'criterion', value: 'gini' },
      ],
      metrics,
    });
    await mlflow('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
  }

  // The MLflow client's log_artifact: a plain PUT through the artifact proxy.
  const artifactBody = 'weights of depth 2\n';
  const upload = await request.put(`/api/2.0/mlflow-artifacts/artifacts/${experiment_id}/${runIds[0]}/artifacts/model.txt`, {
    data: artifactBody,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
  });
  expect(upload.status(), await upload.text()).toBe(200);

  // The run page, reached from the project's runs table.
  await page.goto(`${teamPath}/projects`);
  await page.getByRole('link', { name: 'fairness-sweep' }).click();
  await page.getByTestId('runs-table').getByRole('link', { name: 'depth_2', exact: true }).click();
  await page.waitForURL(`**${teamPath}/runs/${runIds[0]}`);
  await expect(page.getByRole('heading', { name: 'depth_2', level: 1 })).toBeVisible();
  const overview = page.getByRole('table', { name: 'Run overview' });
  await expect(overview.getByText('abc1230def4567890')).toBeVisible();
  await expect(overview.getByRole('cell', { name: 'train.py' })).toBeVisible();
  const params = page.getByRole('table', { name: 'Parameters' });
  await expect(params.getByRole('row', { name: 'max_depth 2' })).toBeVisible();
  await expect(params.getByRole('row', { name: 'criterion gini' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tags' }).getByRole('row', { name: 'team fairness' })).toBeVisible();
  await expect(page.getByTestId('metric-chart-accuracy').locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('metric-chart-loss').locator('.main-svg').first()).toBeVisible();
  await expect(page.getByText('1 NaN/Infinity value not drawn.')).toBeVisible();

  const artifactLink = page.getByTestId('artifacts').getByRole('link', { name: 'model.txt' });
  await expect(artifactLink).toBeVisible();
  const href = (await artifactLink.getAttribute('href'))!;
  expect(href).toBe(`/api/artifacts/${runIds[0]}/model.txt`);
  const download = await page.request.get(href); // the page's session cookie, no token
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe(artifactBody);

  // Compare two runs picked on the project page.
  await page.getByRole('link', { name: 'fairness-sweep' }).click();
  await page.getByLabel('Select depth_2', { exact: true }).check();
  await page.getByLabel('Select depth_10', { exact: true }).check();
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.waitForURL(/\/compare\?runs=/);
  expect(new URL(page.url()).searchParams.get('runs')!.split(',').sort()).toEqual([runIds[0], runIds[2]].sort());

  const table = page.getByTestId('compare-table');
  await expect(table.getByRole('columnheader', { name: 'depth_2' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'depth_5' })).toHaveCount(0);
  const depthRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^max_depth/ }) });
  await expect(depthRow).toHaveAttribute('data-differs', 'true');
  const criterionRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^criterion/ }) });
  await expect(criterionRow).not.toHaveAttribute('data-differs', 'true');
  // Best latest accuracy is depth 10's; loss (lower is better) is a tie: both ended on 0.2.
  const metricRow = (key: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: key, exact: true }) });
  await expect(metricRow('accuracy').locator('[data-best]')).toHaveText(['0.84']);
  await expect(metricRow('loss').locator('[data-best]')).toHaveText(['0.2', '0.2']);

  await page.getByLabel('Show only differences').check();
  await expect(criterionRow).toHaveCount(0);
  await expect(depthRow).toBeVisible();

  // Parallel coordinates (WebGL) draw when scrolled near, not with the rest of the page.
  await page.getByTestId('parallel-coordinates').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('parallel-coordinates').locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('metric-chart-accuracy').locator('.main-svg').first()).toBeVisible();
});

test("another team's run is not found on this team's run page", async ({ page, request }) => {
  const { teamPath: alphaPath, token } = await signUpWithToken(page, 'Kim', 'Alpha');
  const { run } = await mlflowClient(request, token)('runs/create', { experiment_id: '0', run_name: 'alpha_run' });

  await page.goto('/teams/new');
  await page.getByLabel('Team name').fill(`Beta ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.waitForURL(/\/t\/[^/]+\/projects$/);
  const betaPath = new URL(page.url()).pathname.replace(/\/projects$/, '');

  const ok = await page.goto(`${alphaPath}/runs/${run.info.run_id}`);
  expect(ok?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'alpha_run', level: 1 })).toBeVisible();
  // Alpha's run under Beta's URL, and a run id that does not exist: both the not-found page.
  for (const path of [`${betaPath}/runs/${run.info.run_id}`, `${alphaPath}/runs/${'0'.repeat(32)}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
});
