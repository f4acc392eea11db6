'use client';
// The comparison page: up to 100 runs through one `compareRuns` query, as a table, a
// parallel-coordinates plot of numeric params and metrics, and one metric's history
// overlaid across the runs.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { currentShareSecret, graphqlRequest } from '../graphql-request';
import { MetricHistoryChart } from '../charts/metric-history-chart';
import { fetchMetricHistories } from '../charts/metric-series';
import { ParallelCoordinates, type Column } from '../charts/parallel-coordinates';
import { CompareTable, type ComparedMetric, type ComparedParam, type ComparedRun } from './compare-table';
import { ErrorMessage } from './error-message';

export const MAX_COMPARED_RUNS = 100;

type CompareData = {
  compareRuns: { runs: ComparedRun[]; params: ComparedParam[]; metrics: ComparedMetric[]; differingParamKeys: string[] };
};

const COMPARE = `query CompareRuns($ids: [ID!]!, $shared: Boolean!) {
  compareRuns(runIds: $ids) {
    runs { id name status startTime endTime project @skip(if: $shared) { id name team { slug } } }
    params { key values differs }
    metrics { key values steps }
    differingParamKeys
  }
}`;

export function CompareView({ runIds }: { runIds: string[] }) {
  const result = useQuery({
    queryKey: ['compare', runIds],
    queryFn: () => graphqlRequest<CompareData>(COMPARE, { ids: runIds, shared: currentShareSecret() !== null }),
    enabled: runIds.length > 0 && runIds.length <= MAX_COMPARED_RUNS,
  });

  if (runIds.length === 0) return <p className="muted">No runs chosen. Select runs on a project page and press Compare.</p>;
  if (runIds.length > MAX_COMPARED_RUNS) {
    return <ErrorMessage>At most {MAX_COMPARED_RUNS} runs can be compared; {runIds.length} were given.</ErrorMessage>;
  }
  if (result.isPending) return <p>Loading…</p>;
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  return <Comparison comparison={result.data.compareRuns} />;
}

function Comparison({ comparison }: { comparison: CompareData['compareRuns'] }) {
  const { runs, params, metrics } = comparison;
  const runNames = useMemo(() => runs.map((run) => run.name), [runs]);
  // Params that differ (constant ones are flat lines) and every metric.
  const columns = useMemo<Column[]>(
    () => [
      ...params.filter((param) => param.differs).map((param) => ({ label: param.key, kind: 'param' as const, values: param.values })),
      ...metrics.map((metric) => ({ label: metric.key, kind: 'metric' as const, values: metric.values })),
    ],
    [params, metrics],
  );
  const metricKeys = metrics.map((metric) => metric.key);
  const [colorBy, setColorBy] = useState(metricKeys[0] ?? '');
  const [historyKey, setHistoryKey] = useState(metricKeys[0] ?? '');

  return (
    <>
      <h1>Comparing {runs.length} runs</h1>
      <CompareTable runs={runs} params={params} metrics={metrics} />

      <h2>Parallel coordinates</h2>
      <p className="muted" style={{ fontSize: '0.85rem' }}>
        One line per run across the params that differ and the latest metrics: drag along an axis to filter runs and
        find trade-offs (for instance accuracy against fairness).
      </p>
      {metricKeys.length > 0 && (
        <label style={{ maxWidth: 320 }}>
          Colour lines by
          <select value={colorBy} onChange={(event) => setColorBy(event.target.value)}>
            {metricKeys.map((key) => (
              <option key={key}>{key}</option>
            ))}
          </select>
        </label>
      )}
      <ParallelCoordinates runNames={runNames} columns={columns} colorBy={colorBy} />

      <h2>Metric history</h2>
      {metricKeys.length === 0 ? (
        <p className="muted">No metrics logged in these runs.</p>
      ) : (
        <>
          <label style={{ maxWidth: 320 }}>
            Metric
            <select value={historyKey} onChange={(event) => setHistoryKey(event.target.value)}>
              {metricKeys.map((key) => (
                <option key={key}>{key}</option>
              ))}
            </select>
          </label>
          <OverlaidHistory runs={runs} metric={metrics.find((metric) => metric.key === historyKey) ?? metrics[0]} />
        </>
      )}
    </>
  );
}

/** One line per run that logged the metric; fewer points per line when many runs share the chart. */
function OverlaidHistory({ runs, metric }: { runs: ComparedRun[]; metric: ComparedMetric }) {
  const withMetric = runs.filter((_, i) => metric.values[i] !== null);
  const maxPoints = withMetric.length > 20 ? 300 : 1000;
  const histories = useQuery({
    queryKey: ['compare-history', metric.key, withMetric.map((run) => run.id), maxPoints],
    queryFn: async () => {
      const fetched = await fetchMetricHistories(withMetric.map((run) => ({ runId: run.id, key: metric.key })), maxPoints);
      return fetched.map((history, i) => ({ name: withMetric[i].name, points: history.points, downsampled: history.downsampled }));
    },
  });
  if (histories.isPending) return <p>Loading history…</p>;
  if (histories.isError) return <ErrorMessage>{histories.error.message}</ErrorMessage>;
  return <MetricHistoryChart metricKey={metric.key} series={histories.data} height={380} />;
}
