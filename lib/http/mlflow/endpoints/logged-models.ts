// MLflow 3 logged models: what `mlflow.<flavor>.log_model` calls on an MLflow 3 client
// (create, get, finalize, params, tags, and runs/outputs), and what it calls to find, tidy
// and remove them (search, delete, delete tag). Model files go through the artifact proxy
// under the returned artifact_uri, inside the source run's artifact root.
import { z } from 'zod';
import { createLoggedModel } from '../../../tracking/models/create-logged-model.ts';
import { deleteLoggedModel } from '../../../tracking/models/delete-logged-model.ts';
import { deleteLoggedModelTag } from '../../../tracking/models/delete-logged-model-tag.ts';
import { finalizeLoggedModel } from '../../../tracking/models/finalize-logged-model.ts';
import { getLoggedModel } from '../../../tracking/models/get-logged-model.ts';
import { logLoggedModelParams } from '../../../tracking/models/log-logged-model-params.ts';
import { logOutputs } from '../../../tracking/models/log-outputs.ts';
import { searchLoggedModels } from '../../../tracking/models/search-logged-models.ts';
import { setLoggedModelTags } from '../../../tracking/models/set-logged-model-tags.ts';
import { command, endpoint } from '../endpoint.ts';
import { bool, int64, keyValue, loggedModelStatus, requiredString, wireLoggedModel, wirePage } from '../wire.ts';
import { runCommand } from './run-id.ts';

const modelId = requiredString('model_id');

export const loggedModelEndpoints = [
  endpoint({
    method: 'POST',
    path: 'logged-models',
    schema: z.object({
      experiment_id: requiredString('experiment_id'),
      name: z.string().optional(),
      model_type: z.string().optional(),
      source_run_id: z.string().optional(),
      params: z.array(keyValue).default([]),
      tags: z.array(keyValue).default([]),
    }),
    async handle(ctx, input) {
      const model = await createLoggedModel(ctx.principal, {
        projectId: await ctx.projectId(input.experiment_id),
        sourceRunId: input.source_run_id,
        name: input.name,
        modelType: input.model_type,
        params: input.params,
        tags: input.tags,
      });
      return { model: wireLoggedModel(model) };
    },
  }),
  endpoint({
    method: 'GET',
    path: 'logged-models/{model_id}',
    schema: z.object({ model_id: modelId }),
    async handle(ctx, input) {
      return { model: wireLoggedModel(await getLoggedModel(ctx.principal, { modelId: input.model_id })) };
    },
  }),
  endpoint({
    method: 'PATCH',
    path: 'logged-models/{model_id}',
    schema: z.object({ model_id: modelId, status: loggedModelStatus }),
    async handle(ctx, input) {
      return { model: wireLoggedModel(await finalizeLoggedModel(ctx.principal, { modelId: input.model_id, status: input.status })) };
    },
  }),
  endpoint({
    method: 'PATCH',
    path: 'logged-models/{model_id}/tags',
    schema: z.object({ model_id: modelId, tags: z.array(keyValue).default([]) }),
    async handle(ctx, input) {
      return { model: wireLoggedModel(await setLoggedModelTags(ctx.principal, { modelId: input.model_id, tags: input.tags })) };
    },
  }),
  command('DELETE', 'logged-models/{model_id}', z.object({ model_id: modelId }), (ctx, input) =>
    deleteLoggedModel(ctx.principal, { modelId: input.model_id }),
  ),
  command('DELETE', 'logged-models/{model_id}/tags/{tag_key}', z.object({ model_id: modelId, tag_key: requiredString('tag_key') }), (ctx, input) =>
    deleteLoggedModelTag(ctx.principal, { modelId: input.model_id, key: input.tag_key }),
  ),
  command('POST', 'logged-models/{model_id}/params', z.object({ model_id: modelId, params: z.array(keyValue).default([]) }), (ctx, input) =>
    logLoggedModelParams(ctx.principal, { modelId: input.model_id, params: input.params }),
  ),
  endpoint({
    method: 'POST',
    path: 'logged-models/search',
    schema: z.object({
      experiment_ids: z.array(z.union([z.string(), z.number().int()]).transform(String)).default([]),
      filter: z.string().optional(),
      // Metric filters on datasets: Cairn keeps no logged-model metrics (see logged-model-filter.ts).
      datasets: z.array(z.object({ dataset_name: z.string().optional(), dataset_digest: z.string().optional() })).default([]),
      max_results: int64.optional(),
      order_by: z
        .array(z.object({ field_name: requiredString('order_by.field_name'), ascending: bool.optional(), dataset_name: z.string().optional(), dataset_digest: z.string().optional() }))
        .default([]),
      page_token: z.string().optional(),
    }),
    async handle(ctx, input) {
      const projectIds = await Promise.all([...new Set(input.experiment_ids)].map((id) => ctx.projectId(id)));
      const result = await searchLoggedModels(ctx.principal, {
        teamId: await ctx.teamId(),
        projectIds,
        filter: input.filter || null,
        orderBy: input.order_by,
        maxResults: input.max_results,
        pageToken: input.page_token || null,
      });
      return wirePage('models', result.models.map(wireLoggedModel), result.nextPageToken);
    },
  }),
  runCommand('runs/outputs', { models: z.array(z.object({ model_id: modelId, step: int64.default(0) })).default([]) }, (principal, runId, input) =>
    logOutputs(principal, { runId, models: input.models.map((m) => ({ modelId: m.model_id, step: m.step })) }),
  ),
];
