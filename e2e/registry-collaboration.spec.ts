// Collaboration around a model version, in Chromium: a member discusses the version with a
// mention picked from the editor's autocomplete and the admin sees it in the inbox; the member
// shares the version with a stakeholder without an account, who sees its run's metrics and
// nothing else of the team; the member asks for Production (protected), and the admin approves
// the request from the inbox, where the member then reads that it was approved. Screenshots go
// to $TMPDIR/cairn-registry-collaboration-screenshots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { inviteColleague, mlflowClient, signUpWithToken } from './helpers';

const SCREENSHOTS = path.join(os.tmpdir(), 'cairn-registry-collaboration-screenshots');
fs.mkdirSync(SCREENSHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function graphql(page: Page, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await page.request.post('/api/graphql', { data: { query, variables }, headers: { 'content-type': 'application/json', ...headers } });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

test('a model version discussed, shared with a stakeholder, and promoted through an approval from the inbox', async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const { teamPath, token } = await signUpWithToken(page, 'Ada', 'Risk');
  const mlflow = mlflowClient(request, token);

  // Two trained runs, each with its model files and other artifacts; both registered as churn v1, v2.
  const { experiment_id } = await mlflow('experiments/create', { name: 'churn-training' });
  const runIds: string[] = [];
  for (const [i, depth] of [4, 9].entries()) {
    const { run } = await mlflow('runs/create', { experiment_id, run_name: i === 0 ? 'depth_4' : 'depth_9-internal', start_time: Date.now() });
    const runId: string = run.info.run_id;
    runIds.push(runId);
    await mlflow('runs/log-batch', {
      run_id: runId,
      params: [{ key: 'max_depth', value: String(depth) }],
      metrics: [0.61, 0.72, 0.79, 0.83].map((value, step) => ({ key: 'auc', value: value - i / 10, timestamp: Date.now(), step })),
      tags: [{ key: 'mlflow.note.content', value: `Gradient boosting, depth ${depth}, trained on **Q1** customers.` }],
    });
    for (const [file, body] of [['model/MLmodel', 'flavors:\n  sklearn: {}\n'], ['eval/holdout-predictions.csv', 'id,score\n1,0.3\n']]) {
      const upload = await request.put(`/api/2.0/mlflow-artifacts/artifacts/${experiment_id}/${runId}/artifacts/${file}`, {
        data: body,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      });
      expect(upload.status()).toBe(200);
    }
    await mlflow('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
  }
  await mlflow('registered-models/create', { name: 'churn' });
  for (const runId of runIds) await mlflow('model-versions/create', { name: 'churn', source: `runs:/${runId}/model`, run_id: runId });
  await mlflow('model-versions/set-tag', { name: 'churn', version: '1', key: 'validation', value: 'passed' });
  const team = (await graphql(page, 'query($slug: String!) { team(slug: $slug) { id registeredModel(name: "churn") { id version(version: 1) { id } } } }', { slug: teamPath.split('/')[2] })).data.team;
  const modelId: string = team.registeredModel.id;
  const versionId: string = team.registeredModel.version.id;
  // Production is protected: members ask, admins decide.
  expect((await graphql(page, 'mutation($id: ID!) { setRegistryProtection(input: { teamId: $id, stage: PRODUCTION, protected: true }) { stage } }', { id: team.id })).errors).toBeUndefined();

  // Grace joins as a member and discusses v1 on its page, mentioning Ada from the autocomplete.
  const grace = await inviteColleague(page, browser, teamPath, 'Grace', 'MEMBER');
  const versionPath = `${teamPath}/models/${modelId}/versions/1`;
  await page.goto(`${teamPath}/projects`);
  await expect(page.getByTestId('inbox-link')).toBeVisible();
  await grace.goto(versionPath);
  await expect(grace.getByRole('heading', { name: /churn v1/ })).toBeVisible();
  const editor = grace.getByLabel('New comment');
  await editor.click();
  await editor.pressSequentially('@ad');
  await expect(grace.getByRole('option', { name: /Ada/ })).toBeVisible();
  await editor.press('Enter');
  await editor.pressSequentially('AUC is **0.83** on holdout: ready for Production?');
  await grace.getByRole('button', { name: 'Comment', exact: true }).click();
  const comment = grace.getByTestId('comment').first();
  await expect(comment.locator('.mention')).toHaveText('@Ada');
  await expect(comment.locator('.markdown strong')).toHaveText('0.83');
  await shot(grace, 'version-page-discussion');

  // Ada's unread count goes up live; the inbox entry opens the comment on the version page.
  await expect(page.getByTestId('unread-count')).toHaveText('1');
  await page.getByTestId('inbox-link').click();
  const mention = page.getByTestId('notification').first();
  await expect(mention).toContainText('Grace mentioned you on model version churn v1');
  await mention.click();
  await page.waitForURL(`**${versionPath}#comment-*`);
  await expect(page.getByTestId('comment').first()).toContainText('ready for Production?');

  // Grace shares v1 with a stakeholder: comments included, model files allowed.
  await grace.getByRole('button', { name: 'Share…' }).click();
  await grace.getByLabel('Include comments').check();
  await grace.getByLabel('Allow downloading the model files').check();
  await grace.getByRole('button', { name: 'Create link' }).click();
  const url = (await grace.getByTestId('share-url').textContent())!.trim();
  const secret = url.slice(url.lastIndexOf('/') + 1);
  await shot(grace, 'version-share-dialog');

  // The stakeholder, without an account, sees the version and its run's metrics, params, note,
  // the model files and the discussion; nothing that leads into the team.
  const stakeholderContext = await browser.newContext();
  const stakeholder = await stakeholderContext.newPage();
  const opened = await stakeholder.goto(url);
  expect(opened!.headers()['referrer-policy']).toBe('no-referrer');
  await expect(stakeholder.getByTestId('version-name')).toContainText('churn v1');
  const metrics = stakeholder.getByRole('table', { name: 'Latest metrics' });
  await expect(metrics).toContainText('auc');
  await expect(metrics).toContainText('0.83');
  await expect(stakeholder.getByTestId('metric-chart-auc')).toBeVisible();
  await expect(stakeholder.getByRole('table', { name: 'Parameters' }).getByRole('row', { name: 'max_depth 4' })).toBeVisible();
  await expect(stakeholder.getByTestId('run-note').locator('strong')).toHaveText('Q1');
  await expect(stakeholder.getByRole('table', { name: 'Version tags' })).toContainText('validation');
  await expect(stakeholder.getByTestId('comment')).toContainText('ready for Production?');
  const files = stakeholder.getByRole('table', { name: 'Files' });
  await expect(files.getByRole('link')).toHaveText(['model/MLmodel']);
  expect(await (await stakeholder.request.get((await files.getByRole('link').getAttribute('href'))!)).text()).toContain('sklearn');
  await expect(stakeholder.getByText('depth_9-internal')).toHaveCount(0);
  await expect(stakeholder.locator(`a[href^="${teamPath}"]`)).toHaveCount(0);
  await stakeholder.waitForTimeout(500); // let plotly finish drawing
  await shot(stakeholder, 'shared-version');

  // Everything else is NOT_FOUND for the link: the model, the other version, the other run,
  // the version's history, the run's other artifacts.
  const asLink = { 'x-cairn-share': secret };
  for (const [query, variables] of [
    ['query($id: ID!) { registeredModel(id: $id) { name } }', { id: modelId }],
    ['query($id: ID!) { run(id: $id) { name } }', { id: runIds[1] }],
    ['query($id: ID!) { modelVersion(id: $id) { history { id } } }', { id: versionId }],
    ['query($slug: String!) { team(slug: $slug) { name } }', { slug: teamPath.split('/')[2] }],
  ] as const) {
    const result = await graphql(stakeholder, query, variables, asLink);
    expect(result.errors?.[0]?.extensions?.code, query).toBe('NOT_FOUND');
  }
  expect((await stakeholder.request.get(`/s/${secret}/artifacts/${runIds[0]}/eval/holdout-predictions.csv`)).status()).toBe(404);
  expect((await stakeholder.request.get(`/api/2.0/mlflow/registered-models/get?name=churn`, { headers: asLink })).status()).toBe(404);
  await stakeholderContext.close();

  // Team settings list the link as the version's, opened once, with what it includes.
  await grace.goto(`${teamPath}/settings`);
  const row = grace.getByTestId('share-links').getByRole('row', { name: /churn v1/ });
  await expect(row).toContainText('model version');
  await expect(row).toContainText('1 time');
  await expect(row).toContainText('comments, artifacts');
  await expect(row.getByRole('link', { name: 'churn v1' })).toHaveAttribute('href', versionPath);
  await shot(grace, 'share-links-settings');

  // Grace asks for Production; Ada gets the request in her inbox, live, and approves it there.
  const requested = await graphql(grace, 'mutation($input: RequestModelTransitionInput!) { requestModelTransition(input: $input) { id } }', {
    input: { modelId, move: 'STAGE', versionId, stage: 'PRODUCTION', comment: 'AUC 0.83 on holdout, Ada agreed in the thread' },
  });
  expect(requested.errors).toBeUndefined();
  await expect(page.getByTestId('unread-count')).toHaveText('1');
  await page.getByTestId('inbox-link').click();
  const entry = page.getByTestId('notification').filter({ hasText: 'asks for your approval' });
  await expect(entry).toContainText('Grace asks for your approval to move churn v1 to Production');
  await expect(entry).toContainText('AUC 0.83 on holdout');
  await shot(page, 'inbox-approval-request');
  await entry.getByLabel('Decision comment').fill('Approved: ship it Monday');
  await entry.getByRole('button', { name: 'Approve' }).click();
  await expect(entry.getByTestId('request-outcome')).toContainText('Approved by Ada');
  await expect(page.getByTestId('unread-count')).toHaveCount(0);
  await shot(page, 'inbox-approved');

  // The move happened, and Grace reads that it was approved.
  await page.goto(versionPath);
  await expect(page.getByRole('heading', { name: /churn v1/ })).toBeVisible();
  await expect(page.locator('.page-header .meta').getByText('Production', { exact: true })).toBeVisible();
  await expect(grace.getByTestId('unread-count')).toHaveText('1');
  await grace.getByTestId('inbox-link').click();
  await expect(grace.getByTestId('notification').first()).toContainText('Ada approved your request to move churn v1 to Production');
  await expect(grace.getByTestId('notification').first()).toContainText('ship it Monday');
  await shot(grace, 'inbox-request-approved');
});
