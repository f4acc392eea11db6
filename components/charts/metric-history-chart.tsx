'use client';
// Line chart of one metric's history (x = step, y = value), one line per series: a run's
// metric on the run page, the same metric across runs on the compare page.
import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { chartPoints, type MetricPoint } from './metric-series';
import { Plot } from './plot';

export type ChartSeries = { name: string; points: readonly MetricPoint[]; downsampled: boolean };

export function MetricHistoryChart({ metricKey, series, height = 280 }: { metricKey: string; series: readonly ChartSeries[]; height?: number }) {
  const { data, skipped, downsampled } = useMemo(() => {
    let skippedPoints = 0;
    const traces: Data[] = series.map((one) => {
      const { x, y, skipped: left } = chartPoints(one.points);
      skippedPoints += left;
      return { type: 'scatter', mode: x.length <= 50 ? 'lines+markers' : 'lines', name: one.name, x, y };
    });
    return { data: traces, skipped: skippedPoints, downsampled: series.some((one) => one.downsampled) };
  }, [series]);
  const layout = useMemo(
    () => ({
      title: { text: metricKey, font: { size: 13 } },
      xaxis: { title: { text: 'step' } },
      showlegend: series.length > 1,
      legend: { orientation: 'h' as const, y: -0.25 },
    }),
    [metricKey, series.length],
  );

  return (
    <div>
      <Plot data={data} layout={layout} label={`History of ${metricKey}`} height={height} testId={`metric-chart-${metricKey}`} />
      {(skipped > 0 || downsampled) && (
        <p className="muted" style={{ fontSize: '0.85rem', margin: '0.2rem 0 0' }}>
          {skipped > 0 && `${skipped} NaN/Infinity ${skipped === 1 ? 'value' : 'values'} not drawn. `}
          {downsampled && 'Downsampled for the chart (each bucket keeps its min, max and last point).'}
        </p>
      )}
    </div>
  );
}
