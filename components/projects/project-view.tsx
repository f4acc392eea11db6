'use client';
// A project's page: its runs table (server-side windows, sort by any column, columns chosen
// and saved per person, grouping with aggregates, search language and quick filters,
// selection for comparison) with chart panels beside it over the selected runs (else the top
// of the table), in the same colours. The table's query lives in the URL; the columns and the
// chart layout are saved per person and project.
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useRef, useState } from 'react';
import { runsExportUrl } from '@/lib/tracking/export/export-urls';
import { columnOrderBy, DEFAULT_LEADING_COLUMNS, DEFAULT_TRAILING_COLUMNS, type RunRow } from '@/lib/tracking/runs-table/run-row';
import type { ChartPanel, RunsTableView } from '@/lib/tracking/runs-table/view-shapes';
import { defaultPanels } from '../charts/panels/default-panels';
import { ChartPanels } from '../charts/panels/chart-panels';
import { toChartRun } from '../charts/panels/chart-run';
import { graphqlRequest } from '../graphql-request';
import { useLiveTopics } from '../live/live-events';
import { ErrorMessage } from '../runs/error-message';
import { formatRelative, runPath } from '../runs/format';
import { ColumnChooser } from '../runs-table/column-chooser';
import { RunsGrid, type GridItem, type RunGroupItem } from '../runs-table/runs-grid';
import { TableToolbar } from '../runs-table/table-toolbar';
import { queryVariables, readTableQuery, writeTableQuery, type TableQuery } from '../runs-table/table-query';
import { useUrlState } from '../ui/use-url-state';
import { fetchRunWindow, useRunWindows, WINDOW_SIZE, type WindowVariables } from '../runs-table/use-run-windows';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { Popover } from '../ui/popover';
import { Skeleton, SkeletonRows } from '../ui/skeleton';
import Link from 'next/link';

/** Runs charted when none are selected: the top of the table in its order. */
const CHARTED_TOP = 20;
const MAX_COMPARE = 100;
const DEFAULT_METRIC_COLUMNS = 12;
const DEFAULT_PARAM_COLUMNS = 12;

type Facets = {
  runCount: number;
  params: { key: string; runCount: number }[];
  metrics: { key: string; runCount: number; maxPoints: number }[];
  tags: { key: string; runCount: number }[];
  statuses: { value: string; runCount: number }[];
  users: { value: string; runCount: number }[];
  datasets: { name: string; digest: string; runCount: number }[];
};

type ProjectData = {
  project: {
    id: string;
    name: string;
    description: string | null;
    createdAt: string;
    lastActivityAt: string | null;
    createdBy: { name: string | null; email: string } | null;
    runFacets: Facets;
    viewerPreferences: { runsTable: RunsTableView | null; chartPanels: { panels: ChartPanel[] } | null };
  };
};

const PROJECT = `query ProjectPage($id: ID!) {
  project(id: $id) {
    id name description createdAt lastActivityAt createdBy { name email }
    runFacets {
      runCount params { key runCount } metrics { key runCount maxPoints } tags { key runCount }
      statuses { value runCount } users { value runCount } datasets { name digest runCount }
    }
    viewerPreferences { runsTable chartPanels }
  }
}`;

const GROUPS = `query RunGroups($id: ID!, $by: String!, $metricKeys: [String!], $filter: String, $quick: RunQuickFilters) {
  project(id: $id) { runGroups(by: $by, metricKeys: $metricKeys, filter: $filter, quick: $quick) { totalCount truncated groups { value runCount metrics { key count min max mean } } } }
}`;

const SAVE = `mutation SaveView($input: SaveProjectPreferencesInput!) { saveProjectPreferences(input: $input) { runsTable chartPanels } }`;

function defaultColumns(facets: Facets): string[] {
  return [
    ...DEFAULT_LEADING_COLUMNS,
    ...facets.metrics.slice(0, DEFAULT_METRIC_COLUMNS).map((m) => `metrics.${m.key}`),
    ...facets.params.slice(0, DEFAULT_PARAM_COLUMNS).map((p) => `params.${p.key}`),
    ...DEFAULT_TRAILING_COLUMNS,
  ];
}

export function ProjectView({ teamSlug, projectId }: { teamSlug: string; projectId: string }) {
  const project = useQuery({ queryKey: ['project-page', projectId], queryFn: () => graphqlRequest<ProjectData>(PROJECT, { id: projectId }) });
  if (project.isError) return <ErrorMessage>{project.error.message}</ErrorMessage>;
  if (!project.data) return <ProjectSkeleton />;
  return <ProjectLoaded teamSlug={teamSlug} data={project.data.project} />;
}

