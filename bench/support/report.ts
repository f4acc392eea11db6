// Printing bench figures: one line per figure, with its target when there is one, and the
// machine's load so a figure taken on a busy box can be read as such.
import os from 'node:os';

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** Milliseconds taken by each of `runs` sequential calls of `fn` (after `warmup` unmeasured calls). */
export async function timeRuns(runs: number, fn: () => Promise<unknown>, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

/** `  name .......... value unit   (target ...)` */
export function figure(name: string, value: number, unit: string, target?: { value: number; better: 'higher' | 'lower' }): void {
  const shown = value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
  let line = `  ${name.padEnd(58, '.')} ${shown} ${unit}`;
  if (target) {
    const met = target.better === 'higher' ? value >= target.value : value < target.value;
    line += `   (target ${target.better === 'higher' ? '>=' : '<'} ${target.value.toLocaleString('en-US')} ${unit}: ${met ? 'met' : 'NOT met'})`;
  }
  console.log(line);
}

export function note(text: string): void {
  console.log(`  ${text}`);
}
