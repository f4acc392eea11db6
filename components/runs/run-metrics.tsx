'use client';
// A run's metrics: the latest value of each key and a chart of each key's history
// (downsampled server-side to at most 1000 points per series).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { MetricHistoryChart } from '../charts/metric-history-chart';
import { fetchRunMetricHistories, formatMetricValue, type MetricValue } from '../charts/metric-series';
import { ErrorMessage } from './error-message';

export type LatestMetric = { key: string; value: MetricValue; step: string; timestamp: string };

/** Enough charts for a page; a filter narrows the rest. */
const MAX_CHARTS = 30;

export function RunMetrics({ runId, metrics }: { runId: string; metrics: readonly LatestMetric[] }) {
  const [search, setSearch] = useState('');
  const keys = metrics.map((metric) => metric.key).sort();
  const shown = keys.filter((key) => key.toLowerCase().includes(search.trim().toLowerCase())).slice(0, MAX_CHARTS);
  const histories = useQuery({
    queryKey: ['metric-histories', runId, shown],
    queryFn: () => fetchRunMetricHistories(runId, shown, 1000),
    enabled: shown.length > 0,
    placeholderData: keepPreviousData, // a live run's new metric keeps the charts on screen while they refetch
  });

  // A metric logged once is a value (in the table above), not a one-point chart.
  const charts = useMemo(
    () =>
      (histories.data ?? [])
        .filter((series) => series.points.length > 1)
        .map((series) => ({
          key: series.key,
          series: [{ name: series.key, points: series.points, downsampled: series.downsampled }],
        })),
    [histories.data],
  );
  const single = (histories.data ?? []).filter((series) => series.points.length <= 1).length;

  if (metrics.length === 0) return <p className="muted">No metrics logged.</p>;
  return (
    <>
      <table aria-label="Latest metrics">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Latest value</th>
            <th>Step</th>
          </tr>
        </thead>
        <tbody>
          {[...metrics]
            .sort((a, b) => a.key.localeCompare(b.key))
            .map((metric) => (
              <tr key={metric.key}>
                <td>{metric.key}</td>
                <td>{formatMetricValue(metric.value)}</td>
                <td>{metric.step}</td>
              </tr>
            ))}
        </tbody>
      </table>
      {keys.length > MAX_CHARTS && (
        <label style={{ marginTop: '1rem', maxWidth: 360 }}>
          Filter charts
          <input value={search} onChange={(event) => setSearch(event.target.value)} placeholder="metric name" />
        </label>
      )}
      {keys.length > shown.length && (
        <p className="muted">
          Showing {shown.length} of {keys.length} metric charts.
        </p>
      )}
      {histories.isError && (
        <ErrorMessage>{histories.error.message}</ErrorMessage>
      )}
      {histories.isPending && shown.length > 0 && <p className="muted">Loading charts…</p>}
      {single > 0 && (
        <p className="muted small-text" style={{ marginTop: '0.6rem' }}>
          {single} {single === 1 ? 'metric was' : 'metrics were'} logged once: {single === 1 ? 'its value is' : 'their values are'} in the table, not drawn as one-point charts.
        </p>
      )}
      {charts.length > 0 && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))', gap: '1rem', marginTop: '1rem' }}>
          {charts.map((chart) => (
            <MetricHistoryChart key={chart.key} metricKey={chart.key} series={chart.series} />
          ))}
        </div>
      )}
    </>
  );
}
