import { describe, expect, it } from 'vitest';
import { layoutLeftToRight } from './lineage-layout.ts';

describe('layoutLeftToRight', () => {
  it('puts every node after the nodes it comes from, and survives cycles', () => {
    const positions = layoutLeftToRight(['raw', 'clean', 'train', 'v1'], [
      { from: 'raw', to: 'clean' },
      { from: 'clean', to: 'train' },
      { from: 'train', to: 'v1' },
      { from: 'v1', to: 'raw' },
    ]);
    expect(positions.get('raw')!.x).toBeLessThan(positions.get('clean')!.x);
    expect(positions.get('clean')!.x).toBeLessThan(positions.get('train')!.x);
    expect(positions.size).toBe(4);
  });
});
