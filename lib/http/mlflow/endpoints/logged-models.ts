// MLflow 3 logged models: what `mlflow.<flavor>.log_model` calls on an MLflow 3 client
// (create, get, finalize, tags, and runs/outputs). Model files go through the artifact
// proxy under the returned artifact_uri, inside the source run's artifact root.
import { z } from 'zod';
import { createLoggedModel } from '../../../tracking/models/create-logged-model.ts';
import { finalizeLoggedModel } from '../../../tracking/models/finalize-logged-model.ts';
import { getLoggedModel } from '../../../tracking/models/get-logged-model.ts';
import { logOutputs } from '../../../tracking/models/log-outputs.ts';
import { setLoggedModelTags } from '../../../tracking/models/set-logged-model-tags.ts';
import { endpoint } from '../endpoint.ts';
import { int64, keyValue, loggedModelStatus, requiredString, wireLoggedModel } from '../wire.ts';
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
  runCommand('runs/outputs', { models: z.array(z.object({ model_id: modelId, step: int64.default(0) })).default([]) }, (principal, runId, input) =>
    logOutputs(principal, { runId, modelIds: input.models.map((m) => m.model_id) }),
  ),
];
