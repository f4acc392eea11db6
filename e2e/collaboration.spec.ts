// Collaboration in Chromium: two members discuss a run (a mention picked from the editor's
// autocomplete, a reply) and each sees the other's message in their inbox; a stakeholder
// without an account opens a share link to a saved comparison, sees exactly those runs and
// gets NOT_FOUND for everything else, until the link is revoked; a running run's chart grows
// while its page is open. Screenshots go to the test's output folder.
import { type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { expect, test } from './helpers';

const PASSWORD = 'a-long-enough-password';

function mlflowClient(request: APIRequestContext, token: string) {
  return async (path: string, data: unknown) => {
    const response = await request.post(`/api/2.0/mlflow/${path}`, { data, headers: { authorization: `Bearer ${token}` } });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
    return response.json();
  };
}

async function signUp(page: Page, name: string): Promise<string> {
  const email = `${name.toLowerCase()}-${Date.now().toString(36)}@example.com`;
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/teams/new');
  return email;
}

/** Ada's team with a write token, and a project with runs logged over the MLflow REST API. */
async function teamWithRuns(page: Page, request: APIRequestContext, runs: { name: string; lr: string; losses: number[] }[]) {
  await page.getByLabel('Team name').fill(`Vision ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.waitForURL(/\/t\/[^/]+\/projects$/);
  const teamPath = new URL(page.url()).pathname.replace(/\/projects$/, '');
  const tokensLoaded = page.waitForResponse((response) => !!response.request().postData()?.includes('TeamTokens'));
  await page.goto(`${teamPath}/settings`);
  await tokensLoaded;
  await page.getByLabel('Token name').fill('training');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  const mlflow = mlflowClient(request, token);
  const { experiment_id } = await mlflow('experiments/create', { name: `resnet-${Date.now().toString(36)}` });
  const ids: string[] = [];
  for (const run of runs) {
    const { run: created } = await mlflow('runs/create', { experiment_id, run_name: run.name, start_time: Date.now() });
    await mlflow('runs/log-batch', {
      run_id: created.info.run_id,
      params: [{ key: 'lr', value: run.lr }],
      metrics: run.losses.map((value, step) => ({ key: 'loss', value, step, timestamp: Date.now() })),
    });
    ids.push(created.info.run_id);
  }
  return { teamPath, token, mlflow, experimentId: experiment_id as string, runIds: ids };
}

async function graphql(page: Page, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await page.request.post('/api/graphql', { data: { query, variables }, headers: { 'content-type': 'application/json', ...headers } });
  return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

async function newPerson(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test('two members discuss a run with a mention and a reply, and see it in their inboxes', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(120_000);
  await signUp(page, 'Ada');
  const { teamPath, runIds } = await teamWithRuns(page, request, [{ name: 'resnet-lr-0.1', lr: '0.1', losses: [1, 0.7, 0.5, 0.45] }]);
  const runPath = `${teamPath}/runs/${runIds[0]}`;

  // Bob joins Ada's team.
  const bob = await newPerson(browser);
  const bobEmail = await signUp(bob.page, 'Bob');
  const team = await graphql(page, 'query($slug: String!) { team(slug: $slug) { id } }', { slug: teamPath.split('/')[2] });
  const added = await graphql(page, 'mutation($input: AddMemberInput!) { addMember(input: $input) { role } }', {
    input: { teamId: team.data.team.id, email: bobEmail, role: 'MEMBER' },
  });
  expect(added.errors).toBeUndefined();

  // Bob has an empty inbox open in his own browser.
  await bob.page.goto(runPath);
  await expect(bob.page.getByTestId('inbox-link')).toHaveText('Inbox');

  // Ada mentions Bob, picking him from the autocomplete.
  await page.goto(runPath);
  const editor = page.getByLabel('New comment');
  await editor.click();
  await editor.pressSequentially('@bo');
  const suggestion = page.getByRole('option', { name: /Bob/ });
  await expect(suggestion).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('mention-autocomplete.png'), fullPage: false });
  await editor.press('Enter');
  await expect(editor).toHaveValue(`@${bobEmail} `);
  await editor.pressSequentially('is **lr 0.1** too high? The loss plateaus at step 3.');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  const comment = page.getByTestId('comment').first();
  await expect(comment.locator('.mention')).toHaveText('@Bob');
  await expect(comment.locator('.markdown strong')).toHaveText('lr 0.1');

  // Bob's unread count goes up without a reload; the inbox says who mentioned him where.
  await expect(bob.page.getByTestId('unread-count')).toHaveText('1');
  // The comment also appeared on the page he has open.
  await expect(bob.page.getByTestId('comment').first()).toContainText('too high?');
  await bob.page.getByTestId('inbox-link').click();
  const notification = bob.page.getByTestId('notification').first();
  await expect(notification).toContainText('Ada mentioned you on run resnet-lr-0.1');
  await bob.page.screenshot({ path: testInfo.outputPath('inbox.png'), fullPage: true });
  await notification.click();
  await bob.page.waitForURL(`**${runPath}#comment-*`);
  await expect(bob.page.getByTestId('unread-count')).toHaveCount(0);

  // Bob replies; Ada hears of it.
  await bob.page.getByRole('button', { name: 'Reply', exact: true }).click();
  await bob.page.getByLabel('Reply').fill('Agreed, trying **0.01** next.');
  await bob.page.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(page.getByTestId('comments').locator('.reply [data-testid=comment]')).toContainText('trying 0.01 next');
  await expect(page.getByTestId('unread-count')).toHaveText('1');
  await page.getByTestId('comments').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('discussion.png'), fullPage: true });
  await page.getByTestId('inbox-link').click();
  await expect(page.getByTestId('notification').first()).toContainText('Bob replied to your comment on run resnet-lr-0.1');
  // The runs table counts the run's comments.
  await page.goto(runPath.replace(/\/runs\/.*/, '/projects'));
  await page.getByRole('link', { name: /^resnet-/ }).click();
  await expect(page.getByTestId('runs-table').getByRole('row', { name: /resnet-lr-0\.1/ }).getByRole('link', { name: '2' })).toBeVisible();
  await bob.context.close();
});

