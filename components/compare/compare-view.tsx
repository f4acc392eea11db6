'use client';
// The compare view, rendered from (runIds, view state) alone so that any page can mount it:
// the compare page (state in its URL), a saved comparison's page (its stored state) and a
// read-only share page (no `onStateChange`; no project, no links into the team). Up to
// 100 runs through one compareRuns query, which brings the charted series along (one round
// trip for the whole view); the table (runs as rows or columns, differing
// params first, best and worst per metric direction), a differences summary for two runs,
// and chart panels (overlaid downsampled curves, scatter, parallel coordinates) in the runs'
// colours. `data-state="ready"` marks it interactive (the table and every chart drawn, but
// for a lazy one still off screen), for the bench.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChartPanel } from '@/lib/tracking/runs-table/view-shapes';
import { ChartPanels } from '../charts/panels/chart-panels';
import { toChartRun } from '../charts/panels/chart-run';
import { defaultPanels } from '../charts/panels/default-panels';
import { currentShareSecret, graphqlRequest, readGraphQLResponse } from '../graphql-request';
import { ErrorMessage } from '../runs/error-message';
import { toRunRow } from '../runs-table/run-rows';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { Segmented } from '../ui/segmented';
import { SkeletonRows } from '../ui/skeleton';
import { AUTO_COLUMNS_MAX, type CompareLayout, type CompareState } from './compare-state';
import { compareRequest, MAX_COMPARED_RUNS, takeEarlyResponse, type CompareData } from './compare-request';
import { CompareTable } from './compare-table';
import { DifferencesSummary } from './differences-summary';

export { MAX_COMPARED_RUNS };

const LAYOUTS: { value: CompareLayout; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'rows', label: 'Runs as rows' },
  { value: 'columns', label: 'Runs as columns' },
];

export type CompareViewProps = {
  runIds: readonly string[];
  state: CompareState;
  /** Absent: a read-only view (a shared comparison). */
  onStateChange?: (state: CompareState) => void;
  /** The page's title instead of "Comparing N runs" (a saved comparison's name). */
  title?: ReactNode;
  /** Facts shown before the view's own (who saved it). */
  meta?: ReactNode;
  /** Buttons beside the view's own in the header (save, share). */
  actions?: ReactNode;
};

type Heading = Pick<CompareViewProps, 'title' | 'meta' | 'actions'>;

export function CompareView({ runIds, state, onStateChange, ...heading }: CompareViewProps) {
  const result = useQuery({
    queryKey: ['compare', runIds],
    // Charts changed later fetch their own series (ChartPanels); the comparison is not refetched for them.
    queryFn: async () => {
      const request = compareRequest(runIds, state, currentShareSecret() !== null);
      const early = await takeEarlyResponse(request);
      return early ? readGraphQLResponse<CompareData>(early) : graphqlRequest<CompareData>(request.query, request.variables);
    },
    enabled: runIds.length > 0 && runIds.length <= MAX_COMPARED_RUNS,
  });

  if (runIds.length === 0) {
    return <EmptyState title="No runs to compare">Select runs on a project page and press Compare.</EmptyState>;
  }
  if (runIds.length > MAX_COMPARED_RUNS) {
    return <ErrorMessage>At most {MAX_COMPARED_RUNS} runs can be compared; {runIds.length} were given.</ErrorMessage>;
  }
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  if (!result.data) {
    return (
      <div role="status" aria-label="Loading comparison">
        <PageHeader title={heading.title ?? `Comparing ${runIds.length} runs`} meta={heading.meta} actions={heading.actions} />
        <SkeletonRows rows={Math.min(12, runIds.length + 4)} />
      </div>
    );
  }
  return <Comparison data={result.data.compareRuns} state={state} onStateChange={onStateChange} heading={heading} />;
}

