// The analysis pages in Chromium, as issue 9 asks: seed 000's five-run sweep shows the
// accuracy/fairness trade-off as a scatter on the project page and in the compare view (whose
// state lives in its URL), and a 100-run search is sorted, grouped, charted and exported from
// the project page (keyboard included). Screenshots go to the test output; with
// CAIRN_SCREENSHOTS=docs the README's pictures are rewritten in docs/.
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parquetReadObjects } from 'hyparquet';
import { logSearch, logSweep, mlflowClient, signUpWithToken, SWEEP } from './support/world';

const DOCS = path.join(import.meta.dirname, '..', 'docs');

async function screenshot(page: Page, name: string, testInfo: import('@playwright/test').TestInfo, fullPage = false) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage });
  if (process.env.CAIRN_SCREENSHOTS === 'docs') await page.screenshot({ path: path.join(DOCS, `${name}.png`), fullPage });
}

/** The points a plotly chart drew: x, y and the run names it labels them with. */
async function plottedPoints(chart: Locator): Promise<{ x: unknown[]; y: unknown[]; text: string[] }> {
  await expect(chart).toHaveAttribute('data-rendered', 'true');
  return chart.evaluate((element) => {
    const [trace] = (element as unknown as { data: { x: unknown[]; y: unknown[]; text: string[] }[] }).data;
    return { x: trace.x, y: trace.y, text: trace.text };
  });
}

