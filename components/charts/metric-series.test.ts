import { describe, expect, it } from 'vitest';
import { chartPoints, formatMetricValue } from './metric-series';

describe('chartPoints', () => {
  it('draws finite points with numeric steps and counts the NaN/Infinity ones it leaves out', () => {
    const points = [
      { step: '0', value: 1.5 },
      { step: '1', value: 'NaN' },
      { step: '2', value: 'Infinity' },
      { step: '3', value: '-Infinity' },
      { step: '9007199254740993', value: 0 },
    ];
    expect(chartPoints(points)).toEqual({ x: [0, 9007199254740992], y: [1.5, 0], skipped: 3 });
  });
});

describe('formatMetricValue', () => {
  it('shows 5 significant digits and special values as words', () => {
    expect(formatMetricValue(0.912345678)).toBe('0.91235');
    expect(formatMetricValue('NaN')).toBe('NaN');
    expect(formatMetricValue('-Infinity')).toBe('-Infinity');
    expect(formatMetricValue(null)).toBe('');
  });
});
