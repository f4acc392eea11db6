// A runs/log-batch body in MLflow's wire format: `points` metric points of `keys` metrics over
// consecutive steps from `firstStep` (10 metrics x 100 steps for 1,000 points, as a training
// loop logs them). Written by hand, not JSON.stringify: the load generator's CPU is the
// servers' CPU on this machine.
export function metricBatchBody(runId: string, firstStep: number, points = 1000, keys = 10): string {
  const parts: string[] = [];
  const timestamp = Date.now();
  for (let i = 0; i < points; i++) parts.push(`{"key":"metric_${i % keys}","value":${Math.random()},"timestamp":${timestamp},"step":${firstStep + Math.floor(i / keys)}}`);
  return `{"run_id":"${runId}","metrics":[${parts.join(',')}]}`;
}
