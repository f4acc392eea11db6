import { describe, expect, it } from 'vitest';
import { bestIndexes, extremes, lowerIsBetter } from './best-value';

describe('bestIndexes', () => {
  it('takes the highest value for score-like metrics and the lowest for loss-like ones', () => {
    expect(lowerIsBetter('accuracy')).toBe(false);
    expect(lowerIsBetter('val_loss')).toBe(true);
    expect([...bestIndexes('accuracy', [0.8, 0.91, null, 0.85])]).toEqual([1]);
    expect([...bestIndexes('val_loss', [0.3, 0.2, 0.25])]).toEqual([1]);
  });

  it('shares the best among ties and ignores NaN/Infinity and missing values', () => {
    expect([...bestIndexes('f1', [0.7, 'Infinity', 0.7, 'NaN'])]).toEqual([0, 2]);
  });

  it('marks nothing when fewer than two runs have a finite value', () => {
    expect(bestIndexes('f1', [0.7, null, 'NaN']).size).toBe(0);
  });
});

describe('extremes', () => {
  it('marks best and worst by the chosen direction', () => {
    expect(extremes([0.3, 0.2, 0.25, null], 'min')).toEqual({ best: new Set([1]), worst: new Set([0]) });
    expect(extremes([0.3, 0.2, 0.25, null], 'max')).toEqual({ best: new Set([0]), worst: new Set([1]) });
  });

  it('calls equal values all best and none worst', () => {
    expect(extremes([0.5, 0.5], 'max')).toEqual({ best: new Set([0, 1]), worst: new Set() });
  });
});
