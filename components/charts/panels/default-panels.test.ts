import { describe, expect, it } from 'vitest';
import { defaultPanels, newPanelId } from './default-panels';

describe('defaultPanels', () => {
  it("starts the seed sweep (two metrics logged once) with their trade-off scatter and bars, not one-point lines", () => {
    const panels = defaultPanels([{ key: 'accuracy', maxPoints: 1 }, { key: 'fairness_score', maxPoints: 1 }], ['max_depth', 'n_estimators']);
    expect(panels.map((panel) => panel.kind)).toEqual(['scatter', 'bar', 'bar', 'parallel']);
    expect(panels[0]).toMatchObject({ x: 'metrics.accuracy', y: 'metrics.fairness_score' });
  });

  it('draws lines for metrics with a history and a param scatter when one metric is single', () => {
    const panels = defaultPanels([{ key: 'loss', maxPoints: 500 }, { key: 'acc', maxPoints: 1 }], ['lr']);
    expect(panels.map((panel) => [panel.kind, 'metric' in panel ? panel.metric : 'x' in panel ? panel.x : ''])).toEqual([
      ['scatter', 'params.lr'],
      ['line', 'loss'],
      ['bar', 'acc'],
      ['parallel', ''],
    ]);
  });

  it('has nothing to draw without metrics', () => {
    expect(defaultPanels([], [])).toEqual([]);
  });
});

describe('newPanelId', () => {
  it('never reuses an id', () => {
    expect(newPanelId('line', [{ id: 'line-2', kind: 'bar', metric: 'x' }])).toBe('line-3');
  });
});
