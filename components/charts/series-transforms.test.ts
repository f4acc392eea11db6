import { describe, expect, it } from 'vitest';
import { runColor, RUN_PALETTE } from './run-colors';
import { seriesXY, smooth } from './series-transforms';

describe('seriesXY', () => {
  const points = { steps: [0, 1, 2], timestamps: [1000, 3000, 5000], values: [1, 'NaN', 0.5] };
  it('uses steps, dates or seconds since the run started, without NaN', () => {
    expect(seriesXY(points, 'step', 0)).toEqual({ x: [0, 2], y: [1, 0.5], skipped: 1 });
    expect(seriesXY(points, 'time', 0).x).toEqual([new Date(1000), new Date(5000)]);
    expect(seriesXY(points, 'relative', 1000).x).toEqual([0, 4]);
  });
});

describe('smooth', () => {
  it('leaves values alone at weight 0 and debiases the start of the average', () => {
    expect(smooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const smoothed = smooth([1, 1, 1, 10], 0.5);
    expect(smoothed.slice(0, 3)).toEqual([1, 1, 1]); // debiased: a constant stays constant
    expect(smoothed[3]).toBeCloseTo((0.5 * 0.5 ** 0 * 10 + 0.5 * 0.5 * 1 + 0.5 * 0.25 * 1 + 0.5 * 0.125 * 1) / (1 - 0.5 ** 4), 12);
  });
});

describe('runColor', () => {
  it('gives a run the same palette colour every time', () => {
    const id = 'a'.repeat(32);
    expect(runColor(id)).toBe(runColor(id));
    expect(RUN_PALETTE).toContain(runColor(id));
    const used = new Set(Array.from({ length: 200 }, (_, i) => runColor(i.toString(16).padStart(32, '0'))));
    expect(used.size).toBeGreaterThan(15);
  });
});