test("seed 000's sweep: the accuracy/fairness trade-off on the project page and in the compare view", async ({ page, request }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const { teamPath, token } = await signUpWithToken(page, 'Joy', 'Fairness');
  const { experimentId, runIds } = await logSweep(mlflowClient(request, token), 'fairness-sweep');

  await page.goto(`${teamPath}/projects`);
  const projects = page.getByTestId('projects-table');
  await expect(projects.getByRole('row', { name: /fairness-sweep\s+5\s/ })).toBeVisible();
  await projects.getByRole('link', { name: 'fairness-sweep' }).click();
  await page.waitForURL(`**${teamPath}/projects/${experimentId}`);

  const table = page.getByTestId('runs-table');
  for (const run of SWEEP) await expect(table.getByRole('gridcell', { name: run.name, exact: true })).toBeVisible({ timeout: 30_000 });
  // Logged once per run: a scatter of the trade-off and bars, never one-point lines.
  const scatter = page.getByTestId('scatter-metrics.accuracy-metrics.fairness_score');
  const points = await plottedPoints(scatter);
  const byName = new Map(points.text.map((name, i) => [name, [points.x[i], points.y[i]]]));
  for (const run of SWEEP) expect(byName.get(run.name)).toEqual([run.accuracy, run.fairness]);
  await expect(page.getByTestId('bar-chart-accuracy')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByTestId('metric-chart-accuracy')).toHaveCount(0);
  await screenshot(page, 'sweep-project-page', testInfo);

  // Select all five, compare.
  await page.getByRole('checkbox', { name: 'Select the top 100 runs' }).click();
  await expect(page.getByTestId('run-count')).toContainText('5 selected');
  await page.getByRole('button', { name: 'Compare 5' }).click();
  await page.waitForURL(/\/compare\?runs=/);
  expect(new URL(page.url()).searchParams.get('runs')!.split(',').sort()).toEqual([...runIds].sort());
  const view = page.getByTestId('compare-view');
  await expect(view).toHaveAttribute('data-state', 'ready');

  const compared = page.getByTestId('compare-table');
  const row = (key: string) => compared.getByRole('row').filter({ has: page.getByRole('rowheader', { name: key, exact: true }) });
  await expect(row('max_depth')).toHaveAttribute('data-differs', 'true');
  await expect(row('data_version')).not.toHaveAttribute('data-differs', 'true');
  // Deeper trees: best accuracy (run 4), worst fairness; the shallowest: the reverse.
  await expect(row('accuracy').locator('[data-best]')).toHaveText(['0.91']);
  await expect(row('accuracy').locator('[data-worst]')).toHaveText(['0.845']);
  await expect(row('fairness_score').locator('[data-best]')).toHaveText(['0.9312']);
  const comparedScatter = await plottedPoints(page.getByTestId('scatter-metrics.accuracy-metrics.fairness_score'));
  expect(comparedScatter.text.sort()).toEqual(SWEEP.map((run) => run.name).sort());
  // The parallel coordinates draw when scrolled near: drawn for the screenshot.
  await page.getByTestId('parallel-coordinates').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('parallel-coordinates')).toHaveAttribute('data-rendered', 'true');
  // Drawn for real: under the pages' CSP, plotly's regular bundle showed its no-WebGL notice here.
  await expect(page.getByTestId('parallel-coordinates')).not.toContainText('WebGL is not supported');
  await expect(page.getByTestId('parallel-coordinates').locator('.parcoords')).toHaveCount(1);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'compare-page', testInfo, true);

  // The direction is the person's to set, and the view (directions, switches, layout) is in the URL.
  await page.getByRole('button', { name: 'fairness_score: higher is better; switch' }).click();
  await expect(row('fairness_score').locator('[data-best]')).toHaveText(['0.8105']);
  await page.getByLabel('Show only differences').click();
  await expect(page.getByLabel('Show only differences')).toBeChecked();
  await expect(row('data_version')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Runs as rows' }).click();
  await expect(page).toHaveURL(/layout=rows/);
  const url = new URL(page.url());
  expect(url.searchParams.getAll('dir')).toEqual(['min:fairness_score']);
  expect(url.searchParams.get('diff')).toBe('1');
  await page.reload();
  await expect(view).toHaveAttribute('data-state', 'ready');
  await expect(page.getByRole('radio', { name: 'Runs as rows' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByLabel('Show only differences')).toBeChecked();
  await expect(compared.locator('tr[data-run-id]')).toHaveCount(5);

  // Two runs: what differs between them, in one summary.
  await page.goto(`${teamPath}/compare?runs=${runIds[1]},${runIds[3]}`);
  const differences = page.getByTestId('differences');
  await expect(differences).toContainText('max_depth');
  await expect(differences).toContainText('n_estimators');
  await expect(differences).not.toContainText('data_version');
  await expect(page.getByRole('table', { name: 'Differences between sweep_run_2 and sweep_run_4' })).toBeVisible();
});

test('a 100-run search: sorted, grouped, charted, exported, from the keyboard too', async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const { teamPath, token } = await signUpWithToken(page, 'Ana', 'Search');
  const mlflow = mlflowClient(request, token);
  const { experimentId } = await logSearch(mlflow, 'hpo-search', { trials: 100, epochs: 30 });
  const { runs: byAccuracy } = await mlflow('runs/search', { experiment_ids: [experimentId], order_by: ['metrics.val_accuracy DESC'], max_results: 100 });
  const best = byAccuracy[0].info;

  await page.goto(`${teamPath}/projects/${experimentId}`);
  const table = page.getByTestId('runs-table');
  // The first load waits for the project's facets, then its first window (slow on a busy machine).
  await expect(page.getByTestId('run-count')).toHaveText('100 runs', { timeout: 30_000 });
  // Virtualized: the 100 rows are not all in the page.
  await expect(table.locator('[data-run-id]').first()).toBeVisible();
  expect(await table.locator('[data-run-id]').count()).toBeLessThan(100);

  // Sort by a metric (server-side), best first: the person finds the best run and its config.
  await table.getByRole('button', { name: 'Sort by val_accuracy' }).click();
  await expect(page).toHaveURL(/sort=metrics.val_accuracy%3Adesc/);
  await expect(table.locator('[data-run-id]').first()).toHaveAttribute('data-run-id', best.run_id);
  await expect(table.getByRole('columnheader', { name: /val_accuracy/ })).toHaveAttribute('aria-sort', 'descending');

  // The charts follow the table: the top 20 runs' loss curves overlaid.
  const loss = page.getByTestId('metric-chart-loss');
  await expect(loss).toHaveAttribute('data-rendered', 'true');
  const drawnRuns = await loss.evaluate((element) => new Set((element as unknown as { data: { text?: string[] }[] }).data.flatMap((trace) => trace.text ?? []).filter(Boolean)).size);
  expect(drawnRuns).toBe(20);
  await screenshot(page, 'project-page', testInfo);

  // Keyboard: the table is one tab stop; arrows move, Space selects, Enter opens.
  await table.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(table.locator('[aria-selected="true"]')).toHaveCount(1);
  await expect(page.getByTestId('charted-runs')).toHaveText('Charting the 1 selected run');

  // Choose columns: saved for this person and project.
  await page.getByTestId('column-chooser').locator('summary').click();
  await page.getByTestId('column-chooser').getByRole('checkbox', { name: 'batch_size' }).uncheck();
  await expect(table.getByRole('columnheader', { name: /batch_size/ })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Group by optimizer (trial i used OPTIMIZERS[floor(i / 4) % 4]: sgd 28 times, the others 24):
  // four groups with their sizes and the mean of the shown metrics.
  await page.getByLabel('Group by').selectOption('params.optimizer');
  await expect(page).toHaveURL(/group=params.optimizer/);
  const groups = table.getByTestId('group-row');
  await expect(groups).toHaveCount(4);
  for (const [optimizer, count] of [['sgd', 28], ['adam', 24], ['adamw', 24], ['rmsprop', 24]] as const) {
    await expect(groups.filter({ hasText: new RegExp(`optimizer = ${optimizer}${count}μ`) })).toHaveCount(1);
  }
  // Sorted by val_accuracy: groups by their mean too, adamw (the best optimizer here) first.
  await expect(groups.first()).toContainText('optimizer = adamw');
  await expect(groups.first()).toContainText('μ');
  await groups.first().getByRole('button', { name: 'Open group optimizer = adamw' }).click();
  await expect(table.locator('[data-run-id]')).toHaveCount(24);
  await screenshot(page, 'project-page-grouped', testInfo);

  await page.reload();
  await expect(table.getByTestId('group-row')).toHaveCount(4);
  await expect(table.getByRole('columnheader', { name: /batch_size/ })).toHaveCount(0);

  // Export what the table shows: CSV and Parquet, every matching run, in the table's order.
  await page.getByLabel('Group by').selectOption('');
  await page.getByLabel('Search filter').fill("params.optimizer != 'sgd'");
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('run-count')).toContainText('72 runs of 100');
  await page.getByTestId('export-menu').locator('summary').click();
  const csvHref = await page.getByRole('link', { name: 'Runs table as CSV' }).getAttribute('href');
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trimEnd().split('\n');
  expect(lines).toHaveLength(73);
  expect(lines[0]).toContain('run_id,run_name,status');
  expect(lines[0]).not.toContain('batch_size');
  expect(lines[1].split(',')[0]).toBe(best.run_id);
  const parquetHref = await page.getByRole('link', { name: 'Runs table as Parquet' }).getAttribute('href');
  const parquet = await page.request.get(parquetHref!);
  expect(parquet.headers()['content-disposition']).toContain('hpo-search-runs.parquet');
  const rows = (await parquetReadObjects({ file: new Uint8Array(await parquet.body()).slice().buffer })) as Record<string, unknown>[];
  expect(rows).toHaveLength(72);
  expect(rows[0]).toMatchObject({ run_id: best.run_id });
  expect(rows.every((row) => row['params.optimizer'] !== 'sgd')).toBe(true);
  expect(typeof rows[0]['metrics.val_accuracy']).toBe('number');
});

test('two changes to the runs table in a row both stay: the table answers at once and the URL follows', async ({ page, request }) => {
  const { teamPath, token } = await signUpWithToken(page, 'Quick', 'Changes');
  const { experimentId } = await logSweep(mlflowClient(request, token), 'quick-changes');
  await page.goto(`${teamPath}/projects/${experimentId}`);
  await expect(page.getByTestId('run-count')).toContainText('5 runs');
  // Grouped, then a status toggled, in one task: before the router has written the first change
  // to the URL. The second change used to start from the URL's state and undo the first.
  await page.evaluate(() => {
    const groupBy = document.querySelector<HTMLSelectElement>('select[aria-label="Group by"]')!;
    groupBy.value = groupBy.options[1].value;
    groupBy.dispatchEvent(new Event('change', { bubbles: true }));
    document.querySelector<HTMLButtonElement>('[aria-label="Quick filters"] button.chip')!.click();
  });
  await expect(page).toHaveURL(/[?&]group=/);
  await expect(page).toHaveURL(/[?&]status=/);
  await expect(page.getByTestId('runs-table').getByTestId('group-row').first()).toBeVisible();
  await expect(page.locator('[aria-label="Quick filters"] button.chip').first()).toHaveAttribute('aria-pressed', 'true');
});
