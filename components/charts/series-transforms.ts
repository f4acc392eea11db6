// What line charts do to a series before drawing it: choose the x values (step, wall-clock
// time, or time since the run started) and smooth y with TensorBoard's debiased exponential
// moving average. Pure functions, tested beside this file.
import type { XAxis } from '@/lib/tracking/runs-table/view-shapes';
import { metricNumber, type MetricValue } from './metric-series';

/** A series as the batch history query sends it: parallel arrays. */
export type SeriesColumns = { steps: number[]; timestamps: number[]; values: MetricValue[] };

export const X_AXIS_LABELS: Record<XAxis, string> = { step: 'Step', time: 'Time', relative: 'Relative time' };

/**
 * x and y arrays for a series: NaN and ±Infinity dropped (plotly cannot draw them; `skipped`
 * counts them). Time is a Date; relative time is seconds since `startTime` (epoch ms).
 */
export function seriesXY(series: SeriesColumns, axis: XAxis, startTime: number): { x: (number | Date)[]; y: number[]; skipped: number } {
  const x: (number | Date)[] = [];
  const y: number[] = [];
  const { steps, timestamps, values } = series;
  for (let i = 0; i < values.length; i++) {
    const value = metricNumber(values[i]);
    if (!Number.isFinite(value)) continue;
    x.push(axis === 'step' ? steps[i] : axis === 'time' ? new Date(timestamps[i]) : (timestamps[i] - startTime) / 1000);
    y.push(value);
  }
  return { x, y, skipped: values.length - y.length };
}

/**
 * TensorBoard's smoothing: an exponential moving average with weight `weight` (0 = none,
 * 0.99 = heavy), debiased so the first values are not pulled toward zero.
 */
export function smooth(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...values];
  let last = 0;
  let count = 0;
  return values.map((value) => {
    last = last * weight + (1 - weight) * value;
    count++;
    return last / (1 - weight ** count);
  });
}
