'use client';
// Compared runs in a table: runs as columns for a few runs, as rows for many (up to 100),
// the params that differ first (constant ones after, or hidden by "only differences"), and
// each metric's best and worst values marked by the direction shown in its header, which
// the person can flip.
import type { ReactNode } from 'react';
import { formatMetricValue, type MetricValue } from '../charts/metric-series';
import { defaultDirection, extremes, type Direction } from '../runs/best-value';
import { formatDuration, runPath } from '../runs/format';
import { StatusBadge } from '../ui/badge';
import { IntentLink } from '../ui/intent-link';

export type ComparedRun = {
  id: string;
  name: string;
  status: string;
  startTime: string;
  endTime: string | null;
  color: string;
  /** Left out on share pages: the link shows the runs, not their projects (and no link leads into the team). */
  project?: { id: string; name: string; team: { slug: string } };
};
export type ComparedParam = { key: string; values: (string | null)[]; differs: boolean };
export type ComparedMetric = { key: string; values: (MetricValue | null)[]; steps: (string | null)[] };

export type CompareTableProps = {
  runs: readonly ComparedRun[];
  params: readonly ComparedParam[];
  metrics: readonly ComparedMetric[];
  asColumns: boolean;
  onlyDifferences: boolean;
  directions: Readonly<Record<string, Direction>>;
  onDirectionChange?: (metric: string, direction: Direction) => void;
};

function DirectionToggle({ metric, direction, onChange }: { metric: string; direction: Direction; onChange?: (direction: Direction) => void }) {
  const text = direction === 'max' ? 'higher is better' : 'lower is better';
  if (!onChange) return <span className="muted" title={text}>{direction === 'max' ? ' ↑' : ' ↓'}</span>;
  return (
    <button
      className="ghost small"
      style={{ height: 20, padding: '0 4px' }}
      onClick={() => onChange(direction === 'max' ? 'min' : 'max')}
      aria-label={`${metric}: ${text}; switch`}
      title={`${text} (click to switch)`}
      data-direction={direction}
    >
      {direction === 'max' ? '↑' : '↓'}
    </button>
  );
}

function MetricCell({ value, step, best, worst }: { value: MetricValue | null; step: string | null; best: boolean; worst: boolean }) {
  if (value === null) return <span className="muted">–</span>;
  const text = formatMetricValue(value);
  return (
    <span title={step !== null ? `step ${step}` : undefined}>
      {best ? (
        <strong data-best="true" className="badge success" style={{ fontSize: 'inherit' }}>
          {text}
        </strong>
      ) : worst ? (
        <span data-worst="true" style={{ color: 'var(--danger)' }}>
          {text}
        </span>
      ) : (
        text
      )}
    </span>
  );
}

function RunName({ run }: { run: ComparedRun }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }} title={run.id}>
      <span className="color-dot" style={{ background: run.color }} aria-hidden />
      {/* On intent: prefetched on sight, 100 run links were as many page renders right after the view loaded. */}
      {run.project ? <IntentLink href={runPath(run.project.team.slug, run.id)}>{run.name}</IntentLink> : run.name}
    </span>
  );
}

