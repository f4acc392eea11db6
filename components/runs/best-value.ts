// Which value of a metric is "best" across runs. Trackers cannot know a metric's goal; like
// W&B's summary heuristics, names that read as costs (loss, error, rmse, latency, ...) are
// minimized and everything else (accuracy, f1, auc, fairness, ...) is maximized.
import { metricNumber, type MetricValue } from '../charts/metric-series';

const LOWER_IS_BETTER = /(loss|err|error|rmse|mse|mae|mape|perplexity|latency|time|duration|cost|regret|fpr|fnr|wer|cer)/i;

export function lowerIsBetter(metricKey: string): boolean {
  return LOWER_IS_BETTER.test(metricKey);
}

/** Indexes of the best finite values (ties share it); none when fewer than two runs have a value. */
export function bestIndexes(metricKey: string, values: readonly (MetricValue | null)[]): Set<number> {
  const finite = values.flatMap((value, index) => {
    const n = value === null ? NaN : metricNumber(value);
    return Number.isFinite(n) ? [{ index, n }] : [];
  });
  if (finite.length < 2) return new Set();
  const best = lowerIsBetter(metricKey) ? Math.min(...finite.map((v) => v.n)) : Math.max(...finite.map((v) => v.n));
  return new Set(finite.filter((v) => v.n === best).map((v) => v.index));
}