test('a stakeholder opens a share link to a comparison, sees exactly those runs, and nothing after revocation', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(120_000);
  await signUp(page, 'Grace');
  const { teamPath, runIds, experimentId } = await teamWithRuns(page, request, [
    { name: 'baseline', lr: '0.1', losses: [1, 0.8, 0.7] },
    { name: 'tuned', lr: '0.01', losses: [1, 0.6, 0.4] },
    { name: 'secret-experiment', lr: '0.5', losses: [2, 1.9, 1.8] },
  ]);
  const [baseline, tuned, secret] = runIds;

  // Grace saves two runs as a comparison, discusses it, and shares it with comments.
  await page.goto(`${teamPath}/compare?runs=${baseline},${tuned}`);
  await page.getByRole('button', { name: 'Save comparison…' }).click();
  await page.getByLabel('Name').fill('lr 0.1 vs 0.01');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/comparisons\/[^/]+$/);
  await page.getByLabel('New comment').fill('**tuned** wins: 0.4 vs 0.7 final loss');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(page.getByTestId('comment')).toContainText('wins');
  await page.getByRole('button', { name: 'Share…' }).click();
  await page.getByLabel('Include comments').check();
  await page.getByRole('button', { name: 'Create link' }).click();
  const url = (await page.getByTestId('share-url').textContent())!.trim();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  const secret43 = url.slice(url.lastIndexOf('/') + 1);

  // A stakeholder without an account.
  const stakeholder = await newPerson(browser);
  const response = await stakeholder.page.goto(url);
  expect(response!.headers()['referrer-policy']).toBe('no-referrer');
  expect(response!.headers()['x-robots-tag']).toContain('noindex');
  await expect(stakeholder.page.getByTestId('comparison-name')).toHaveText('lr 0.1 vs 0.01');
  const table = stakeholder.page.getByTestId('compare-table');
  await expect(table).toContainText('baseline');
  await expect(table).toContainText('tuned');
  await expect(table).not.toContainText('secret-experiment');
  await expect(stakeholder.page.getByTestId('metric-chart-loss')).toBeVisible();
  await expect(stakeholder.page.getByTestId('comment')).toContainText('tuned wins');
  // No way into the team from the page: no project names, no links to team pages.
  await expect(stakeholder.page.locator(`a[href^="${teamPath}"]`)).toHaveCount(0);
  await stakeholder.page.waitForTimeout(500); // let plotly finish drawing
  await stakeholder.page.screenshot({ path: testInfo.outputPath('shared-comparison.png'), fullPage: true });

  // Everything else is NOT_FOUND for the link, whatever the stakeholder tries.
  const asLink = { 'x-cairn-share': secret43 };
  for (const [query, variables] of [
    ['query($id: ID!) { run(id: $id) { name } }', { id: secret }],
    ['query($id: ID!) { project(id: $id) { name } }', { id: experimentId }],
    ['query($id: ID!) { metricHistory(runId: $id, key: "loss") { points { value } } }', { id: secret }],
    ['query($slug: String!) { team(slug: $slug) { name } }', { slug: teamPath.split('/')[2] }],
    ['query($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { name } } }', { ids: [baseline, secret] }],
  ] as const) {
    const result = await graphql(stakeholder.page, query, variables, asLink);
    expect(result.errors?.[0]?.extensions?.code, query).toBe('NOT_FOUND');
    expect(result.data ?? null).toBeNull();
  }
  expect((await stakeholder.page.request.get(`/api/2.0/mlflow/runs/get?run_id=${secret}`, { headers: asLink })).status()).toBe(404);
  expect((await stakeholder.page.request.get(`/api/events?topics=run:${secret}`, { headers: asLink })).status()).toBe(404);
  await stakeholder.page.goto(`${teamPath}/runs/${secret}`);
  await expect(stakeholder.page).toHaveURL(/\/sign-in/);

  // Grace sees the link in team settings, with its opens, and revokes it.
  await page.goto(`${teamPath}/settings`);
  const row = page.getByTestId('share-links').getByRole('row', { name: /lr 0.1 vs 0.01/ });
  await expect(row).toContainText('1 time');
  await expect(row).toContainText('comments');
  await page.screenshot({ path: testInfo.outputPath('share-links-settings.png'), fullPage: true });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('revoked');

  // The link is dead.
  const dead = await stakeholder.page.goto(url);
  expect(dead!.status()).toBe(404);
  await expect(stakeholder.page.getByRole('heading', { name: 'This link is no longer valid' })).toBeVisible();
  await stakeholder.page.screenshot({ path: testInfo.outputPath('share-link-revoked.png') });
  const afterRevoke = await graphql(stakeholder.page, '{ shared { targetType } }', {}, asLink);
  expect(afterRevoke.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  await stakeholder.context.close();
});

