// What the analysis e2e specs (and the compare-page bench) set up: a person with a team and
// a write token (signed up through the pages), and runs logged over Cairn's MLflow REST API
// exactly as the MLflow client logs them: seed 000's five-run sweep and a 100-trial search.
import { mlflowClient, signUpWithToken } from '../helpers';

export type Mlflow = ReturnType<typeof mlflowClient>;
// The sign-up and MLflow helpers every spec shares, for the specs and the bench that start here.
export { mlflowClient, signUpWithToken };

/**
 * Seed 000's sweep (train_sweep.py): 5 runs of a random forest, params n_estimators,
 * max_depth and data_version, metrics accuracy and fairness_score logged once each, with
 * deeper trees more accurate and less fair (the trade-off the tutorial asks to find).
 */
export const SWEEP = [
  { name: 'sweep_run_1', nEstimators: 10, maxDepth: 2, accuracy: 0.845, fairness: 0.9312 },
  { name: 'sweep_run_2', nEstimators: 50, maxDepth: 5, accuracy: 0.89, fairness: 0.9047 },
  { name: 'sweep_run_3', nEstimators: 100, maxDepth: 10, accuracy: 0.905, fairness: 0.8468 },
  { name: 'sweep_run_4', nEstimators: 200, maxDepth: 15, accuracy: 0.91, fairness: 0.8105 },
  { name: 'sweep_run_5', nEstimators: 50, maxDepth: 3, accuracy: 0.87, fairness: 0.9189 },
];

export async function logSweep(mlflow: Mlflow, experimentName: string): Promise<{ experimentId: string; runIds: string[] }> {
  const { experiment_id } = await mlflow('experiments/create', { name: experimentName });
  const runIds: string[] = [];
  const start = Date.now() - 3_600_000;
  for (const [i, run] of SWEEP.entries()) {
    const { run: created } = await mlflow('runs/create', {
      experiment_id,
      run_name: run.name,
      start_time: start + i * 60_000,
      tags: [
        { key: 'mlflow.user', value: 'joy' },
        { key: 'mlflow.source.name', value: 'train_sweep.py' },
        { key: 'mlflow.source.git.commit', value: '3f9a2c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39' },
      ],
    });
    const runId: string = created.info.run_id;
    runIds.push(runId);
    await mlflow('runs/log-batch', {
      run_id: runId,
      params: [
        { key: 'n_estimators', value: String(run.nEstimators) },
        { key: 'max_depth', value: String(run.maxDepth) },
        { key: 'data_version', value: 'v1.0' },
      ],
      metrics: [
        { key: 'accuracy', value: run.accuracy, timestamp: start + i * 60_000 + 20_000, step: 0 },
        { key: 'fairness_score', value: run.fairness, timestamp: start + i * 60_000 + 20_000, step: 0 },
      ],
    });
    await mlflow('runs/log-inputs', {
      run_id: runId,
      datasets: [{ dataset: { name: 'make_classification', digest: 'a1b2c3d4', source_type: 'code', source: 'sklearn.datasets' }, tags: [{ key: 'mlflow.data.context', value: 'training' }] }],
    });
    await mlflow('runs/update', { run_id: runId, status: 'FINISHED', end_time: start + i * 60_000 + 25_000 });
  }
  return { experimentId: experiment_id, runIds };
}

export const OPTIMIZERS = ['sgd', 'adam', 'adamw', 'rmsprop'];

/**
 * A 100-trial search: params lr, batch_size, optimizer; loss and val_accuracy logged per
 * epoch (`epochs` points), test_accuracy once (unless onceMetrics is false); trial i's val_accuracy ends at a value that
 * depends on its params, so sorting and grouping have something to find.
 */
export async function logSearch(
  mlflow: Mlflow,
  experimentName: string,
  options: { trials: number; epochs: number; /** Also log test_accuracy once per run (default true). */ onceMetrics?: boolean },
): Promise<{ experimentId: string; runIds: string[] }> {
  const { experiment_id } = await mlflow('experiments/create', { name: experimentName });
  const runIds: string[] = [];
  const start = Date.now() - 86_400_000;
  for (let i = 0; i < options.trials; i++) {
    const lr = [0.1, 0.03, 0.01, 0.003][i % 4];
    const optimizer = OPTIMIZERS[Math.floor(i / 4) % 4];
    const batch = [32, 64, 128][i % 3];
    const quality = 0.7 + (optimizer === 'adamw' ? 0.12 : optimizer === 'adam' ? 0.1 : optimizer === 'rmsprop' ? 0.06 : 0.03) + (lr === 0.01 ? 0.05 : lr === 0.003 ? 0.03 : 0) + ((i * 37) % 11) / 500;
    const { run } = await mlflow('runs/create', {
      experiment_id,
      run_name: `trial-${String(i).padStart(3, '0')}`,
      start_time: start + i * 600_000,
      tags: [
        { key: 'mlflow.user', value: i % 3 === 0 ? 'ana' : i % 3 === 1 ? 'ben' : 'chen' },
        { key: 'mlflow.source.git.commit', value: `${(0xabc123 + (i % 5)).toString(16)}0000000000000000000000000000000000` },
        { key: 'sweep', value: 'hpo-1' },
      ],
    });
    const runId: string = run.info.run_id;
    runIds.push(runId);
    const metrics = [];
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const t = (epoch + 1) / options.epochs;
      const timestamp = start + i * 600_000 + epoch * 1000;
      metrics.push({ key: 'loss', value: 2.3 * Math.exp(-3 * t * (quality + 0.3)) + 0.05 * Math.sin(epoch + i), timestamp, step: epoch });
      metrics.push({ key: 'val_accuracy', value: quality * (1 - Math.exp(-5 * t)), timestamp, step: epoch });
    }
    if (options.onceMetrics !== false) metrics.push({ key: 'test_accuracy', value: quality - 0.01, timestamp: start + i * 600_000 + options.epochs * 1000, step: 0 });
    await mlflow('runs/log-batch', {
      run_id: runId,
      params: [
        { key: 'lr', value: String(lr) },
        { key: 'optimizer', value: optimizer },
        { key: 'batch_size', value: String(batch) },
      ],
    });
    // MLflow's limit: 1000 metrics per batch.
    for (let j = 0; j < metrics.length; j += 1000) await mlflow('runs/log-batch', { run_id: runId, metrics: metrics.slice(j, j + 1000) });
    await mlflow('runs/update', { run_id: runId, status: i % 17 === 16 ? 'FAILED' : 'FINISHED', end_time: start + i * 600_000 + options.epochs * 1000 + 5000 });
  }
  return { experimentId: experiment_id, runIds };
}