export function CompareTable(props: CompareTableProps) {
  const { runs, params, metrics, asColumns, onlyDifferences, directions } = props;
  const differing = params.filter((param) => param.differs);
  const shownParams = [...differing, ...(onlyDifferences ? [] : params.filter((param) => !param.differs))];
  const directionOf = (key: string) => directions[key] ?? defaultDirection(key);
  const marks = new Map(metrics.map((metric) => [metric.key, extremes(metric.values, directionOf(metric.key))]));
  const multiProject = new Set(runs.flatMap((run) => (run.project ? [run.project.id] : []))).size > 1;

  const metricHeader = (metric: ComparedMetric): ReactNode => (
    <>
      {metric.key}
      <DirectionToggle metric={metric.key} direction={directionOf(metric.key)} onChange={props.onDirectionChange && ((direction) => props.onDirectionChange!(metric.key, direction))} />
    </>
  );

  if (asColumns) {
    const width = runs.length + 1;
    return (
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="compare-table" aria-label="Compared runs">
          <thead>
            <tr>
              <th scope="col" style={{ minWidth: 160 }}>
                Run
              </th>
              {runs.map((run) => (
                <th scope="col" key={run.id} aria-label={run.name}>
                  <RunName run={run} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {multiProject && (
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
                <td key={run.id}>
                  <StatusBadge status={run.status} />
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">Duration</th>
              {runs.map((run) => (
                <td key={run.id}>{formatDuration(run.startTime, run.endTime)}</td>
              ))}
            </tr>
            <SectionRow title={`Parameters (${differing.length} of ${params.length} differ)`} width={width} />
            {shownParams.length === 0 && <EmptyRow width={width} text={onlyDifferences ? 'No param differs.' : 'No params.'} />}
            {shownParams.map((param) => (
              <tr key={param.key} data-differs={param.differs ? 'true' : undefined} style={param.differs ? { background: 'var(--warning-soft)' } : undefined}>
                <th scope="row">{param.key}</th>
                {param.values.map((value, i) => (
                  <td key={runs[i].id} style={{ overflowWrap: 'anywhere' }}>
                    {value ?? <span className="muted">–</span>}
                  </td>
                ))}
              </tr>
            ))}
            <SectionRow title="Metrics (latest values)" width={width} />
            {metrics.length === 0 && <EmptyRow width={width} text="No metrics." />}
            {metrics.map((metric) => {
              const { best, worst } = marks.get(metric.key)!;
              return (
                <tr key={metric.key}>
                  <th scope="row" aria-label={metric.key}>
                    {metricHeader(metric)}
                  </th>
                  {metric.values.map((value, i) => (
                    <td key={runs[i].id} className="num" style={{ textAlign: 'left' }}>
                      <MetricCell value={value} step={metric.steps[i]} best={best.has(i)} worst={worst.has(i)} />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  }

  // Runs as rows: one line per run, metrics then the params that differ (then the others).
  return (
    <div style={{ overflow: 'auto', maxHeight: '70vh', border: '1px solid var(--line)', borderRadius: 'var(--radius)' }}>
      <table data-testid="compare-table" aria-label="Compared runs" style={{ whiteSpace: 'nowrap' }}>
        <thead style={{ position: 'sticky', top: 0, zIndex: 1 }}>
          <tr>
            <th scope="col">Run</th>
            {multiProject && <th scope="col">Project</th>}
            <th scope="col">Status</th>
            {metrics.map((metric) => (
              <th scope="col" key={`m-${metric.key}`} className="num" aria-label={metric.key}>
                {metricHeader(metric)}
              </th>
            ))}
            {shownParams.map((param) => (
              <th scope="col" key={`p-${param.key}`} data-differs={param.differs ? 'true' : undefined} style={param.differs ? { color: 'var(--warning)' } : undefined} title={param.differs ? 'differs between runs' : 'the same in every run'}>
                {param.key}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run, i) => (
            <tr key={run.id} data-run-id={run.id}>
              <th scope="row" style={{ color: 'var(--fg)', fontWeight: 400 }}>
                <RunName run={run} />
              </th>
              {multiProject && <td>{run.project?.name}</td>}
              <td>
                <StatusBadge status={run.status} />
              </td>
              {metrics.map((metric) => {
                const { best, worst } = marks.get(metric.key)!;
                return (
                  <td key={`m-${metric.key}`} className="num">
                    <MetricCell value={metric.values[i]} step={metric.steps[i]} best={best.has(i)} worst={worst.has(i)} />
                  </td>
                );
              })}
              {shownParams.map((param) => (
                <td key={`p-${param.key}`} style={param.differs ? undefined : { color: 'var(--muted)' }}>
                  {param.values[i] ?? <span className="muted">–</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SectionRow({ title, width }: { title: string; width: number }) {
  return (
    <tr>
      <th colSpan={width} scope="colgroup" style={{ color: 'var(--fg)', background: 'var(--canvas)' }}>
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
