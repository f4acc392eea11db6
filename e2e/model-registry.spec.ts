// The registry from the model page, as a team lives it: a sweep registered over MLflow REST
// (three versions, each promoted to Production in turn), Production protected by the admin;
// a member requests a rollback with a reason, the admin approves it (Production goes back a
// version, the history says who, why and through which request), rejects another request
// with a comment, and rolls back once more directly. Then the version page (run, params,
// metrics, data, files), the run page ("registered as") and the models list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test, inviteColleague, mlflowClient, signUpWithToken } from './helpers';

const SCREENSHOTS = path.join(os.tmpdir(), 'cairn-registry-screenshots');
fs.mkdirSync(SCREENSHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

test('rollback and approvals from the model page', async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const { teamPath, token } = await signUpWithToken(page, 'Ada', 'Risk');
  const mlflow = mlflowClient(request, token);

  // Three runs of a sweep, each with a model file, registered as churn v1..v3 and promoted in turn.
  const { experiment_id } = await mlflow('experiments/create', { name: 'churn-sweep' });
  const runIds: string[] = [];
  for (const [i, depth] of [3, 5, 8].entries()) {
    const { run } = await mlflow('runs/create', { experiment_id, run_name: `depth_${depth}`, start_time: Date.now(), tags: [{ key: 'mlflow.source.git.commit', value: `feedc0de${i}` }] });
    const runId: string = run.info.run_id;
    runIds.push(runId);
    await mlflow('runs/log-batch', {
      run_id: runId,
      params: [{ key: 'max_depth', value: String(depth) }],
      metrics: [{ key: 'accuracy', value: 0.8 + i / 100, timestamp: Date.now(), step: 0 }],
    });
    await mlflow('runs/log-inputs', {
      run_id: runId,
      datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'customers', digest: 'c0ffee42', source_type: 'code', source: '{}' } }],
    });
    const upload = await request.put(`/api/2.0/mlflow-artifacts/artifacts/${experiment_id}/${runId}/artifacts/model/MLmodel`, {
      data: 'flavors:\n  sklearn: {}\n',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    });
    expect(upload.status()).toBe(200);
    await mlflow('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
  }
  await mlflow('registered-models/create', { name: 'churn', description: 'Who leaves next month' });
  for (const runId of runIds) await mlflow('model-versions/create', { name: 'churn', source: `runs:/${runId}/model`, run_id: runId });
  for (const version of ['1', '2', '3']) {
    await mlflow('model-versions/transition-stage', { name: 'churn', version, stage: 'Production', archive_existing_versions: true, comment: `release ${version}` });
  }

  // The admin protects Production and @champion; a member joins.
  await page.goto(`${teamPath}/settings`);
  const protections = page.getByRole('form', { name: 'Protect a stage or alias' });
  await protections.getByRole('button', { name: 'Protect' }).click();
  await expect(page.getByRole('button', { name: 'Unprotect Production' })).toBeVisible();
  await protections.getByRole('combobox', { name: /^Protect/ }).selectOption('alias');
  await protections.getByRole('textbox', { name: 'Alias' }).fill('champion');
  await protections.getByRole('button', { name: 'Protect' }).click();
  await expect(page.getByRole('button', { name: 'Unprotect @champion' })).toBeVisible();
  const grace = await inviteColleague(page, browser, teamPath, 'Grace', 'MEMBER');

  // The member finds the model and asks for a rollback of Production, with a reason.
  await grace.goto(`${teamPath}/models`);
  await grace.getByRole('link', { name: 'churn' }).click();
  await expect(grace.getByRole('heading', { name: 'churn', level: 1 })).toBeVisible();
  await expect(grace.getByTestId('version-3').getByText('Production')).toBeVisible();
  await grace.getByLabel('Reason: Request rollback of Production').fill('v3 churn scores drift on March data');
  await grace.getByRole('button', { name: 'Request rollback of Production' }).click();
  await expect(grace.getByRole('status')).toContainText('Request rollback of Production: done');
  await expect(grace.getByTestId('pending-request')).toContainText('Roll back Production to v2');
  await expect(grace.getByTestId('pending-request')).toContainText('Waiting for an admin');
  // Production did not move: protected.
  await expect(grace.getByTestId('version-3').getByText('Production')).toBeVisible();
  // She also asks for @champion on v3.
  await grace.getByTestId('version-3').getByText('Actions').click();
  await grace.getByRole('form', { name: 'Set an alias on version 3' }).getByLabel('Alias').fill('champion');
  await grace.getByRole('button', { name: 'Request alias' }).click();
  await expect(grace.getByTestId('pending-request')).toHaveCount(2);
  await shot(grace, 'model-page-member-requests');

  // The admin sees the requests waiting on the models list and decides them on the model page.
  await page.goto(`${teamPath}/models`);
  await expect(page.getByRole('status')).toContainText('2 requests are waiting for your decision');
  await shot(page, 'models-list-waiting');
  await page.getByRole('status').getByRole('link', { name: 'churn' }).click();
  const rollbackRequest = page.getByTestId('pending-request').filter({ hasText: 'Roll back Production to v2' });
  await expect(rollbackRequest).toContainText('v3 churn scores drift on March data');
  await rollbackRequest.getByLabel('Decision comment').fill('agreed, roll back');
  await rollbackRequest.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('version-2').getByText('Production')).toBeVisible();
  await expect(page.getByTestId('version-3').getByText('Archived')).toBeVisible();
  const aliasRequest = page.getByTestId('pending-request').filter({ hasText: 'Point @champion at v3' });
  await aliasRequest.getByLabel('Decision comment').fill('v3 failed the bias review');
  await aliasRequest.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByTestId('pending-request')).toHaveCount(0);
  await page.getByText('Decided requests (2)').click();
  await expect(page.getByText(/Point @champion at v3: rejected by Ada/)).toBeVisible();
  await expect(page.getByText('v3 failed the bias review')).toBeVisible();

  // The history names the rollback, the approver, the requester and the reason.
  const history = page.getByRole('list', { name: 'History' });
  const rolledBack = history.getByRole('listitem').filter({ hasText: 'v2 Archived → Production' });
  await expect(rolledBack).toContainText('approved request of Grace');
  await expect(rolledBack).toContainText('rollback');
  await expect(rolledBack).toContainText('by Ada');
  await expect(rolledBack).toContainText('v3 churn scores drift on March data');
  await expect(history.getByRole('listitem').filter({ hasText: 'release 3' })).toContainText('by Ada');

  // One more rollback, by the admin directly: Production goes back to v1.
  await page.getByLabel('Reason: Roll back Production').fill('v2 also drifts');
  await page.getByRole('button', { name: 'Roll back Production' }).click();
  await expect(page.getByTestId('version-1').getByText('Production')).toBeVisible();
  await expect(history.getByRole('listitem').first()).toContainText('v2 also drifts');
  await shot(page, 'model-page-after-rollback');

  // The version page traces v1 to its run, params, metrics, data and files.
  await page.getByTestId('version-1').getByRole('link', { name: 'v1' }).click();
  await expect(page.getByRole('heading', { name: /churn v1/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Version overview' }).getByRole('link', { name: 'depth_3' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Version overview' })).toContainText('feedc0de0');
  await expect(page.getByRole('table', { name: 'Parameters' }).getByRole('row', { name: 'max_depth 3' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Metrics' })).toContainText('accuracy');
  await expect(page.getByRole('table', { name: 'Training data' })).toContainText('c0ffee42');
  const file = page.getByRole('table', { name: 'Files' }).getByRole('link', { name: 'model/MLmodel' });
  const download = await page.request.get((await file.getAttribute('href'))!);
  expect(await download.text()).toContain('sklearn');
  await shot(page, 'version-page');

  // The run page says what it was registered as.
  await page.getByRole('table', { name: 'Version overview' }).getByRole('link', { name: 'depth_3' }).click();
  await expect(page.getByRole('table', { name: 'Run overview' }).getByRole('link', { name: 'churn v1' })).toBeVisible();
  await shot(page, 'run-page-registered-as');

  // The models list shows what is in Production now.
  await page.goto(`${teamPath}/models`);
  await expect(page.getByRole('table', { name: 'Registered models' }).getByRole('row', { name: /churn/ })).toContainText('v1');
  await shot(page, 'models-list');
});
