'use client';
// Chart series for many runs and metrics through the batch `metricHistories` field: one
// request per 100 runs (the server's limit), cached by React Query per (metric set, runs).
// Series that came with the page's own request (the compare view's) are used as they are.
import { useQuery } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import { pointsPerSeries } from './series-request';
import type { SeriesColumns } from './series-transforms';

export { chartedMetricKeys, pointsPerSeries } from './series-request';

export type FetchedSeries = { runId: string; key: string; downsampled: boolean; columns: SeriesColumns };

// `columns` (three arrays) rather than `points` (an object per point): a chart of 100 runs
// moves tens of thousands of points, and arrays are several times lighter to send and parse.
const HISTORIES = `query MetricHistories($runIds: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
  metricHistories(runIds: $runIds, keys: $keys, maxPoints: $maxPoints) { runId key downsampled columns }
}`;

const RUNS_PER_REQUEST = 100;


export async function fetchMetricSeries(runIds: readonly string[], keys: readonly string[], maxPoints: number): Promise<FetchedSeries[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < runIds.length; i += RUNS_PER_REQUEST) chunks.push(runIds.slice(i, i + RUNS_PER_REQUEST));
  const answers = await Promise.all(
    chunks.map((chunk) => graphqlRequest<{ metricHistories: FetchedSeries[] }>(HISTORIES, { runIds: chunk, keys, maxPoints })),
  );
  return answers.flatMap((answer) => answer.metricHistories);
}


function byMetric(series: readonly FetchedSeries[]): Map<string, FetchedSeries[]> {
  const byKey = new Map<string, FetchedSeries[]>();
  for (const one of series) {
    const list = byKey.get(one.key);
    if (list) list.push(one);
    else byKey.set(one.key, [one]);
  }
  return byKey;
}

/**
 * Series of `keys` for `runIds`; `byKey` groups them per metric in run order. `prefetched`
 * (series of these runs that arrived with another request) answers at once when it holds every key.
 */
export function useMetricSeries(runIds: readonly string[], keys: readonly string[], prefetched?: readonly FetchedSeries[]) {
  const maxPoints = pointsPerSeries(runIds.length);
  return useQuery({
    queryKey: ['metric-series', [...keys].sort(), runIds, maxPoints],
    queryFn: async () => byMetric(await fetchMetricSeries(runIds, keys, maxPoints)),
    initialData: () => {
      const wanted = new Set(keys);
      const held = prefetched?.filter((one) => wanted.has(one.key));
      return held && new Set(held.map((one) => one.key)).size === wanted.size ? byMetric(held) : undefined;
    },
    enabled: runIds.length > 0 && keys.length > 0,
    staleTime: 30_000,
  });
}
