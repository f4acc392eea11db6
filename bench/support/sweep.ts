// The sweep bench/requests.bench.ts searches (and search-request-cpu.bench.ts with it): run n's
// params lr/optimizer/batch_size and metrics acc/loss, as one MLflow log-batch body, and the
// search both benches send over it.
const OPTIMIZERS = ['sgd', 'adam', 'adamw'];
const LRS = ['0.1', '0.01', '0.001', '0.0001'];

/** The log-batch body of sweep run n. */
export function sweepBatch(runId: string, n: number, timestamp: number) {
  return {
    run_id: runId,
    params: [
      { key: 'lr', value: LRS[n % 4] },
      { key: 'optimizer', value: OPTIMIZERS[n % 3] },
      { key: 'batch_size', value: String(32 * (1 + (n % 8))) },
    ],
    metrics: [
      { key: 'acc', value: ((n * 7919) % 1000) / 1000, timestamp, step: 10 },
      { key: 'loss', value: ((n * 104729) % 1000) / 1000, timestamp, step: 10 },
    ],
  };
}

/** The runs/search request of the benches (about 170 of 1,000 runs match; the first 100 are returned). */
export const sweepSearch = (experimentId: string) => ({
  experiment_ids: [experimentId],
  filter: "metrics.acc > 0.5 and params.optimizer = 'adam'",
  order_by: ['metrics.acc DESC'],
  max_results: 100,
});

/** Runs `logRun(n)` for n = 0..runs-1 on `workers` concurrent callers. */
export async function logSweep(runs: number, workers: number, logRun: (n: number) => Promise<void>): Promise<void> {
  const queue = Array.from({ length: runs }, (_, n) => n);
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) await logRun(n);
    }),
  );
}
