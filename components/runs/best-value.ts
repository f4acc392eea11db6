// Which values of a metric are best and worst across compared runs. Trackers cannot know a
// metric's goal, so the direction starts from the name, like W&B's summary heuristics (names
// that read as costs: loss, error, rmse, latency, ... are minimized; accuracy, f1, auc,
// fairness, ... maximized) and the person can set it per metric.
import { metricNumber, type MetricValue } from '../charts/metric-series';

export type Direction = 'max' | 'min';

const LOWER_IS_BETTER = /(loss|err|error|rmse|mse|mae|mape|perplexity|latency|time|duration|cost|regret|fpr|fnr|wer|cer)/i;

export function lowerIsBetter(metricKey: string): boolean {
  return LOWER_IS_BETTER.test(metricKey);
}

export function defaultDirection(metricKey: string): Direction {
  return lowerIsBetter(metricKey) ? 'min' : 'max';
}

/** Indexes of the best and the worst finite values (ties share); none when fewer than two runs have a value. */
export function extremes(values: readonly (MetricValue | null)[], direction: Direction): { best: Set<number>; worst: Set<number> } {
  const finite = values.flatMap((value, index) => {
    const n = value === null ? NaN : metricNumber(value);
    return Number.isFinite(n) ? [{ index, n }] : [];
  });
  if (finite.length < 2) return { best: new Set(), worst: new Set() };
  const low = Math.min(...finite.map((v) => v.n));
  const high = Math.max(...finite.map((v) => v.n));
  if (low === high) return { best: new Set(finite.map((v) => v.index)), worst: new Set() };
  const [best, worst] = direction === 'min' ? [low, high] : [high, low];
  return { best: new Set(finite.filter((v) => v.n === best).map((v) => v.index)), worst: new Set(finite.filter((v) => v.n === worst).map((v) => v.index)) };
}

/** Indexes of the best finite values by the name's default direction (kept for callers without a choice). */
export function bestIndexes(metricKey: string, values: readonly (MetricValue | null)[]): Set<number> {
  return extremes(values, defaultDirection(metricKey)).best;
}
