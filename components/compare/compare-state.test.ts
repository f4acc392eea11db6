import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPARE_STATE, readCompareState, readRunIds, writeCompareState, type CompareState } from './compare-state';

describe('compare state in the URL', () => {
  it('round-trips runs, layout, switches, directions and charts', () => {
    const state: CompareState = {
      layout: 'rows',
      onlyDifferences: true,
      directions: { loss: 'min', 'val:acc, top-1': 'max' },
      panels: [
        { id: 's', kind: 'scatter', x: 'params.max_depth', y: 'metrics.fairness_score', logX: false, logY: true },
        { id: 'l', kind: 'line', metric: 'loss ü', xAxis: 'relative', smoothing: 0.6, logY: false },
      ],
    };
    const query = writeCompareState(['a', 'b'], state);
    const params = new URLSearchParams(query);
    expect(readRunIds(params)).toEqual(['a', 'b']);
    expect(readCompareState(params)).toEqual(state);
  });

  it('keeps the default view out of the URL and reads junk as the default', () => {
    expect(writeCompareState(['a'], DEFAULT_COMPARE_STATE)).toBe('runs=a');
    expect(readCompareState(new URLSearchParams('layout=sideways&diff=yes&dir=best:loss&charts=%%%'))).toEqual(DEFAULT_COMPARE_STATE);
    expect(readCompareState(new URLSearchParams(`charts=${btoa('[{"kind":"pie"}]')}`)).panels).toBeNull();
  });

  it('reads run ids from one or many runs= parameters, without duplicates', () => {
    expect(readRunIds(new URLSearchParams('runs=a,b&runs=b,c, ,'))).toEqual(['a', 'b', 'c']);
  });
});