function ProjectSkeleton() {
  return (
    <div role="status" aria-label="Loading project">
      <Skeleton width={120} height={12} />
      <Skeleton width={280} height={26} style={{ margin: '8px 0 16px' }} />
      <Skeleton height={32} style={{ marginBottom: 12 }} />
      <SkeletonRows rows={12} />
    </div>
  );
}

function ProjectLoaded({ teamSlug, data }: { teamSlug: string; data: ProjectData['project'] }) {
  const projectId = data.id;
  const facets = data.runFacets;
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const fromUrl = useMemo(() => readTableQuery(new URLSearchParams(searchParams.toString())), [searchParams]);
  const [query, setQuery] = useUrlState(fromUrl, useCallback((next: TableQuery) => `${pathname}?${writeTableQuery(next)}`, [pathname]));

  // Saved views: local state first (the page answers at once), saved in the background.
  const queryClient = useQueryClient();
  // New runs, status changes, deletions: refetch the table, its groups and its facets while
  // the page is open (at most every few seconds, however busy the project).
  useLiveTopics([`project:${projectId}`], () => {
    for (const key of ['run-window', 'run-groups', 'project-page']) void queryClient.invalidateQueries({ queryKey: [key, projectId] });
  });
  const save = useMutation({
    mutationFn: (input: { runsTable?: RunsTableView | null; chartPanels?: { panels: ChartPanel[] } | null }) => graphqlRequest(SAVE, { input: { projectId, ...input } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['project-page', projectId], refetchType: 'none' }),
  });
  const [view, setView] = useState<RunsTableView>(() => data.viewerPreferences.runsTable ?? { columns: defaultColumns(facets), widths: {} });
  const [panels, setPanels] = useState<ChartPanel[]>(() => data.viewerPreferences.chartPanels?.panels ?? defaultPanels(facets.metrics, facets.params.map((p) => p.key)));
  const saveView = (next: RunsTableView | null) => {
    setView(next ?? { columns: defaultColumns(facets), widths: {} });
    save.mutate({ runsTable: next });
  };
  const savePanels = (next: ChartPanel[]) => {
    setPanels(next);
    save.mutate({ chartPanels: { panels: next } });
  };

  const variables = useMemo<WindowVariables>(() => queryVariables(query, columnOrderBy), [query]);
  const paramKeys = useMemo(() => facets.params.map((p) => p.key), [facets.params]);
  const grouped = query.groupBy !== null;
  const windows = useRunWindows(projectId, variables, !grouped);

  // Selection: ids, with the rows as they were when picked (charts and compare need them).
  const [selected, setSelected] = useState<Map<string, RunRow>>(new Map());
  const toggle = (row: RunRow | undefined, on: boolean) =>
    row &&
    setSelected((current) => {
      const next = new Map(current);
      if (on && next.size < MAX_COMPARE) next.set(row.id, row);
      else next.delete(row.id);
      return next;
    });

  const groups = useGroupedItems(projectId, query, variables, view.columns, grouped);
  const itemCount = grouped ? groups.items.length : (windows.total ?? 0);
  const itemAt = (index: number): GridItem => (grouped ? groups.items[index] : { kind: 'run', key: `r-${index}`, index, row: windows.rowAt(index) });
  const rowById = (id: string) => {
    if (selected.has(id)) return selected.get(id);
    for (let i = 0; i < Math.min(itemCount, 2000); i++) {
      const item = itemAt(i);
      if (item.kind === 'run' && item.row?.id === id) return item.row;
    }
    return undefined;
  };

  const topRows = useMemo(() => {
    const rows: RunRow[] = [];
    for (let i = 0; i < Math.min(WINDOW_SIZE, itemCount) && rows.length < CHARTED_TOP; i++) {
      const item = itemAt(i);
      if (item.kind === 'run' && item.row) rows.push(item.row);
    }
    return rows;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [windows.rowAt, groups.items, itemCount]);
  const charted = useMemo(() => (selected.size > 0 ? [...selected.values()] : topRows).map(toChartRun), [selected, topRows]);

  const loadedTop = topRows.length > 0;
  const headerChecked = selected.size > 0 && (grouped ? true : topRows.every((row) => selected.has(row.id)));
  const selectTop = async (on: boolean) => {
    if (!on) return setSelected(new Map());
    const first = grouped ? [] : (await fetchRunWindow(projectId, variables, 0, MAX_COMPARE)).rows;
    setSelected(new Map(first.map((row) => [row.id, row])));
  };

  const filterError = (windows.isError ? windows.error?.message : groups.error) ?? null;
  const [chartsShown, setChartsShown] = useState(true);
  const compareHref = `/t/${teamSlug}/compare?runs=${[...selected.keys()].join(',')}`;
  const exportUrl = (format: 'csv' | 'parquet') =>
    runsExportUrl({ projectId, format, columns: ['attributes.run_name', ...view.columns], ...variables, viewType: 'ACTIVE_ONLY' });

  const empty = facets.runCount === 0;
  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Projects', href: `/t/${teamSlug}/projects` }]}
        title={data.name}
        meta={
          <>
            <span>
              {facets.runCount} {facets.runCount === 1 ? 'run' : 'runs'}
            </span>
            {data.lastActivityAt && <span>last activity {formatRelative(data.lastActivityAt)}</span>}
            {data.createdBy && <span>created by {data.createdBy.name ?? data.createdBy.email}</span>}
            <span>
              id <code>{projectId}</code>
            </span>
          </>
        }
        actions={
          <>
            <Link className="button secondary" href={`/t/${teamSlug}/projects/${projectId}/settings`} title="Retention of this project's artifacts">
              Settings
            </Link>
            {!empty && (
            <>
              <Popover label="Export" align="right" testId="export-menu">
                <div style={{ display: 'grid', gap: 2 }}>
                  <a className="menu-item" href={exportUrl('csv')} download>
                    Runs table as CSV
                  </a>
                  <a className="menu-item" href={exportUrl('parquet')} download>
                    Runs table as Parquet
                  </a>
                  <p className="muted small-text" style={{ margin: '4px 8px 0' }}>
                    The current filter, order and columns; every matching run.
                  </p>
                </div>
              </Popover>
              <button className="secondary" aria-pressed={chartsShown} onClick={() => setChartsShown(!chartsShown)}>
                Charts
              </button>
              <button onClick={() => router.push(compareHref)} disabled={selected.size < 2} title="Select two or more runs to compare them">
                Compare{selected.size > 0 ? ` ${selected.size}` : ''}
              </button>
            </>
            )}
          </>
        }
      >
        {data.description && <p className="muted" style={{ margin: '4px 0 0' }}>{data.description}</p>}
      </PageHeader>

      {empty ? (
        <EmptyState
          title="No runs in this project yet"
          code={`export MLFLOW_TRACKING_URI=${typeof window === 'undefined' ? 'http://localhost:3000' : window.location.origin}
export MLFLOW_TRACKING_TOKEN=<a token from Team settings → API tokens>
python -c "import mlflow; mlflow.set_experiment('${data.name}'); mlflow.start_run(); mlflow.log_metric('accuracy', 0.9)"`}
        >
          Log runs with the MLflow client: your training scripts work unchanged.
        </EmptyState>
      ) : (
        <div className={`analysis ${chartsShown ? 'with-charts' : ''}`}>
          <div style={{ minWidth: 0 }}>
            <TableToolbar query={query} onChange={setQuery} facets={facets} error={filterError} />
            <div className="toolbar" style={{ justifyContent: 'space-between' }}>
              <span className="muted small-text" aria-live="polite" data-testid="run-count">
                {grouped
                  ? `${groups.totalCount ?? '…'} groups`
                  : windows.total === undefined
                    ? 'Loading runs…'
                    : `${windows.total} ${windows.total === 1 ? 'run' : 'runs'}${windows.total !== facets.runCount ? ` of ${facets.runCount}` : ''}`}
                {selected.size > 0 && (
                  <>
                    {' · '}
                    {selected.size} selected{' '}
                    <button className="link small-text" onClick={() => setSelected(new Map())}>
                      clear
                    </button>
                  </>
                )}
              </span>
              <ColumnChooser
                columns={view.columns}
                onChange={(columns) => saveView({ ...view, columns })}
                onReset={() => saveView(null)}
                metrics={facets.metrics}
                params={facets.params}
                tags={facets.tags}
              />
            </div>
            {!grouped && windows.total === 0 ? (
              <EmptyState title="No runs match" action={<button className="secondary" onClick={() => setQuery({ ...query, filter: '', statuses: [], users: [], digests: [] })}>Clear filters</button>}>
                Change the search or the quick filters.
              </EmptyState>
            ) : (
              <RunsGrid
                columns={view.columns}
                widths={view.widths}
                onWidthsChange={(widths) => saveView({ ...view, widths })}
                sort={query.sort}
                onSortChange={(sort) => setQuery({ ...query, sort })}
                itemCount={itemCount}
                itemAt={itemAt}
                onRangeChange={(start, end) => (grouped ? groups.ensure(start, end) : windows.ensure(start, end))}
                selected={new Set(selected.keys())}
                onToggle={(id, on) => toggle(rowById(id), on)}
                onToggleGroup={groups.toggle}
                onShowMore={groups.showMore}
                header={{ checked: headerChecked, indeterminate: selected.size > 0 && !headerChecked, onChange: (on) => void selectTop(on), label: `Select the top ${MAX_COMPARE} runs` }}
                runHref={(id) => runPath(teamSlug, id)}
                height="max(420px, calc(100vh - 290px))"
              />
            )}
          </div>
          {chartsShown && (
            <aside aria-label="Charts" style={{ minWidth: 0 }}>
              <ChartPanels
                caption={selected.size > 0 ? `Charting the ${selected.size} selected ${selected.size === 1 ? 'run' : 'runs'}` : loadedTop ? `Charting the top ${charted.length} runs of the table; select runs to chart those` : 'Charts follow the table'}
                panels={panels} onChange={savePanels} runs={charted} metrics={facets.metrics} paramKeys={paramKeys} single />
            </aside>
          )}
        </div>
      )}
    </>
  );
}

