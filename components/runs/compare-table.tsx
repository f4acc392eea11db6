'use client';
// Runs side by side: one column per run, a row per param (rows whose values differ are
// highlighted and can be shown alone) and per latest metric (the best value in bold).
import Link from 'next/link';
import { useState } from 'react';
import { formatMetricValue, type MetricValue } from '../charts/metric-series';
import { bestIndexes, lowerIsBetter } from './best-value';
import { formatDuration, runPath } from './format';

export type ComparedRun = {
  id: string;
  name: string;
  status: string;
  startTime: string;
  endTime: string | null;
  /** Left out on share pages (the link shows the runs, not their projects). */
  project?: { id: string; name: string; team: { slug: string } };
};
export type ComparedParam = { key: string; values: (string | null)[]; differs: boolean };
export type ComparedMetric = { key: string; values: (MetricValue | null)[]; steps: (string | null)[] };

const DIFFERS_STYLE = { background: '#fff4d6' };

export function CompareTable({ runs, params, metrics }: { runs: ComparedRun[]; params: ComparedParam[]; metrics: ComparedMetric[] }) {
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const shownParams = onlyDifferences ? params.filter((param) => param.differs) : params;
  const differing = params.filter((param) => param.differs).length;
  const width = runs.length + 1;

  return (
    <>
      <label style={{ flexDirection: 'row', alignItems: 'center', gap: '0.4rem' }}>
        <input type="checkbox" checked={onlyDifferences} onChange={(event) => setOnlyDifferences(event.target.checked)} />
        Show only differences
      </label>
      <p className="muted" style={{ fontSize: '0.85rem' }}>
        {differing} of {params.length} params differ (highlighted). Best metric values are in bold: lowest for loss- or
        error-like names, highest otherwise.
      </p>
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="compare-table" aria-label="Compared runs">
          <thead>
            <tr>
              <th scope="col">Run</th>
              {runs.map((run) => (
                <th scope="col" key={run.id} title={run.id}>
                  {run.project ? <Link href={runPath(run.project.team.slug, run.id)}>{run.name}</Link> : run.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {runs.some((run) => run.project) && (
              <tr>
                <th scope="row">Project</th>
                {runs.map((run) => (
                  <td key={run.id}>{run.project?.name}</td>
                ))}
              </tr>
            )}
            <tr>
              <th scope="row">Status</th>
              {runs.map((run) => (
                <td key={run.id}>{run.status.toLowerCase()}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Duration</th>
              {runs.map((run) => (
                <td key={run.id}>{formatDuration(run.startTime, run.endTime)}</td>
              ))}
            </tr>
            <SectionRow title="Parameters" width={width} />
            {shownParams.length === 0 && <EmptyRow width={width} text={onlyDifferences ? 'No param differs.' : 'No params.'} />}
            {shownParams.map((param) => (
              <tr key={param.key} data-differs={param.differs ? 'true' : undefined} style={param.differs ? DIFFERS_STYLE : undefined}>
                <th scope="row">
                  {param.key}
                  {param.differs && <span className="muted"> (differs)</span>}
                </th>
                {param.values.map((value, i) => (
                  <td key={runs[i].id} style={{ wordBreak: 'break-word' }}>
                    {value ?? <span className="muted">—</span>}
                  </td>
                ))}
              </tr>
            ))}
            <SectionRow title="Metrics (latest)" width={width} />
            {metrics.length === 0 && <EmptyRow width={width} text="No metrics." />}
            {metrics.map((metric) => {
              const best = bestIndexes(metric.key, metric.values);
              return (
                <tr key={metric.key}>
                  <th scope="row" title={lowerIsBetter(metric.key) ? 'Lower is better' : 'Higher is better'}>
                    {metric.key}
                  </th>
                  {metric.values.map((value, i) => (
                    <td key={runs[i].id} title={metric.steps[i] !== null ? `step ${metric.steps[i]}` : undefined}>
                      {value === null ? (
                        <span className="muted">—</span>
                      ) : best.has(i) ? (
                        <strong data-best="true">{formatMetricValue(value)}</strong>
                      ) : (
                        formatMetricValue(value)
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function SectionRow({ title, width }: { title: string; width: number }) {
  return (
    <tr>
      <th colSpan={width} scope="colgroup" style={{ color: 'var(--fg)', background: 'var(--panel)' }}>
        {title}
      </th>
    </tr>
  );
}

function EmptyRow({ width, text }: { width: number; text: string }) {
  return (
    <tr>
      <td colSpan={width} className="muted">
        {text}
      </td>
    </tr>
  );
}
