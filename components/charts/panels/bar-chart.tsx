'use client';
// A metric logged once per run: bars (one per run, in the run's colour), or the value
// itself when there is one run, never a one-point line.
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { metricNumber } from '@/lib/tracking/runs-table/run-row';
import { formatMetricValue } from '../metric-series';
import { Plot } from '../plot';
import { PANEL_LAYOUT, type ChartRun } from './chart-run';

const MAX_LABELLED_BARS = 25;

export function BarChart({ metric, runs, height = 240 }: { metric: string; runs: readonly ChartRun[]; height?: number }) {
  const withValue = useMemo(
    () =>
      runs.flatMap((run) => {
        const cell = run.row.metrics[metric];
        const value = cell === undefined ? NaN : metricNumber(cell.value);
        return Number.isFinite(value) ? [{ run, value }] : [];
      }),
    [metric, runs],
  );
  const { data, layout } = useMemo(() => {
    const labelled = withValue.length <= MAX_LABELLED_BARS;
    // Many runs: sorted vertical bars (the distribution); few: one labelled bar per run.
    const bars = labelled ? [...withValue].reverse() : [...withValue].sort((a, b) => b.value - a.value);
    const trace = {
      type: 'bar',
      orientation: labelled ? 'h' : 'v',
      [labelled ? 'x' : 'y']: bars.map((bar) => bar.value),
      [labelled ? 'y' : 'x']: bars.map((bar) => (labelled ? bar.run.name : bar.run.id)),
      customdata: bars.map((bar) => bar.run.name),
      marker: { color: bars.map((bar) => bar.run.color) },
      // Few bars: each bar's value written at its end, so close values can still be told apart.
      ...(labelled ? { text: bars.map((bar) => formatMetricValue(bar.value)), textposition: 'outside', cliponaxis: false, textfont: { size: 10 } } : { textposition: 'none' }),
      hovertemplate: '%{customdata}: %{' + (labelled ? 'x' : 'y') + ':.5g}<extra></extra>',
    } as unknown as Data;
    const chartLayout: Partial<Layout> = {
      ...PANEL_LAYOUT,
      margin: { ...PANEL_LAYOUT.margin, l: labelled ? 90 : 48, r: labelled ? 44 : 12 },
      xaxis: { ...PANEL_LAYOUT.xaxis, ...(labelled ? {} : { showticklabels: false }) },
      yaxis: { ...PANEL_LAYOUT.yaxis, ...(labelled ? { automargin: true, tickfont: { size: 10 } } : {}) },
      bargap: 0.25,
    };
    return { data: [trace], layout: chartLayout };
  }, [withValue]);

  if (withValue.length === 0) return <p className="muted small-text">No run here has a finite {metric}.</p>;
  if (withValue.length === 1) {
    const [{ run, value }] = withValue;
    return (
      <div data-testid={`value-${metric}`} style={{ height, display: 'flex', flexDirection: 'column', justifyContent: 'center', alignItems: 'center' }}>
        <div style={{ fontSize: 32, fontVariantNumeric: 'tabular-nums' }}>{formatMetricValue(value)}</div>
        <div className="muted small-text" style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          <span className="color-dot" style={{ background: run.color }} /> {run.name}
        </div>
      </div>
    );
  }
  return <Plot data={data} layout={layout} height={height} label={`${metric} per run (bars)`} testId={`bar-chart-${metric}`} />;
}