/** Groups (with aggregates of the shown metric columns) and the runs of the open ones, as grid items. */
function useGroupedItems(projectId: string, query: TableQuery, variables: WindowVariables, columns: readonly string[], enabled: boolean) {
  const metricKeys = useMemo(() => columns.filter((id) => id.startsWith('metrics.')).map((id) => id.slice('metrics.'.length)).slice(0, 50), [columns]);
  const by = query.groupBy ? columnOrderBy(query.groupBy) : null;
  const groups = useQuery({
    queryKey: ['run-groups', projectId, by, metricKeys, variables.filter, variables.quick],
    queryFn: () =>
      graphqlRequest<{ project: { runGroups: { totalCount: number; truncated: boolean; groups: RunGroupItem[] } } }>(GROUPS, {
        id: projectId,
        by,
        metricKeys,
        filter: variables.filter,
        quick: variables.quick,
      }),
    enabled: enabled && !!by,
  });
  // Open groups and how many windows of each are shown.
  const [open, setOpen] = useState<Map<string, number>>(new Map());
  const keyOf = (value: string | null) => JSON.stringify(value);
  const resetKey = `${by}|${JSON.stringify(variables)}`;
  const lastReset = useRef(resetKey);
  if (lastReset.current !== resetKey) {
    lastReset.current = resetKey;
    if (open.size) setOpen(new Map());
  }
  const openList = [...open.entries()].flatMap(([key, pages]) => Array.from({ length: pages }, (_, page) => ({ value: JSON.parse(key) as string | null, page })));
  const windows = useQueries({
    queries: openList.map(({ value, page }) => ({
      queryKey: ['run-window', projectId, JSON.stringify(variables), by, value, page],
      queryFn: () => fetchRunWindow(projectId, { ...variables, group: { by: by!, value } }, page * WINDOW_SIZE),
      enabled: enabled && !!by,
    })),
  });

  const sortMetric = query.sort?.column.startsWith('metrics.') ? query.sort.column.slice('metrics.'.length) : null;
  const items = useMemo(() => {
    const list: GridItem[] = [];
    const rawGroups = groups.data?.project.runGroups.groups ?? [];
    // Sorted by a metric: groups by its mean too (the server keeps runs in order within groups).
    const ordered = sortMetric
      ? [...rawGroups].sort((a, b) => {
          const mean = (g: RunGroupItem) => g.metrics.find((m) => m.key === sortMetric)?.mean ?? null;
          const [x, y] = [mean(a), mean(b)];
          if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
          return query.sort!.desc ? y - x : x - y;
        })
      : rawGroups;
    for (const group of ordered) {
      const key = keyOf(group.value);
      const pages = open.get(key) ?? 0;
      const label = `${query.groupBy?.replace(/^(params|tags|attributes)\./, '')} = ${group.value ?? '(none)'}`;
      list.push({ kind: 'group', key: `g-${key}`, group, label, expanded: pages > 0 });
      if (!pages) continue;
      const shown = Math.min(group.runCount, pages * WINDOW_SIZE);
      for (let i = 0; i < shown; i++) {
        const at = openList.findIndex((entry) => keyOf(entry.value) === key && entry.page === Math.floor(i / WINDOW_SIZE));
        const row = windows[at]?.data?.rows[i % WINDOW_SIZE];
        list.push({ kind: 'run', key: `g-${key}-${i}`, index: i, row, depth: 1 });
      }
      if (shown < group.runCount) list.push({ kind: 'more', key: `m-${key}`, group, shown });
    }
    return list;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [groups.data, open, sortMetric, query.sort?.desc, query.groupBy, ...windows.map((w) => w.data)]);

  return {
    items,
    totalCount: groups.data?.project.runGroups.totalCount,
    error: groups.error?.message ?? null,
    // Open groups load their windows themselves (Show more); nothing to fetch on scroll.
    ensure: (_start: number, _end: number) => undefined,
    toggle: (value: string | null) =>
      setOpen((current) => {
        const next = new Map(current);
        if (next.has(keyOf(value))) next.delete(keyOf(value));
        else next.set(keyOf(value), 1);
        return next;
      }),
    showMore: (value: string | null) => setOpen((current) => new Map(current).set(keyOf(value), (current.get(keyOf(value)) ?? 0) + 1)),
  };
}
