import { describe, expect, it } from 'vitest';
import type { RunRow } from '@/lib/tracking/runs-table/run-row';
import { runDifferences } from './run-differences';

const row = (overrides: Partial<RunRow>): RunRow => ({
  id: 'r',
  name: 'r',
  status: 'FINISHED',
  startTime: 0,
  endTime: null,
  user: null,
  codeVersion: 'abc',
  gitBranch: 'main',
  entryPoint: 'train.py',
  parentRunId: null,
  datasets: [{ name: 'census', digest: 'd1', context: 'training' }],
  params: { lr: '0.1', depth: '5' },
  metrics: {},
  tags: { team: 'cv', 'mlflow.user': 'ana' },
  extra: {},
  ...overrides,
});

describe('runDifferences', () => {
  it('lists only what differs, missing values as null', () => {
    const a = row({});
    const b = row({ params: { lr: '0.1', depth: '10', seed: '1' }, tags: { team: 'cv', 'mlflow.user': 'ben' }, datasets: [{ name: 'census', digest: 'd2', context: 'training' }], codeVersion: 'def' });
    expect(runDifferences(a, b)).toEqual({
      params: [
        { key: 'depth', a: '5', b: '10' },
        { key: 'seed', a: null, b: '1' },
      ],
      tags: [],
      data: [{ key: 'census (training)', a: 'd1', b: 'd2' }],
      code: [{ key: 'commit', a: 'abc', b: 'def' }],
    });
  });

  it('finds nothing between a run and itself', () => {
    expect(runDifferences(row({}), row({}))).toEqual({ params: [], tags: [], data: [], code: [] });
  });
});