function Comparison({ data, state, onStateChange, heading }: { data: CompareData['compareRuns']; state: CompareState; onStateChange?: (state: CompareState) => void; heading: Heading }) {
  const rows = useMemo(() => data.runs.map(toRunRow), [data.runs]);
  const chartRuns = useMemo(() => rows.map(toChartRun), [rows]);
  const runs = useMemo(() => data.runs.map((run, i) => ({ ...run, color: chartRuns[i].color })), [data.runs, chartRuns]);
  // A metric whose latest step is 0 in every run was logged once: bars, not lines.
  const metricFacets = useMemo(
    () => data.metrics.map((metric) => ({ key: metric.key, maxPoints: Math.max(1, ...metric.steps.map((step) => (step === null ? 0 : Number(step) + 1))) })),
    [data.metrics],
  );
  const differingKeys = useMemo(() => data.params.filter((param) => param.differs).map((param) => param.key), [data.params]);
  const paramKeys = useMemo(() => data.params.map((param) => param.key), [data.params]);
  // Memoized all the way down: a new panel object would redraw its chart.
  const panels = useMemo<ChartPanel[]>(() => state.panels ?? defaultPanels(metricFacets, differingKeys.length ? differingKeys : paramKeys), [state.panels, metricFacets, differingKeys, paramKeys]);
  const asColumns = state.layout === 'columns' || (state.layout === 'auto' && runs.length <= AUTO_COLUMNS_MAX);
  const projects = [...new Map(runs.flatMap((run) => (run.project ? [[run.project.id, run.project] as const] : []))).values()];
  const change = onStateChange && ((patch: Partial<CompareState>) => onStateChange({ ...state, ...patch }));

  // Interactive once every chart panel has drawn.
  const root = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const check = () => {
      const plots = element.querySelectorAll('[data-rendered]');
      const pending = element.querySelectorAll('[role="status"][aria-label="Loading chart"]');
      // A lazy chart still off screen (parallel coordinates below 100 rows) waits for the scroll.
      const drawn = pending.length === 0 && [...plots].every((plot) => ['true', 'deferred'].includes((plot as HTMLElement).dataset.rendered!));
      // The compare bench reads this mark: navigation start to interactive.
      if (drawn && performance.getEntriesByName('cairn:compare-ready').length === 0) performance.mark('cairn:compare-ready');
      setReady(drawn);
    };
    const observer = new MutationObserver(check);
    observer.observe(element, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-rendered'] });
    check();
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={root} data-testid="compare-view" data-state={ready ? 'ready' : 'loading'}>
      <PageHeader
        crumbs={
          projects.length === 1
            ? [{ label: 'Projects', href: `/t/${projects[0].team.slug}/projects` }, { label: projects[0].name, href: `/t/${projects[0].team.slug}/projects/${projects[0].id}` }]
            : projects.length > 1
              ? [{ label: `${projects.length} projects` }]
              : undefined
        }
        title={heading.title ?? `Comparing ${runs.length} runs`}
        meta={
          <>
            {heading.meta}
            <span>
              {heading.title ? `${runs.length} runs · ` : ''}
              {differingKeys.length} of {data.params.length} params differ · {data.metrics.length} metrics
            </span>
          </>
        }
        actions={heading.actions}
      />
      <div className="toolbar">
        {change ? (
          <Segmented label="Layout" options={LAYOUTS} value={state.layout} onChange={(layout) => change({ layout })} />
        ) : null}
        <label className="inline">
          <input type="checkbox" checked={state.onlyDifferences} disabled={!change} onChange={(event) => change?.({ onlyDifferences: event.target.checked })} />
          Show only differences
        </label>
        <span className="muted small-text">Best value of each metric in green, worst in red; the arrow says which way is better{change ? ' (click it to switch)' : ''}.</span>
      </div>

      <CompareTable
        runs={runs}
        params={data.params}
        metrics={data.metrics}
        asColumns={asColumns}
        onlyDifferences={state.onlyDifferences}
        directions={state.directions}
        onDirectionChange={change && ((metric, direction) => change({ directions: { ...state.directions, [metric]: direction } }))}
      />

      {rows.length === 2 && (
        <>
          <h2>Differences</h2>
          <DifferencesSummary a={rows[0]} b={rows[1]} />
        </>
      )}

      <h2>Charts</h2>
      <ChartPanels panels={panels} onChange={change && ((next) => change({ panels: next }))} runs={chartRuns} metrics={metricFacets} paramKeys={paramKeys} chartHeight={260} series={data.histories} />
    </div>
  );
}
