// The seed's lineage chain (raw -> cleaned -> features -> training data -> training -> v1 ->
// fine-tuned v2 -> production, and an inference run), built through the APIs as scripts would,
// then read by a person: the production version's training data and reproducibility, its
// lineage graph drawn left to right (expand a node, click one to open it), the dataset page
// with every digest and what used it, and the run page saying what is missing to reproduce it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { buildSeedChain } from '../tests/lineage/seed-chain';
import { signUpWithToken } from './helpers';

const SCREENSHOTS = path.join(os.tmpdir(), 'cairn-lineage-screenshots');
fs.mkdirSync(SCREENSHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

test('the seed lineage chain, from the production model to its raw data and back', async ({ page, request }) => {
  test.setTimeout(180_000);
  const { teamPath, token } = await signUpWithToken(page, 'Ada', 'Fraud');
  const chain = await buildSeedChain(async (method, url, body, contentType) => {
    const response = await request.fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType ?? 'application/json' },
      data: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status(), body: parsed, text };
  });

  // The production version: what trained it (through the version it was fine-tuned from too).
  await page.goto(`${teamPath}/models`);
  await page.getByRole('link', { name: chain.model }).first().click();
  await page.getByTestId('version-2').getByRole('link', { name: 'v2', exact: true }).click();
  await expect(page.getByRole('heading', { name: /fraud-detector v2/ })).toBeVisible();
  const training = page.getByRole('table', { name: 'Training data' });
  await expect(training).toContainText('d474v002');
  await expect(training).toContainText('d474v001');
  await expect(training).toContainText('v1 (fine-tuned from)');
  await expect(page.getByRole('table', { name: 'Version overview' }).getByRole('link', { name: 'fraud-detector v1' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Reproducibility' })).toBeVisible();
  await shot(page, 'version-training-data');

  // Its lineage graph, the whole chain.
  await page.getByRole('link', { name: 'Lineage graph' }).click();
  await expect(page).toHaveURL(/\/lineage\/model_version\//);
  const canvas = page.getByTestId('lineage-canvas');
  await expect(canvas.getByTestId('lineage-node').first()).toBeVisible();
  await page.getByLabel('Depth').selectOption('12');
  for (const label of ['raw_transactions', 'cleaned_transactions', 'features', 'training_data', 'train-fraud-v1', 'fraud-detector v1', 'fine-tune-fraud-v2', 'inference-2025-10-30', 'predictions']) {
    await expect(canvas.getByRole('link', { name: label, exact: true }).first()).toBeVisible();
  }
  // Laid out left to right: the raw data left of the model, the predictions right of it.
  const x = async (label: string) => (await canvas.getByRole('link', { name: label, exact: true }).first().boundingBox())!.x;
  expect(await x('raw_transactions')).toBeLessThan(await x('fraud-detector v2'));
  expect(await x('fraud-detector v2')).toBeLessThan(await x('predictions'));
  await shot(page, 'lineage-graph');

  // Expanding from a node loads what lies beyond it.
  await page.getByLabel('Depth').selectOption('1');
  await expect(page.getByRole('status').filter({ hasText: 'nodes' })).toContainText('4 nodes');
  await canvas.getByRole('button', { name: 'Expand upstream of fine-tune-fraud-v2' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'nodes' })).toContainText('upstream of fine-tune-fraud-v2');
  await expect(canvas.getByRole('link', { name: 'training_data', exact: true })).toBeVisible();
  await shot(page, 'lineage-expanded');

  // Clicking a node opens it.
  await canvas.getByRole('link', { name: 'training_data', exact: true }).click();
  await expect(page).toHaveURL(/\/datasets\//);
  await expect(page.getByRole('heading', { name: /training_data/ })).toBeVisible();
  const digests = page.getByRole('table', { name: 'Digests' });
  await expect(digests.getByRole('row', { name: /d474v001/ })).toContainText('train-fraud-v1');
  await expect(digests.getByRole('row', { name: /d474v002/ })).toContainText('fine-tune-fraud-v2');
  await expect(page.getByRole('list', { name: 'Model versions downstream' })).toContainText('fraud-detector v2');
  await shot(page, 'dataset-page');

  // A run that is missing what it takes to reproduce it says so, and how to fix it.
  await page.goto(`${teamPath}/runs/${chain.runs.clean}`);
  const report = page.getByRole('region', { name: 'Reproducibility' });
  await expect(report).toContainText('are missing or incomplete');
  await expect(report.locator('[data-status="MISSING"]')).toHaveCount(3);
  await expect(report).toContainText("mlflow.log_param('seed', 42)");
  await expect(page.getByRole('link', { name: 'Lineage graph' })).toBeVisible();
  await shot(page, 'run-reproducibility');

  // The datasets list.
  await page.getByRole('link', { name: 'Datasets', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Datasets' }).getByRole('row', { name: /training_data/ })).toContainText('2');
  await shot(page, 'datasets-list');
});
