// Runs: search through Project.runs, run fields through the request's DataLoaders (a page
// of runs costs a constant number of queries), mutations through lib/tracking use cases.
import { artifactPathVisible, authorizeRow } from '../../lib/authz/index.ts';
import { notFound } from '../../lib/errors.ts';
import { logBatch } from '../../lib/tracking/run-data/log-batch.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { deleteRun } from '../../lib/tracking/runs/delete-run.ts';
import { getRun } from '../../lib/tracking/runs/get-run.ts';
import { getRunPage } from '../../lib/tracking/runs/get-run-page.ts';
import { restoreRun } from '../../lib/tracking/runs/restore-run.ts';
import { updateRun } from '../../lib/tracking/runs/update-run.ts';
import type { RunView } from '../../lib/tracking/runs/run-view.ts';
import { searchRuns } from '../../lib/tracking/search/search-runs.ts';
import { isSystemTag } from '../../lib/tracking/system-tags.ts';
import type { GraphQLContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import type { RunModel } from '../mappers.ts';
import { decodeCursor, pageSize, toConnection } from '../pagination.ts';
import { primeRunPage, runPageParts } from '../loaders/run-page.ts';
import { selectedFieldNames } from '../selected-fields.ts';
import { compareRuns } from './compare-runs.ts';
import { metricHistory } from './metric-history.ts';
import { loadUser } from './shared.ts';

export const MAX_RUNS_PAGE = 1000;

/** Seeds the request's loaders with data a use case already returned, so fields do not query again. */
function primeRunView(context: GraphQLContext, view: RunView): RunModel {
  context.loaders.runById.prime(view.id, view);
  context.loaders.runDataById.prime(view.id, view);
  return view;
}

/** Reads a run fresh after a write (the loader may hold the state from before it). */
async function reloadRun(context: GraphQLContext, runId: string): Promise<RunModel> {
  context.loaders.runById.clear(runId);
  context.loaders.runDataById.clear(runId);
  return primeRunView(context, await getRun(context.principal, { runId }));
}

/** The run's data (params, tags, metrics, inputs), batched with every other run in the response. */
async function runData(run: RunModel, context: GraphQLContext): Promise<RunView> {
  const data = await context.loaders.runDataById.load(run.id);
  if (!data) throw notFound('Run', run.id);
  return data;
}

/** Runs whose ids a search authorized and ordered, with their data in one batch, in that order. */
export async function loadRunsInOrder(context: GraphQLContext, runIds: readonly string[]): Promise<RunModel[]> {
  const runs = (await context.loaders.runDataById.loadMany(runIds)).filter((run): run is RunView => !!run && !(run instanceof Error));
  return runs.map((run) => primeRunView(context, run));
}

async function systemFields(run: RunModel, context: GraphQLContext) {
  return (await runData(run, context)).system;
}

export const runResolvers: Resolvers = {
  Project: {
    runs: async (project, { first, after, filter, orderBy, viewType }, context) => {
      const result = await searchRuns(context.principal, {
        teamId: project.teamId,
        projectIds: [project.id],
        filter: filter ?? undefined,
        orderBy: orderBy ?? undefined,
        maxResults: pageSize(first, 50, MAX_RUNS_PAGE),
        pageToken: decodeCursor(after) ?? undefined,
        viewType: viewType ?? 'ACTIVE_ONLY',
      });
      const runs = await loadRunsInOrder(context, result.runIds);
      // Search pages by token: the last edge carries the token of the next page.
      return toConnection(runs, !!result.nextPageToken, (run) => `run:${run.id}`, result.nextPageToken);
    },
  },
  Query: {
    run: async (_root, { id }, context, info) => {
      // The fields' data comes in the run's own statement (the run page: one round trip).
      const fields = selectedFieldNames(info);
      const parts = runPageParts(fields);
      if (parts.size === 0) return primeRunView(context, await getRun(context.principal, { runId: id }));
      return primeRunPage(context, await getRunPage(context.principal, { runId: id, parts }), fields);
    },
    metricHistory: (_root, { runId, key, maxPoints }, context) => metricHistory.downsampled(context, runId, key, maxPoints),
    metricHistoryPage: (_root, { runId, key, first, after }, context) => metricHistory.page(context, runId, key, first, after),
    compareRuns: (_root, { runIds }, context) => compareRuns(context, runIds),
  },
  Run: {
    project: async (run, _args, context) => {
      const project = await context.loaders.projectById.load(run.projectId);
      if (!project) throw notFound('Experiment', String(run.projectId));
      return project;
    },
    params: async (run, _args, context) => (await runData(run, context)).params,
    tags: async (run, { includeSystem }, context) => {
      const { tags } = await runData(run, context);
      return includeSystem === false ? tags.filter((tag) => !isSystemTag(tag.key)) : tags;
    },
    latestMetrics: async (run, _args, context) => (await runData(run, context)).metrics,
    datasets: async (run, _args, context) => (await runData(run, context)).inputs,
    artifacts: (run, _args, context) => {
      authorizeRow(context.principal, 'artifact:read', run.teamId, 'Run', run.id);
      // A model version's share link shows the version's files only.
      return context.loaders.artifactsByRun.load(run.id).then((files) => files.filter((file) => artifactPathVisible(context.principal, file.path)));
    },
    author: (run, _args, context) => loadUser(context, run.authorId),
    user: async (run, _args, context) => (await systemFields(run, context)).user ?? run.authorEmail,
    codeVersion: async (run, _args, context) => (await systemFields(run, context)).codeVersion,
    gitBranch: async (run, _args, context) => (await systemFields(run, context)).gitBranch,
    gitRepoUrl: async (run, _args, context) => (await systemFields(run, context)).gitRepoUrl,
    entryPoint: async (run, _args, context) => (await systemFields(run, context)).entryPoint,
    sourceName: async (run, _args, context) => (await systemFields(run, context)).sourceName,
    sourceType: async (run, _args, context) => (await systemFields(run, context)).sourceType,
    note: async (run, _args, context) => (await systemFields(run, context)).note,
    parent: (run, _args, context) => (run.parentRunId ? context.loaders.runById.load(run.parentRunId) : null),
    children: (run, _args, context) => context.loaders.childrenByRun.load(run.id),
    metricHistory: (run, { key, maxPoints }) => metricHistory.ofRun(run.id, key, maxPoints),
  },
  Mutation: {
    createRun: async (_root, { input }, context) => {
      const view = await createRun(context.principal, {
        projectId: input.projectId,
        runName: input.name,
        startTime: input.startTime != null ? BigInt(input.startTime) : null,
        tags: input.tags ?? [],
      });
      return primeRunView(context, view);
    },
    updateRun: async (_root, { input }, context) => {
      await updateRun(context.principal, {
        runId: input.id,
        status: input.status,
        endTime: input.endTime != null ? BigInt(input.endTime) : null,
        runName: input.name,
      });
      return reloadRun(context, input.id);
    },
    deleteRun: async (_root, { id }, context) => {
      await deleteRun(context.principal, { runId: id });
      return reloadRun(context, id);
    },
    restoreRun: async (_root, { id }, context) => {
      await restoreRun(context.principal, { runId: id });
      return reloadRun(context, id);
    },
    logBatch: async (_root, { input }, context) => {
      const now = Date.now();
      await logBatch(context.principal, {
        runId: input.runId,
        metrics: (input.metrics ?? []).map((metric) => ({
          key: metric.key,
          value: metric.value,
          timestamp: metric.timestamp != null ? BigInt(metric.timestamp) : BigInt(now),
          step: metric.step != null ? BigInt(metric.step) : 0n,
        })),
        params: input.params ?? [],
        tags: input.tags ?? [],
      });
      return reloadRun(context, input.runId);
    },
  },
};
