// Metric histories for charts, fetched in few requests. The GraphQL server allows 15
// aliases per query, so many series (a run's metrics, or one metric across 100 runs) are
// asked for in chunks of aliased `metricHistory` fields, the chunks in parallel.
import { graphqlRequest } from '../graphql-request';

/** A MetricValue as it arrives: a number, or "NaN" / "Infinity" / "-Infinity". */
export type MetricValue = number | string;
export type MetricPoint = { step: string; value: MetricValue };
export type MetricSeries = { runId: string; key: string; downsampled: boolean; points: MetricPoint[] };
export type SeriesRequest = { runId: string; key: string };

const ALIASES_PER_QUERY = 10;

export function metricNumber(value: MetricValue): number {
  return typeof value === 'number' ? value : Number(value);
}

/** x/y arrays for a line chart, without NaN and ±Infinity (plotly cannot draw them), and how many were left out. */
export function chartPoints(points: readonly MetricPoint[]): { x: number[]; y: number[]; skipped: number } {
  const x: number[] = [];
  const y: number[] = [];
  for (const point of points) {
    const value = metricNumber(point.value);
    if (!Number.isFinite(value)) continue;
    x.push(Number(point.step));
    y.push(value);
  }
  return { x, y, skipped: points.length - x.length };
}

function historiesQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$r${i}: ID!, $k${i}: String!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) => `h${i}: metricHistory(runId: $r${i}, key: $k${i}, maxPoints: $maxPoints) { runId key downsampled points { step value } }`,
  ).join('\n  ');
  return `query MetricHistories($maxPoints: Int, ${variables}) {\n  ${fields}\n}`;
}

/** Downsampled histories (at most `maxPoints` points each), in the order of `requests`. */
export async function fetchMetricHistories(requests: readonly SeriesRequest[], maxPoints: number): Promise<MetricSeries[]> {
  const chunks: SeriesRequest[][] = [];
  for (let i = 0; i < requests.length; i += ALIASES_PER_QUERY) chunks.push(requests.slice(i, i + ALIASES_PER_QUERY));
  const answers = await Promise.all(
    chunks.map((chunk) => {
      const variables: Record<string, unknown> = { maxPoints };
      chunk.forEach((request, i) => {
        variables[`r${i}`] = request.runId;
        variables[`k${i}`] = request.key;
      });
      return graphqlRequest<Record<string, MetricSeries>>(historiesQuery(chunk.length), variables).then((data) =>
        chunk.map((_, i) => data[`h${i}`]),
      );
    }),
  );
  return answers.flat();
}

/** Ordinary text for a metric value: 5 significant digits, NaN/Infinity as words. */
export function formatMetricValue(value: MetricValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  const n = metricNumber(value);
  return Number.isFinite(n) ? String(Number(n.toPrecision(5))) : String(value);
}

function runHistoriesQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$k${i}: String!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) => `h${i}: metricHistory(key: $k${i}, maxPoints: $maxPoints) { runId key downsampled points { step value } }`,
  ).join('\n    ');
  return `query RunMetricHistories($runId: ID!, $maxPoints: Int, ${variables}) {\n  run(id: $runId) {\n    ${fields}\n  }\n}`;
}

/** Several series of one run (the run page's charts): the run is authorized once per request, not once per chart. */
export async function fetchRunMetricHistories(runId: string, keys: readonly string[], maxPoints: number): Promise<MetricSeries[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += ALIASES_PER_QUERY) chunks.push(keys.slice(i, i + ALIASES_PER_QUERY));
  const answers = await Promise.all(
    chunks.map((chunk) => {
      const variables: Record<string, unknown> = { runId, maxPoints };
      chunk.forEach((key, i) => (variables[`k${i}`] = key));
      return graphqlRequest<{ run: Record<string, MetricSeries> }>(runHistoriesQuery(chunk.length), variables).then((data) =>
        chunk.map((_, i) => data.run[`h${i}`]),
      );
    }),
  );
  return answers.flat();
}
