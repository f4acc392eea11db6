'use client';
// Chart series for many runs and metrics through the batch `metricHistories` field: one
// request per 100 runs (the server's limit), cached by React Query per (metric set, runs).
// Series that came with the page's own request (the compare view's) are used as they are.
import { useQuery } from '@tanstack/react-query';
import type { ChartPanel } from '@/lib/tracking/runs-table/view-shapes';
import { graphqlRequest } from '../graphql-request';
import type { SeriesColumns } from './series-transforms';

export type FetchedSeries = { runId: string; key: string; downsampled: boolean; columns: SeriesColumns };

// `columns` (three arrays) rather than `points` (an object per point): a chart of 100 runs
// moves tens of thousands of points, and arrays are several times lighter to send and parse.
const HISTORIES = `query MetricHistories($runIds: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
  metricHistories(runIds: $runIds, keys: $keys, maxPoints: $maxPoints) { runId key downsampled columns }
}`;

const RUNS_PER_REQUEST = 100;

/**
 * Fewer points per line when many lines share a chart (~20k points per chart): a line of a
 * 100-run overlay keeps 200 points, each bucket's min, max and last, which a chart a few
 * hundred pixels wide cannot tell from the whole series; a single run's line keeps 1000.
 */
export function pointsPerSeries(lines: number): number {
  return Math.max(100, Math.min(1000, Math.floor(20_000 / Math.max(1, lines))));
}

export async function fetchMetricSeries(runIds: readonly string[], keys: readonly string[], maxPoints: number): Promise<FetchedSeries[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < runIds.length; i += RUNS_PER_REQUEST) chunks.push(runIds.slice(i, i + RUNS_PER_REQUEST));
  const answers = await Promise.all(
    chunks.map((chunk) => graphqlRequest<{ metricHistories: FetchedSeries[] }>(HISTORIES, { runIds: chunk, keys, maxPoints })),
  );
  return answers.flatMap((answer) => answer.metricHistories);
}

/** The metrics whose histories the panels draw (at most 20: the server's limit per request). */
export function chartedMetricKeys(panels: readonly ChartPanel[]): string[] {
  return [...new Set(panels.flatMap((panel) => (panel.kind === 'line' ? [panel.metric] : [])))].slice(0, 20);
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
