// Two versions of Cairn side by side on the compare page's cold load: this checkout (A) and
// the one at BENCH_AB_OTHER (B, e.g. a git worktree of another branch, built by its own
// start), each with its own server and the same 100 runs x 2 metrics x 500 points, cold loads
// (a new browser profile each) alternating A, B, B, A, ... so that whatever else the machine
// does hits both alike. On this machine a single bench run's cold figure moves by ~0.2 s from
// run to run; this is what tells two versions apart. Prints each round (interactive, when the
// compare request ran, and the CPU each load cost: the server's processes, PostgreSQL, Chromium
// from /proc), the medians with how often B was faster, and Chromium's CPU for the same steps
// with a blank page (what of its figure is the browser's own). The two sides are not quite
// alike: in 4 of 6 runs on 2026-11-30 the compare request of A (started and prepared first)
// answered later than B's, unexplained, so measure a change in both positions (swap the
// checkouts). Opt-in (bench/run.ts):
//
//   BENCH_AB_OTHER=/path/to/other/checkout npm run bench -- compare-page-ab   (BENCH_AB_ROUNDS, default 10)
import fs from 'node:fs';
import { chromium, request as playwrightRequest, type Browser } from '@playwright/test';
import { logSearch, mlflowClient, signUpWithToken } from '../e2e/support/world.ts';
import { processTreeCpuMs } from './support/process-cpu.ts';
import { loadAverage, median, note } from './support/report.ts';
import { startCairn, type RunningCairn } from './support/start-cairn.ts';

const other = process.env.BENCH_AB_OTHER;
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 10);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

type Prepared = { cairn: RunningCairn; url: string; state: Awaited<ReturnType<Awaited<ReturnType<Browser['newContext']>>['storageState']>> };

/** Signs up, logs the runs, and loads the page once (the server's first render of it is not a cold load). */
async function prepare(browser: Browser, cairn: RunningCairn): Promise<Prepared> {
  const setup = await browser.newContext({ baseURL: cairn.baseURL });
  const page = await setup.newPage();
  page.setDefaultTimeout(120_000);
  const { teamPath, token } = await signUpWithToken(page, 'Bench', 'Bench');
  const api = await playwrightRequest.newContext({ baseURL: cairn.baseURL });
  const { runIds } = await logSearch(mlflowClient(api, token), 'compare-bench', { trials: 100, epochs: 500, onceMetrics: false });
  await api.dispose();
  const url = `${teamPath}/compare?runs=${runIds.join(',')}`;
  await page.goto(url);
  await page.waitForSelector('[data-testid=compare-view][data-state=ready]');
  const state = await setup.storageState();
  await setup.close();
  return { cairn, url, state };
}

async function coldLoad(browser: Browser, { cairn, url, state }: Prepared) {
  const pid = cairn.child.pid!;
  const cpu = () => [processTreeCpuMs(pid, (c) => !c.startsWith('postgres')), processTreeCpuMs(pid, (c) => c.startsWith('postgres')), processTreeCpuMs(process.pid, (c) => /chrom/i.test(c))];
  const before = cpu();
  const context = await browser.newContext({ baseURL: cairn.baseURL, storageState: state, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid=compare-view][data-state=ready]', { timeout: 120_000 });
  const timing = await page.evaluate(() => ({
    ready: performance.getEntriesByName('cairn:compare-ready')[0]?.startTime ?? NaN,
    request: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => entry.name.includes('/api/graphql') && entry.encodedBodySize > 10_000)
      .map((entry) => `${Math.round(entry.startTime)}-${Math.round(entry.responseEnd)}`)[0],
  }));
  await context.close();
  // Chromium's processes alive after the load: a closed profile's renderer that has exited is not counted.
  const [server, postgres, chromiumMs] = cpu().map((after, i) => Math.round(after - before[i]));
  return { ...timing, line: `${Math.round(timing.ready)} ms (request ${timing.request} ms; CPU server ${server}, PostgreSQL ${postgres}, Chromium ${chromiumMs} ms)` };
}

/**
 * Chromium's CPU for the same steps as a cold load (a new profile, one navigation to the
 * server, closed) with nothing but /api/health on the page: the part of each load's Chromium
 * figure that is the browser's own cost, not the compare page's (measured at ~1 s here).
 */
async function blankLoadChromiumMs(browser: Browser, { cairn, state }: Prepared): Promise<number> {
  const before = processTreeCpuMs(process.pid, (c) => /chrom/i.test(c));
  const context = await browser.newContext({ baseURL: cairn.baseURL, storageState: state, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto('/api/health');
  await context.close();
  return processTreeCpuMs(process.pid, (c) => /chrom/i.test(c)) - before;
}

if (!other || !fs.existsSync(other)) {
  note('BENCH_AB_OTHER is not set to another checkout: nothing to compare (see the header of bench/compare-page-ab.bench.ts)');
} else {
  const servers = await Promise.all([startCairn(), startCairn(other)]);
  const browser = await chromium.launch({ executablePath: process.env.CAIRN_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const prepared = [await prepare(browser, servers[0]), await prepare(browser, servers[1])];
    const ready: number[][] = [[], []];
    for (let round = 0; round < ROUNDS; round++) {
      for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const load = await coldLoad(browser, prepared[i]);
        ready[i].push(load.ready);
        note(`round ${round} ${'AB'[i]}: ${load.line}; load average ${loadAverage()}`);
      }
    }
    const blank: number[] = [];
    for (let i = 0; i < 5; i++) blank.push(await blankLoadChromiumMs(browser, prepared[0]));
    note(`Chromium's CPU for a new profile opening /api/health instead (the browser's own share of each load's figure): median ${Math.round(median(blank))} ms`);
    const faster = ready[1].filter((b, i) => b < ready[0][i]).length;
    note(`A (this checkout): cold median ${Math.round(median(ready[0]))} ms; B (${other}): ${Math.round(median(ready[1]))} ms; B faster in ${faster} of ${ROUNDS} rounds`);
  } finally {
    await browser.close();
    await Promise.all(servers.map((server) => server.stop()));
  }
}
