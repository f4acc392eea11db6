'use client';
// Line chart of one metric's history (x = step, y = value), one line per series: a run's
// metric on the run page, the same metric across runs on the compare page.
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { chartPoints, type MetricPoint } from './metric-series';
import { Plot } from './plot';

export type ChartSeries = { name: string; points: readonly MetricPoint[]; downsampled: boolean };

export function MetricHistoryChart({ metricKey, series, height = 280 }: { metricKey: string; series: readonly ChartSeries[]; height?: number }) {
  const { data, layout, skipped, downsampled } = useMemo(() => {
    let skippedPoints = 0;
    let lastStep = 0;
    const traces: Data[] = series.map((one) => {
      const { x, y, skipped: left } = chartPoints(one.points);
      skippedPoints += left;
      lastStep = x.reduce((max, step) => Math.max(max, step), lastStep);
      return { type: 'scatter', mode: x.length <= 50 ? 'lines+markers' : 'lines', name: one.name, x, y };
    });
    const chartLayout: Partial<Layout> = {
      title: { text: metricKey, font: { size: 13 } },
      // Steps are whole numbers: no 0.5 ticks on short series such as a few epochs.
      xaxis: { title: { text: 'step' }, ...(lastStep <= 20 ? { dtick: 1 } : {}) },
      showlegend: series.length > 1,
      legend: { orientation: 'h', y: -0.25 },
    };
    return { data: traces, layout: chartLayout, skipped: skippedPoints, downsampled: series.some((one) => one.downsampled) };
  }, [metricKey, series]);

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
