'use client';
// Chart series for many runs and metrics through the batch `metricHistories` field: one
// request per 100 runs (the server's limit), cached by React Query per (metric set, runs).
import { useQuery } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import type { TimedPoint } from './series-transforms';

export type FetchedSeries = { runId: string; key: string; downsampled: boolean; points: TimedPoint[] };

const HISTORIES = `query MetricHistories($runIds: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
  metricHistories(runIds: $runIds, keys: $keys, maxPoints: $maxPoints) { runId key downsampled points { step timestamp value } }
}`;

const RUNS_PER_REQUEST = 100;

/** Fewer points per line when many lines share a chart: ~60k points per chart at most. */
export function pointsPerSeries(lines: number): number {
  return Math.max(100, Math.min(1000, Math.floor(60_000 / Math.max(1, lines))));
}

export async function fetchMetricSeries(runIds: readonly string[], keys: readonly string[], maxPoints: number): Promise<FetchedSeries[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < runIds.length; i += RUNS_PER_REQUEST) chunks.push(runIds.slice(i, i + RUNS_PER_REQUEST));
  const answers = await Promise.all(
    chunks.map((chunk) => graphqlRequest<{ metricHistories: FetchedSeries[] }>(HISTORIES, { runIds: chunk, keys, maxPoints })),
  );
  return answers.flatMap((answer) => answer.metricHistories);
}

/** Series of `keys` for `runIds`; `byKey` groups them per metric in run order. */
export function useMetricSeries(runIds: readonly string[], keys: readonly string[]) {
  const maxPoints = pointsPerSeries(runIds.length);
  return useQuery({
    queryKey: ['metric-series', [...keys].sort(), runIds, maxPoints],
    queryFn: async () => {
      const series = await fetchMetricSeries(runIds, keys, maxPoints);
      const byKey = new Map<string, FetchedSeries[]>();
      for (const one of series) {
        const list = byKey.get(one.key);
        if (list) list.push(one);
        else byKey.set(one.key, [one]);
      }
      return byKey;
    },
    enabled: runIds.length > 0 && keys.length > 0,
    staleTime: 30_000,
  });
}
