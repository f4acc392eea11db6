// MLflow endpoints that log or read a run's data: metrics, params, tags, batches, dataset
// inputs, models, metric history and the artifact listing.
import { z } from 'zod';
import { listArtifacts } from '../../../tracking/artifacts/list-artifacts.ts';
import { logInputs } from '../../../tracking/datasets/log-inputs.ts';
import { logModel } from '../../../tracking/models/log-model.ts';
import { deleteTag } from '../../../tracking/run-data/delete-tag.ts';
import { getMetricHistory } from '../../../tracking/run-data/get-metric-history.ts';
import { logBatch } from '../../../tracking/run-data/log-batch.ts';
import { endpoint } from '../endpoint.ts';
import { double, int64, requiredString, wireMetric } from '../wire.ts';
import { runIdSchema } from './run-id.ts';

const metricSchema = z.object({
  key: requiredString('key'),
  value: double,
  timestamp: int64,
  step: int64.default(0),
});
const paramSchema = z.object({ key: requiredString('key'), value: z.string().default('') });
const tagSchema = paramSchema;

export const runDataEndpoints = [
  endpoint({
    method: 'POST',
    path: 'runs/log-metric',
    schema: runIdSchema(metricSchema.shape),
    async handle(ctx, input) {
      const { run_id, key, value, timestamp, step } = input;
      await logBatch(ctx.principal, { runId: run_id, metrics: [{ key, value, timestamp, step }], params: [], tags: [] });
      return {};
    },
  }),
  endpoint({
    method: 'POST',
    path: 'runs/log-parameter',
    schema: runIdSchema(paramSchema.shape),
    async handle(ctx, input) {
      await logBatch(ctx.principal, { runId: input.run_id, metrics: [], params: [{ key: input.key, value: input.value }], tags: [] });
      return {};
    },
  }),
  endpoint({
    method: 'POST',
    path: 'runs/set-tag',
    schema: runIdSchema(tagSchema.shape),
    async handle(ctx, input) {
      await logBatch(ctx.principal, { runId: input.run_id, metrics: [], params: [], tags: [{ key: input.key, value: input.value }] });
      return {};
    },
  }),
  endpoint({
    method: 'POST',
    path: 'runs/delete-tag',
    schema: runIdSchema({ key: requiredString('key') }),
    async handle(ctx, input) {
      await deleteTag(ctx.principal, { runId: input.run_id, key: input.key });
      return {};
    },
  }),
  endpoint({
    method: 'POST',
    path: 'runs/log-batch',
    schema: runIdSchema({
      metrics: z.array(metricSchema).default([]),
      params: z.array(paramSchema).default([]),
      tags: z.array(tagSchema).default([]),
    }),
    async handle(ctx, input) {
      await logBatch(ctx.principal, { runId: input.run_id, metrics: input.metrics, params: input.params, tags: input.tags });
      return {};
    },
  }),
  endpoint({
    method: 'POST',
    path: 'runs/log-inputs',
    schema: runIdSchema({ datasets: z.array(z.unknown()).default([]) }),
    async handle(ctx, input) {
      // logInputs validates the dataset entries (MLflow's field names and limits).
      await logInputs(ctx.principal, { runId: input.run_id, datasets: input.datasets as never });
      return {};
    },
  }),
  endpoint({
    method: 'POST',
    path: 'runs/log-model',
    schema: runIdSchema({ model_json: requiredString('model_json') }),
    async handle(ctx, input) {
      await logModel(ctx.principal, { runId: input.run_id, modelJson: input.model_json });
      return {};
    },
  }),
  endpoint({
    method: 'GET',
    path: 'metrics/get-history',
    schema: runIdSchema({ metric_key: requiredString('metric_key'), page_token: z.string().optional(), max_results: int64.optional() }),
    async handle(ctx, input) {
      const page = await getMetricHistory(ctx.principal, {
        runId: input.run_id,
        key: input.metric_key,
        maxResults: input.max_results,
        pageToken: input.page_token || undefined,
      });
      return {
        ...(page.metrics.length ? { metrics: page.metrics.map((m) => wireMetric({ ...m, key: input.metric_key })) } : {}),
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    },
  }),
  endpoint({
    method: 'GET',
    path: 'artifacts/list',
    schema: runIdSchema({ path: z.string().optional(), page_token: z.string().optional() }),
    async handle(ctx, input) {
      const listing = await listArtifacts(ctx.principal, { runId: input.run_id, path: input.path || undefined });
      return {
        root_uri: listing.rootUri,
        ...(listing.files.length
          ? {
              files: listing.files.map((f) => ({
                path: f.path,
                is_dir: f.isDir,
                ...(f.isDir || f.fileSize === undefined || f.fileSize === null ? {} : { file_size: Number(f.fileSize) }),
              })),
            }
          : {}),
      };
    },
  }),
];
