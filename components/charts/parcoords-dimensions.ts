// Axes of a parallel-coordinates plot from compared runs' columns. Numeric columns are axes
// as they are; text params with few distinct values become category axes; a column some run
// lacks (or holds NaN/Infinity in) is left out, since a line cannot skip an axis.
import { metricNumber, type MetricValue } from './metric-series';

export type Column = { label: string; kind: 'param' | 'metric'; values: readonly (string | MetricValue | null)[] };
export type Dimension = { label: string; values: number[]; range: [number, number]; tickvals?: number[]; ticktext?: string[] };

const MAX_CATEGORIES = 30;

function numericValues(values: Column['values']): number[] | null {
  const numbers: number[] = [];
  for (const value of values) {
    if (value === null) return null;
    // Number('') is 0: a blank param is text, not zero.
    if (typeof value === 'string' && value.trim() === '') return null;
    const n = typeof value === 'number' ? value : metricNumber(value.trim());
    if (!Number.isFinite(n)) return null;
    numbers.push(n);
  }
  return numbers;
}

function padded(values: number[]): [number, number] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? [min - 1, max + 1] : [min, max];
}

/** An axis for the column, or null when it cannot be drawn as one. */
export function toDimension(column: Column): Dimension | null {
  const numbers = numericValues(column.values);
  if (numbers) return { label: column.label, values: numbers, range: padded(numbers) };
  if (column.kind === 'metric') return null;
  const texts = column.values.map((value) => (value === null ? '(none)' : String(value)));
  const categories = [...new Set(texts)].sort();
  if (categories.length > MAX_CATEGORIES) return null;
  const index = new Map(categories.map((category, i) => [category, i]));
  return {
    label: column.label,
    values: texts.map((text) => index.get(text)!),
    range: [0, Math.max(1, categories.length - 1)],
    tickvals: categories.map((_, i) => i),
    ticktext: categories,
  };
}
