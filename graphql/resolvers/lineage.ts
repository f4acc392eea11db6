// Lineage for external tools: traversals from any node, the questions people ask (a version's
// training data, a dataset's blast radius, runs per digest, the prediction audit), the
// reproducibility report, and declared edges. Thin: lib/lineage does the work and the
// authorization; loaders batch what a page of parents needs. A share link reaches none of it.
import { authorizeRow, type Principal } from '../../lib/authz/index.ts';
import { notFound } from '../../lib/errors.ts';
import { auditPrediction } from '../../lib/lineage/audit-prediction.ts';
import { listDatasets, listDatasetDigests, loadDatasetFor } from '../../lib/lineage/dataset-usage.ts';
import { declareInference } from '../../lib/lineage/declare-inference.ts';
import { declareLineage, removeDeclaredLineage } from '../../lib/lineage/declare-lineage.ts';
import { listLineageJobIds } from '../../lib/lineage/list-lineage-jobs.ts';
import { datasetNode, jobNode, runNode, versionNode } from '../../lib/lineage/node-key.ts';
import { loadLineageNodeFor, traverseLineage } from '../../lib/lineage/traverse-lineage.ts';
import { neighbourIds } from '../loaders/lineage.ts';
import type { GraphQLContext } from '../context.ts';
import type { LineageDirection, LineageNodeKind, Resolvers } from '../generated/resolvers-types.ts';
import type { DatasetModel, LineageGraphModel, LineageJobModel } from '../mappers.ts';
import { decodeCursor, pageSize, toConnection } from '../pagination.ts';
import { loadUser } from './shared.ts';
import { versionFilesPath } from '../../lib/registry/version-files-path.ts';
import { lineageNodePath } from '../../lib/lineage/node-paths.ts';

type LineageArgs = { direction?: LineageDirection | null; depth?: number | null; kinds?: LineageNodeKind[] | null; limit?: number | null };

const traverse = (principal: Principal, nodeId: string, args: LineageArgs) =>
  traverseLineage(principal, { nodeId, direction: args.direction ?? undefined, depth: args.depth ?? undefined, kinds: args.kinds ?? undefined, limit: args.limit ?? undefined });

/** Lineage fields of rows the caller already read: NOT_FOUND for a share link, which reaches no lineage. */
function requireLineage(context: GraphQLContext, teamId: string, nodeId: string): void {
  authorizeRow(context.principal, 'team:read', teamId, 'Lineage', nodeId);
}

/** A dataset with its team (those of a run's inputs come without it). */
async function fullDataset(context: GraphQLContext, dataset: DatasetModel) {
  if (dataset.teamId) return dataset;
  return context.loaders.datasetById.load(dataset.id);
}

async function datasetTeam(context: GraphQLContext, dataset: DatasetModel): Promise<string> {
  const full = await fullDataset(context, dataset);
  if (!full?.teamId) throw notFound('Lineage', datasetNode(dataset.id));
  requireLineage(context, full.teamId, datasetNode(dataset.id));
  return full.teamId;
}

/** What a loadMany found and the caller may read. */
function present<T>(values: readonly (T | Error | null)[]): T[] {
  return values.filter((v): v is T => v !== null && !(v instanceof Error));
}

const readableVersions = async (context: GraphQLContext, ids: readonly string[]) => present(await context.loaders.versionById.loadMany(ids));
const readableDatasets = async (context: GraphQLContext, ids: readonly string[]) => present(await context.loaders.datasetById.loadMany(ids));

/** Node ids at the other end of `node`'s edges of `kind`, in the given direction. */
async function neighbours(context: GraphQLContext, teamId: string, node: string, kind: string, side: 'from' | 'to', prefix: string): Promise<string[]> {
  return neighbourIds(await context.loaders.edgesAround.load(`${teamId}|${node}`), node, kind, side, prefix);
}

