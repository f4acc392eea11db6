'use client';
// Parallel coordinates of runs (one line per run) over their params and metrics: the chart
// for trade-offs such as accuracy against fairness.
import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { toDimension, type Column, type Dimension } from './parcoords-dimensions';
import { Plot } from './plot';

export type { Column };

const LAYOUT = { margin: { l: 70, r: 110, t: 56, b: 24 }, font: { size: 11 } };

export function ParallelCoordinates({
  runNames,
  columns,
  colorBy,
  height = 420,
}: {
  runNames: readonly string[];
  columns: readonly Column[];
  /** Label of the column that colours the lines (usually the metric being optimized). */
  colorBy?: string;
  height?: number;
}) {
  const { data, left, drawn } = useMemo(() => {
    const dimensions = columns.map(toDimension).filter((dimension): dimension is Dimension => dimension !== null);
    // A run axis names the lines while there are few enough runs to read.
    const runAxis: Dimension[] =
      runNames.length <= 20
        ? [toDimension({ label: 'run', kind: 'param', values: runNames.map((name, i) => `${name}${runNames.indexOf(name) === i ? '' : ` #${i + 1}`}`) })!]
        : [];
    const color = dimensions.find((dimension) => dimension.label === colorBy) ?? dimensions.at(-1);
    const trace = {
      type: 'parcoords',
      line: color ? { color: color.values, colorscale: 'Viridis', showscale: true, colorbar: { title: { text: color.label } } } : {},
      dimensions: [...runAxis, ...dimensions],
    } as unknown as Data;
    return { data: [trace], left: columns.length - dimensions.length, drawn: dimensions.length };
  }, [runNames, columns, colorBy]);

  if (runNames.length < 2 || drawn < 2) {
    return <p className="muted small-text">Parallel coordinates need at least two runs and two numeric or categorical columns.</p>;
  }
  return (
    <div>
      <Plot
        data={data}
        layout={LAYOUT}
        height={height}
        label="Parallel coordinates of the compared runs' params and metrics"
        testId="parallel-coordinates"
        // WebGL (about a second for 100 runs on a software GPU): drawn when scrolled near, not before the rest of the page.
        lazy
      />
      {left > 0 && (
        <p className="muted small-text" style={{ margin: 0 }}>
          {left} {left === 1 ? 'column' : 'columns'} left out (missing in some runs, NaN/Infinity, or too many distinct values).
        </p>
      )}
    </div>
  );
}
