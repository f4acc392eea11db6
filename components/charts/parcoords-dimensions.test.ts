import { describe, expect, it } from 'vitest';
import { toDimension } from './parcoords-dimensions';

describe('toDimension', () => {
  it('keeps numeric params and metrics as numeric axes, parsing param text', () => {
    expect(toDimension({ label: 'lr', kind: 'param', values: ['0.1', '1e-2', ' 3 '] })).toEqual({
      label: 'lr',
      values: [0.1, 0.01, 3],
      range: [0.01, 3],
    });
    expect(toDimension({ label: 'acc', kind: 'metric', values: [0.9, 0.8] })?.values).toEqual([0.9, 0.8]);
  });

  it('widens the range of a constant axis so plotly can draw it', () => {
    expect(toDimension({ label: 'acc', kind: 'metric', values: [0.5, 0.5] })?.range).toEqual([-0.5, 1.5]);
  });

  it('turns text params into category axes, missing values as their own category', () => {
    expect(toDimension({ label: 'opt', kind: 'param', values: ['sgd', 'adam', null, 'sgd'] })).toEqual({
      label: 'opt',
      values: [2, 1, 0, 2],
      range: [0, 2],
      tickvals: [0, 1, 2],
      ticktext: ['(none)', 'adam', 'sgd'],
    });
    // A blank value is text, not zero.
    expect(toDimension({ label: 'x', kind: 'param', values: ['1', ' '] })?.ticktext).toEqual([' ', '1']);
  });

  it('leaves out metrics a run lacks or holds NaN/Infinity in, and params with too many categories', () => {
    expect(toDimension({ label: 'loss', kind: 'metric', values: [0.1, null] })).toBeNull();
    expect(toDimension({ label: 'loss', kind: 'metric', values: [0.1, 'NaN'] })).toBeNull();
    expect(toDimension({ label: 'loss', kind: 'metric', values: ['-Infinity', 0.2] })).toBeNull();
    const many = Array.from({ length: 31 }, (_, i) => `v${i}`);
    expect(toDimension({ label: 'id', kind: 'param', values: many })).toBeNull();
  });
});
