import { describe, expect, it } from 'vitest';
import { DEFAULT_LINE_CHARTS, defaultChartMetrics } from './default-chart-metrics.ts';

describe('defaultChartMetrics', () => {
  it('keeps the metrics some run logged past step 0, by key, at most DEFAULT_LINE_CHARTS', () => {
    const metrics = [
      { key: 'val_loss', steps: [null, 9n] },
      { key: 'accuracy', steps: [0n, 0n] },
      { key: 'loss', steps: ['499', '0'] },
      ...Array.from({ length: 8 }, (_, i) => ({ key: `z${i}`, steps: [1] })),
    ];
    const keys = defaultChartMetrics(metrics);
    expect(keys.slice(0, 2)).toEqual(['loss', 'val_loss']);
    expect(keys).not.toContain('accuracy');
    expect(keys).toHaveLength(DEFAULT_LINE_CHARTS);
  });

  it('is empty when every metric was logged once', () => {
    expect(defaultChartMetrics([{ key: 'accuracy', steps: [0n, null] }])).toEqual([]);
  });
});
