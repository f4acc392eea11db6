// Analysis: the runs table's windows, facets and groups, project activity, chart series in
// batch, saved views and export links. Thin: every rule lives in the lib/tracking use case.
import type { Principal } from '../../lib/authz/index.ts';
import { defaultChartMetrics } from '../../lib/comparisons/default-chart-metrics.ts';
import { badInput } from '../../lib/errors.ts';
import { exportMetricHistory } from '../../lib/tracking/export/export-metric-history.ts';
import { exportRuns, type ExportFile } from '../../lib/tracking/export/export-runs.ts';
import { metricHistoryExportUrl, runsExportUrl } from '../../lib/tracking/export/export-urls.ts';
import { getMetricSeriesBatch, readRunsSeries } from '../../lib/tracking/run-data/get-metric-series-batch.ts';
import { getRunFacets } from '../../lib/tracking/runs-table/get-run-facets.ts';
import { groupRuns } from '../../lib/tracking/runs-table/group-runs.ts';
import { listRunWindow } from '../../lib/tracking/runs-table/list-run-window.ts';
import { getProjectPreferences, saveProjectPreferences } from '../../lib/tracking/runs-table/project-preferences.ts';
import type { QuickFilters } from '../../lib/tracking/runs-table/run-table-query.ts';
import type { GraphQLContext } from '../context.ts';
import type { Resolvers, RunQuickFilters } from '../generated/resolvers-types.ts';
import type { ProjectModel } from '../mappers.ts';
import { pageSize } from '../pagination.ts';
import { MAX_CHART_POINTS } from './metric-history.ts';
import { loadRunsInOrder } from './runs.ts';

const quick = (filters: RunQuickFilters | null | undefined): QuickFilters | null =>
  filters ? { statuses: filters.statuses, users: filters.users, datasetDigests: filters.datasetDigests } : null;

async function activity(project: ProjectModel, context: GraphQLContext) {
  return context.loaders.projectActivityById.load(String(project.id));
}

/** Many runs' series for charts, downsampled to at most maxPoints points each. */
async function chartSeries(principal: Principal | 'authorized', runIds: readonly string[], keys: readonly string[], maxPoints: number | null | undefined) {
  const input = { runIds: [...runIds], keys: [...keys], maxPoints: pageSize(maxPoints, 1000, MAX_CHART_POINTS) };
  const series = await (principal === 'authorized' ? readRunsSeries(input) : getMetricSeriesBatch(principal, input));
  return series.map((one) => ({ runId: one.runId, key: one.key, points: one.points, downsampled: one.downsampled }));
}

/** The file's name and type, without reading it: the download URL streams it for whoever fetches it. */
async function describe(file: ExportFile, url: string) {
  await file.body.cancel();
  return { url, filename: file.filename, contentType: file.contentType };
}

/** JSON has no NaN or Infinity: they travel as words, as the MetricValue scalar sends them. */
const jsonMetric = (value: number) => (Number.isFinite(value) ? value : String(value));

export const analysisResolvers: Resolvers = {
  MetricSeries: {
    columns: (series) => ({
      steps: series.points.map((point) => Number(point.step)),
      timestamps: series.points.map((point) => Number(point.timestamp)),
      values: series.points.map((point) => jsonMetric(point.value)),
    }),
  },
  Project: {
    runWindow: async (project, args, context) => {
      const window = await listRunWindow(context.principal, {
        projectId: project.id,
        filter: args.filter,
        orderBy: args.orderBy,
        quick: quick(args.quick),
        group: args.group ? { by: args.group.by, value: args.group.value ?? null } : null,
        offset: args.offset ?? 0,
        limit: args.limit ?? 100,
        viewType: args.viewType ?? 'ACTIVE_ONLY',
      });
      return { totalCount: window.totalCount, offset: window.offset, runs: await loadRunsInOrder(context, window.runIds) };
    },
    runFacets: (project, _args, { principal }) => getRunFacets(principal, { projectId: project.id }),
    runGroups: (project, args, { principal }) =>
      groupRuns(principal, {
        projectId: project.id,
        by: args.by,
        metricKeys: args.metricKeys,
        filter: args.filter,
        quick: quick(args.quick),
        viewType: args.viewType ?? 'ACTIVE_ONLY',
      }),
    runCount: async (project, _args, context) => (await activity(project, context))?.runCount ?? 0,
    lastActivityAt: async (project, _args, context) => (await activity(project, context))?.lastActivityAt ?? null,
    contributors: async (project, _args, context) => {
      const ids = (await activity(project, context))?.contributorIds ?? [];
      const users = await context.loaders.userById.loadMany(ids);
      return users.filter((user) => !!user && !(user instanceof Error)) as { id: string; email: string; name: string | null }[];
    },
    viewerPreferences: (project, _args, { principal }) => getProjectPreferences(principal, { projectId: project.id }),
  },
  RunComparison: {
    // compareRuns authorized every compared run (readableRun): their series are read without a second check.
    histories: async (comparison, { keys, maxPoints }) => {
      const charted = keys ?? defaultChartMetrics(comparison.metrics);
      if (charted.length === 0) return [];
      return chartSeries('authorized', comparison.runs.map((run) => run.id), charted, maxPoints);
    },
  },
  Query: {
    metricHistories: (_root, { runIds, keys, maxPoints }, { principal }) => chartSeries(principal, runIds, keys, maxPoints),
    runsExport: async (_root, { input }, { principal }) => {
      const format = input.format === 'PARQUET' ? 'parquet' : 'csv';
      const request = {
        projectId: input.projectId,
        format,
        columns: input.columns ?? [],
        filter: input.filter,
        orderBy: input.orderBy,
        quick: quick(input.quick),
        viewType: input.viewType ?? 'ACTIVE_ONLY',
      } as const;
      return describe(await exportRuns(principal, request), runsExportUrl(request));
    },
    metricHistoryExport: async (_root, { runId, keys }, { principal }) =>
      describe(await exportMetricHistory(principal, { runId, keys }), metricHistoryExportUrl(runId, keys)),
  },
  Mutation: {
    saveProjectPreferences: (_root, { input }, { principal }) => {
      if (input.runsTable === undefined && input.chartPanels === undefined) throw badInput('Give runsTable or chartPanels to save');
      return saveProjectPreferences(principal, {
        projectId: input.projectId,
        ...(input.runsTable !== undefined ? { runsTable: input.runsTable as never } : {}),
        ...(input.chartPanels !== undefined ? { chartPanels: input.chartPanels as never } : {}),
      });
    },
  },
};