export const lineageResolvers: Resolvers = {
  Query: {
    lineage: (_root, args, context) => traverse(context.principal, args.nodeId, args),
    lineageNode: async (_root, { id }, context) => ({ ...(await loadLineageNodeFor(context.principal, id)), depth: 0, direction: 'START' }),
    dataset: (_root, { id }, context) => loadDatasetFor(context.principal, id),
    lineageJob: async (_root, { id }, context) => {
      const job = await context.loaders.jobById.load(id);
      authorizeRow(context.principal, 'team:read', job?.teamId, 'Job', id);
      return job!;
    },
    predictionAudit: (_root, { runId }, context) => {
      return auditPrediction(context.principal, { runId });
    },
  },
  Mutation: {
    declareLineage: async (_root, { input }, context) => {
      const edge = await declareLineage(context.principal, { kind: input.kind, from: input.from, to: input.to, note: input.note });
      return { from: edge.from, to: edge.to, kind: edge.kind, teamId: edge.teamId };
    },
    declareInference: async (_root, { input }, context) => {
      const declared = await declareInference(context.principal, {
        runId: input.runId,
        modelVersionIds: input.modelVersionIds,
        inputDatasetIds: input.inputDatasetIds ?? [],
        predictionDatasetIds: input.predictionDatasetIds ?? [],
        predictions: (input.predictions ?? []).map((p) => ({ ...p, sourceType: p.sourceType ?? undefined })),
      });
      return auditPrediction(context.principal, { runId: declared.runId });
    },
    removeLineage: (_root, { edgeId }, context) => removeDeclaredLineage(context.principal, { edgeId }),
  },
  LineageGraph: {
    start: (graph) => graph.start,
    nodes: (graph) => graph.nodes,
    edges: (graph: LineageGraphModel) => graph.edges.map((hop) => ({ ...hop, teamId: graph.start.teamId! })),
  },
  LineageNode: {
    id: (node) => node.key,
    side: (node) => node.direction,
    url: async (node, _args, context) => {
      const team = node.teamId ? await context.loaders.teamById.load(node.teamId) : null;
      return team ? lineageNodePath(team.slug, node) : null;
    },
    run: (node, _args, context) => (node.kind === 'RUN' && !node.page ? null : node.kind === 'RUN' ? context.loaders.runById.load(node.id) : null),
    dataset: (node, _args, context) => (node.kind === 'DATASET' ? context.loaders.datasetById.load(node.id) : null),
    modelVersion: (node, _args, context) => (node.kind === 'MODEL_VERSION' ? context.loaders.versionById.load(node.id) : null),
    job: (node, _args, context) => (node.kind === 'JOB' ? context.loaders.jobById.load(node.id) : null),
  },
  LineageEdge: {
    id: async (edge, _args, context) => (await edgeDetailsOf(context, edge)).id,
    origin: async (edge, _args, context) => (await edgeDetailsOf(context, edge)).origin as never,
    properties: async (edge, _args, context) => (await edgeDetailsOf(context, edge)).properties,
    recordedAt: async (edge, _args, context) => (await edgeDetailsOf(context, edge)).createdAt,
    recordedBy: async (edge, _args, context) => loadUser(context, (await edgeDetailsOf(context, edge)).createdById),
  },
  LineageJob: {
    facets: (job) => job.facets ?? {},
    inputs: async (job, _args, context) => readableDatasets(context, await neighbours(context, job.teamId, jobNode(job.id), 'INPUT', 'from', 'dataset:')),
    outputs: async (job, _args, context) => readableDatasets(context, await neighbours(context, job.teamId, jobNode(job.id), 'OUTPUT', 'to', 'dataset:')),
    lineage: (job, args, context) => traverse(context.principal, jobNode(job.id), args),
  },
  TrainingData: {
    dataset: async (row, _args, context) => (await context.loaders.datasetById.load(row.datasetId)) ?? Promise.reject(notFound('Dataset', row.datasetId)),
    run: async (row, _args, context) => (await context.loaders.runById.load(row.runId)) ?? Promise.reject(notFound('Run', row.runId)),
    viaVersion: async (row, _args, context) => (await context.loaders.versionById.load(row.viaVersionId)) ?? Promise.reject(notFound('Model version', row.viaVersionId)),
  },
  DatasetDigest: {
    digest: (usage) => usage.dataset.digest,
    runs: async (usage, _args, context) => present(await context.loaders.runById.loadMany(usage.runIds)),
    modelVersions: (usage, _args, context) => readableVersions(context, usage.versionIds),
    jobs: async (usage, _args, context) => present(await context.loaders.jobById.loadMany(usage.jobIds)),
  },
  DownstreamModelVersion: {
    modelVersion: async (row, _args, context) => (await context.loaders.versionById.load(row.versionId))!,
  },
  PredictionAudit: {
    run: async (audit, _args, context) => (await context.loaders.runById.load(audit.runId)) ?? Promise.reject(notFound('Run', audit.runId)),
    modelVersions: (audit, _args, context) => readableVersions(context, audit.modelVersionIds),
    inputs: (audit, _args, context) => readableDatasets(context, audit.inputs),
    predictions: (audit, _args, context) => readableDatasets(context, audit.outputs),
    trainingData: (audit) => audit.trainingData,
  },
  Dataset: {
    nodeId: (dataset) => datasetNode(dataset.id),
    location: async (dataset, _args, context) => (dataset.location !== undefined ? dataset.location : ((await fullDataset(context, dataset))?.location ?? null)),
    facets: async (dataset, _args, context) => (dataset.facets !== undefined ? dataset.facets : ((await fullDataset(context, dataset))?.facets ?? null)),
    createdAt: async (dataset, _args, context) => dataset.createdAt ?? (await fullDataset(context, dataset))?.createdAt ?? null,
    digests: async (dataset, _args, context) => {
      await datasetTeam(context, dataset);
      return listDatasetDigests(context.principal, { datasetId: dataset.id });
    },
    runs: async (dataset, _args, context) => {
      await datasetTeam(context, dataset);
      const ids = await context.loaders.runIdsByDataset.load(dataset.id);
      return present(await context.loaders.runById.loadMany(ids));
    },
    downstreamModelVersions: async (dataset, { stages }, context) => {
      const teamId = await datasetTeam(context, dataset);
      const found = await context.loaders.downstreamVersions.load(`${teamId}|${dataset.id}`);
      const versions = new Map((await readableVersions(context, found.map((f) => f.versionId))).map((v) => [v.id, v]));
      return found.filter((f) => versions.has(f.versionId) && (!stages?.length || stages.includes(versions.get(f.versionId)!.stage)));
    },
    lineage: async (dataset, args, context) => {
      await datasetTeam(context, dataset);
      return traverse(context.principal, datasetNode(dataset.id), args);
    },
  },
  Run: {
    nodeId: (run) => runNode(run.id),
    lineage: (run, args, context) => traverse(context.principal, runNode(run.id), args),
    reproducibility: async (run, _args, context) => {
      requireLineage(context, run.teamId, runNode(run.id));
      return (await context.loaders.reproducibility.load(run.id)) ?? Promise.reject(notFound('Run', run.id));
    },
    outputs: async (run, _args, context) => {
      requireLineage(context, run.teamId, runNode(run.id));
      return readableDatasets(context, await neighbours(context, run.teamId, runNode(run.id), 'OUTPUT', 'to', 'dataset:'));
    },
    usedModelVersions: async (run, _args, context) => {
      requireLineage(context, run.teamId, runNode(run.id));
      return readableVersions(context, await neighbours(context, run.teamId, runNode(run.id), 'MODEL_INPUT', 'from', 'model_version:'));
    },
  },
  ModelVersion: {
    nodeId: (version) => versionNode(version.id),
    lineage: (version, args, context) => traverse(context.principal, versionNode(version.id), args),
    trainingData: async (version, _args, context) => {
      requireLineage(context, version.teamId, versionNode(version.id));
      return context.loaders.trainingData.load(`${version.teamId}|${version.id}`);
    },
    fineTunedFrom: async (version, _args, context) => {
      requireLineage(context, version.teamId, versionNode(version.id));
      return readableVersions(context, await neighbours(context, version.teamId, versionNode(version.id), 'FINE_TUNED', 'from', 'model_version:'));
    },
    fineTunedInto: async (version, _args, context) => {
      requireLineage(context, version.teamId, versionNode(version.id));
      return readableVersions(context, await neighbours(context, version.teamId, versionNode(version.id), 'FINE_TUNED', 'to', 'model_version:'));
    },
    reproducibility: async (version, _args, context) => {
      requireLineage(context, version.teamId, versionNode(version.id));
      if (!version.runId) return null;
      const prefix = versionFilesPath(version);
      return context.loaders.reproducibility.load(prefix ? `${version.runId}|${prefix}` : version.runId);
    },
  },
  Team: {
    datasets: async (team, { name, digest, search, first, after }, context) => {
      const offset = Number(decodeCursor(after) ?? 0) || 0;
      const size = pageSize(first, 100, 1000);
      const page = await listDatasets(context.principal, { teamId: team.id, name, digest, search, first: size, offset });
      return toConnection(page.rows, page.hasMore, (_row, i) => String(offset + i + 1));
    },
    lineageJobs: async (team, { first }, context) => {
      const ids = await listLineageJobIds(context.principal, { teamId: team.id, first: pageSize(first, 100, 1000) });
      return present(await context.loaders.jobById.loadMany(ids));
    },
  },
};

async function edgeDetailsOf(context: GraphQLContext, edge: { from: string; to: string; kind: string; teamId: string }) {
  const details = await context.loaders.edgeDetails.load(`${edge.teamId}|${edge.from} ${edge.kind} ${edge.to}`);
  if (!details) throw notFound('Lineage edge', `${edge.from} ${edge.kind} ${edge.to}`);
  return details;
}
