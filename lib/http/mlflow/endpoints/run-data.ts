// MLflow endpoints that log or read a run's data: metrics, params, tags, batches, dataset
// inputs, models, metric history and the artifact listing. Key rules and limits are
// lib/tracking/validation.ts's (through logBatch); the schemas here only read the wire format.
import { z } from 'zod';
import { listArtifacts } from '../../../tracking/artifacts/list-artifacts.ts';
import { logInputs } from '../../../tracking/datasets/log-inputs.ts';
import { logModel } from '../../../tracking/models/log-model.ts';
import { deleteTag } from '../../../tracking/run-data/delete-tag.ts';
import { getMetricHistory } from '../../../tracking/run-data/get-metric-history.ts';
import { logBatch, logMetric, logParam, setTag } from '../../../tracking/run-data/log-batch.ts';
import { endpoint } from '../endpoint.ts';
import { double, int64, nonEmpty, requiredString, wireMetric, wirePage } from '../wire.ts';
import { runCommand, runIdSchema } from './run-id.ts';

const metricSchema = z.object({
  key: requiredString('key'),
  value: double,
  timestamp: int64,
  step: int64.default(0),
});
const paramSchema = z.object({ key: requiredString('key'), value: z.string().default('') });
const tagSchema = paramSchema;

export const runDataEndpoints = [
  runCommand('runs/log-metric', metricSchema.shape, (principal, runId, metric) => logMetric(principal, { runId, ...metric })),
  runCommand('runs/log-parameter', paramSchema.shape, (principal, runId, param) => logParam(principal, { runId, ...param })),
  runCommand('runs/set-tag', tagSchema.shape, (principal, runId, tag) => setTag(principal, { runId, ...tag })),
  runCommand('runs/delete-tag', { key: requiredString('key') }, (principal, runId, input) => deleteTag(principal, { runId, key: input.key })),
  runCommand(
    'runs/log-batch',
    { metrics: z.array(metricSchema).default([]), params: z.array(paramSchema).default([]), tags: z.array(tagSchema).default([]) },
    (principal, runId, batch) => logBatch(principal, { runId, ...batch }),
  ),
  // logInputs validates the dataset and model entries (MLflow's field names and limits).
  runCommand('runs/log-inputs', { datasets: z.array(z.unknown()).default([]), models: z.array(z.unknown()).default([]) }, (principal, runId, input) =>
    logInputs(principal, { runId, datasets: input.datasets as never, models: input.models as never }),
  ),
  runCommand('runs/log-model', { model_json: requiredString('model_json') }, (principal, runId, input) =>
    logModel(principal, { runId, modelJson: input.model_json }),
  ),
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
      return wirePage('metrics', page.metrics.map((m) => wireMetric({ ...m, key: input.metric_key })), page.nextPageToken);
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
        ...nonEmpty(
          'files',
          listing.files.map((f) => ({
            path: f.path,
            is_dir: f.isDir,
            ...(f.isDir || f.fileSize === undefined || f.fileSize === null ? {} : { file_size: Number(f.fileSize) }),
          })),
        ),
      };
    },
  }),
];
