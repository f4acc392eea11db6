// The project page's runs table and exports at scale, through the real use cases:
//   - 10,000 runs (10 params, 5 tags, 5 metrics each): a window of 100 rows at the top, the
//     middle and the end, ordered by a metric (what scrolling the virtualized table asks for);
//     grouping by a param with aggregates of 3 metrics; the facets (keys and counts).
//   - 100,000 runs: the runs table exported as CSV and as Parquet, streamed to nowhere, with the
//     heap's peak growth while it streams (the export must not hold the runs in memory).
// Figures only.   npx tsx bench/runs-table.bench.ts   (or `npm run bench -- runs-table`)
import { system } from '../lib/authz/index.ts';
import { exportRuns } from '../lib/tracking/export/export-runs.ts';
import { getRunFacets } from '../lib/tracking/runs-table/get-run-facets.ts';
import { groupRuns } from '../lib/tracking/runs-table/group-runs.ts';
import { listRunWindow } from '../lib/tracking/runs-table/list-run-window.ts';
import { startBenchDatabase } from './support/database.ts';
import { seedRuns } from './support/seed-runs.ts';
import { figure, median, note, percentile, timeRuns } from './support/report.ts';

const TABLE_RUNS = 10_000;
const EXPORT_RUNS = 100_000;
const TARGET_WINDOW_MS = 100;

const seed = seedRuns;

async function streamLength(stream: ReadableStream<Uint8Array>, onChunk: () => void): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    onChunk();
  }
  return bytes;
}

async function main() {
  const database = await startBenchDatabase();
  try {
    let started = performance.now();
    const table = await seed(TABLE_RUNS, 'table');
    note(`seeded ${TABLE_RUNS.toLocaleString('en-US')} runs (10 params, 5 tags, 5 metrics each) in ${Math.round(performance.now() - started)} ms`);
    const orderBy = ['metrics.acc DESC'];
    for (const [label, offset] of [['top', 0], ['middle', TABLE_RUNS / 2], ['end', TABLE_RUNS - 100]] as const) {
      const samples = await timeRuns(20, () => listRunWindow(system, { projectId: table.projectId, orderBy, offset, limit: 100 }));
      figure(`window of 100 at the ${label} of 10,000 runs, by metrics.acc (median)`, median(samples), 'ms', { value: TARGET_WINDOW_MS, better: 'lower' });
    }
    const filtered = await timeRuns(20, () => listRunWindow(system, { projectId: table.projectId, filter: 'metrics.f1 > 0.5', quick: { statuses: ['FINISHED'] }, orderBy, offset: 1000, limit: 100 }));
    figure('same, filtered (metrics.f1 > 0.5, status FINISHED), offset 1000', median(filtered), 'ms', { value: TARGET_WINDOW_MS, better: 'lower' });
    const grouped = await timeRuns(10, () => groupRuns(system, { projectId: table.projectId, by: 'params.optimizer', metricKeys: ['acc', 'loss', 'f1'] }));
    figure('group 10,000 runs by a param, mean/min/max of 3 metrics (median)', median(grouped), 'ms');
    const facets = await timeRuns(10, () => getRunFacets(system, { projectId: table.projectId }));
    figure('facets of 10,000 runs: keys, statuses, users, datasets (median)', median(facets), 'ms');
    note(`p95 of the top window: ${percentile(await timeRuns(10, () => listRunWindow(system, { projectId: table.projectId, orderBy, limit: 100 })), 95).toFixed(1)} ms`);

    started = performance.now();
    const exported = await seed(EXPORT_RUNS, 'export');
    note(`seeded ${EXPORT_RUNS.toLocaleString('en-US')} runs in ${Math.round(performance.now() - started)} ms`);
    const columns = ['attributes.run_name', 'attributes.status', 'attributes.start_time', 'params.lr', 'params.optimizer', 'params.batch_size', 'metrics.acc', 'metrics.loss', 'metrics.f1', 'tags.team'];
    for (const format of ['csv', 'parquet'] as const) {
      global.gc?.();
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      started = performance.now();
      const file = await exportRuns(system, { projectId: exported.projectId, format, columns, orderBy: ['metrics.acc DESC'] });
      // What the export retains: the heap after a collection, every 10 pages (needs node --expose-gc,
      // which `npm run bench` passes; without it the figure includes garbage not yet collected).
      let chunks = 0;
      const bytes = await streamLength(file.body, () => {
        if (++chunks % 10 === 0) global.gc?.();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      });
      const seconds = (performance.now() - started) / 1000;
      figure(`export 100,000 runs x 11 columns as ${format.toUpperCase()}`, EXPORT_RUNS / seconds, 'runs/s');
      note(`  ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s; heap grew by at most ${((peak - baseline) / 1e6).toFixed(1)} MB while streaming${global.gc ? ' (sampled after collections)' : ' (garbage included: run with --expose-gc)'}`);
    }
  } finally {
    await database.close();
  }
}

await main();
