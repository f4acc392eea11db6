// Run search at scale over HTTP (runs/search, what the MLflow client's search_runs sends),
// Cairn's built server and MLflow's real server side by side on the same data: one experiment
// of 100,000 runs (10 params, 5 tags, 5 latest metrics each, bulk-loaded set-based by
// seed-runs.ts and its MLflow twin), then one of 1,000,000 runs. Each search is sent one at a
// time, 20 times after 3 warm-ups; median and p95 of the whole request, first page of 100.
// Target (issue 10): a metric filter and order over 100,000 runs under 100 ms.
//
//   BENCH_SEARCH_SIZES=100000 npm run bench -- search-scale      only the 100,000-run experiment
//   BENCH_SEARCH_MLFLOW_MAX=1000000 ...                          MLflow at 1,000,000 runs too (slow)
import { figure, loadAverage, median, note, percentile, timeRuns } from './support/report.ts';
import { seedMlflowRuns } from './support/seed-mlflow-runs.ts';
import { seedRuns } from './support/seed-runs.ts';
import { createBenchToken, mlflowPost, startSideBySide, type Target } from './support/side-by-side.ts';

const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '100000,1000000').split(',').map(Number);
const MLFLOW_MAX = Number(process.env.BENCH_SEARCH_MLFLOW_MAX ?? 100_000);
const REPETITIONS = 20;
const TARGET_MS = 100;

const searches = [
  { name: "metrics.acc > 0.9 and params.lr = '0.01', order by metrics.acc DESC", filter: "metrics.acc > 0.9 and params.lr = '0.01'", order_by: ['metrics.acc DESC'], target: true },
  { name: 'no filter, order by metrics.acc DESC (orders every run)', filter: '', order_by: ['metrics.acc DESC'], target: true },
  { name: "tags.team LIKE 'cv%', order by start_time", filter: "tags.team LIKE 'cv%'", order_by: ['attributes.start_time DESC'], target: false },
];

async function timeSearches(target: Target, experimentId: string, runs: number): Promise<number[]> {
  const medians: number[] = [];
  for (const search of searches) {
    let found = 0;
    const samples = await timeRuns(
      REPETITIONS,
      async () => {
        const reply = await mlflowPost<{ runs?: unknown[] }>(target, 'runs/search', { experiment_ids: [experimentId], filter: search.filter, order_by: search.order_by, max_results: 100 });
        found = reply.runs?.length ?? 0;
      },
      3,
    );
    if (found === 0) throw new Error(`${target.name}: "${search.name}" found nothing`);
    figure(`${target.name}, ${runs.toLocaleString('en-US')} runs: ${search.name}, median`, median(samples), 'ms', search.target ? { value: TARGET_MS, better: 'lower' } : undefined);
    figure('  p95', percentile(samples, 95), 'ms');
    medians.push(median(samples));
  }
  return medians;
}

const world = await startSideBySide();
try {
  note(world.describe());
  for (const runs of SIZES) {
    // Cairn: the runs go into a team of their own; a token of that team searches them.
    let started = performance.now();
    const { teamId, projectId } = await seedRuns(runs, `search-${runs}`);
    const { token } = await createBenchToken(teamId);
    note(`Cairn: ${runs.toLocaleString('en-US')} runs bulk-loaded in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadAverage()}`);
    const cairn = await timeSearches({ ...world.cairn, headers: { authorization: `Bearer ${token}` } }, projectId, runs);
    if (world.mlflow && runs <= MLFLOW_MAX) {
      started = performance.now();
      const { experiment_id: experimentId } = await mlflowPost<{ experiment_id: string }>(world.mlflow, 'experiments/create', { name: `search-${runs}` });
      await seedMlflowRuns(world.mlflow.databaseUrl, experimentId, runs, String(runs));
      note(`MLflow: the same ${runs.toLocaleString('en-US')} runs bulk-loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const mlflow = await timeSearches(world.mlflow, experimentId, runs);
      searches.forEach((search, i) => note(`MLflow/Cairn, ${search.name}: ${(mlflow[i] / cairn[i]).toFixed(1)}x`));
    } else if (world.mlflow) {
      note(`MLflow: not run at ${runs.toLocaleString('en-US')} runs (BENCH_SEARCH_MLFLOW_MAX=${MLFLOW_MAX})`);
    }
  }
  note(`load average after ${loadAverage()}`);
} finally {
  await world.close();
}