test("a running run's chart grows while its page is open", async ({ page, request }, testInfo) => {
  await signUp(page, 'Linus');
  const { teamPath, runIds, mlflow, experimentId } = await teamWithRuns(page, request, [{ name: 'still-training', lr: '0.1', losses: [1, 0.9, 0.8] }]);
  const [runId] = runIds;
  await page.goto(`${teamPath}/runs/${runId}`);
  await expect(page.getByTestId('live')).toBeVisible();
  const chart = page.getByTestId('metric-chart-loss');
  const points = () => chart.evaluate((element) => {
    const plot = (element.querySelector('.js-plotly-plot') ?? element) as unknown as { data?: { x: number[] }[] };
    return plot.data?.[0]?.x.length ?? 0;
  });
  await expect.poll(points).toBe(3);

  // The training script logs more epochs; the page is not reloaded.
  for (let step = 3; step < 8; step++) {
    await mlflow('runs/log-metric', { run_id: runId, key: 'loss', value: 0.8 - step * 0.05, step, timestamp: Date.now() });
  }
  await expect.poll(points, { timeout: 10_000 }).toBe(8);
  await expect(page.getByRole('table', { name: 'Latest metrics' })).toContainText('7');
  await page.screenshot({ path: testInfo.outputPath('live-run.png'), fullPage: true });

  // Finishing the run shows too, on its page and in the runs table that is open elsewhere.
  const table = await page.context().newPage();
  await table.goto(`${teamPath}/projects/${experimentId}`);
  const row = table.getByTestId('runs-table').getByRole('row', { name: /still-training/ });
  await expect(row).toContainText('running');
  await page.waitForTimeout(500); // let both pages' live streams open
  await mlflow('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
  await expect(page.getByTestId('live')).toHaveCount(0);
  await expect(row).toContainText('finished');
});
