// The MLflow Model Registry REST API (mlflow/protos/model_registry.proto): registered models,
// versions, stages, aliases, tags and searches, by model name in the caller's team. Thin: each
// endpoint parses MLflow's request, calls one lib/registry use case and writes MLflow's response.
// Cairn extension: transition-stage, alias set and alias delete accept an optional `comment`
// (the "why" of the history).
import { z } from 'zod';
import { createModelVersion } from '../../../registry/create-model-version.ts';
import { createRegisteredModel } from '../../../registry/create-registered-model.ts';
import { deleteModelAlias } from '../../../registry/delete-model-alias.ts';
import { deleteModelVersion } from '../../../registry/delete-model-version.ts';
import { deleteModelVersionTag } from '../../../registry/delete-model-version-tag.ts';
import { deleteRegisteredModel } from '../../../registry/delete-registered-model.ts';
import { deleteRegisteredModelTag } from '../../../registry/delete-registered-model-tag.ts';
import { getLatestVersions } from '../../../registry/get-latest-versions.ts';
import { getModelVersion } from '../../../registry/get-model-version.ts';
import { getModelVersionByAlias } from '../../../registry/get-model-version-by-alias.ts';
import { getModelVersionDownloadUri } from '../../../registry/get-model-version-download-uri.ts';
import { getRegisteredModel } from '../../../registry/get-registered-model.ts';
import { renameRegisteredModel } from '../../../registry/rename-registered-model.ts';
import { searchModelVersions } from '../../../registry/search-model-versions.ts';
import { searchRegisteredModels } from '../../../registry/search-registered-models.ts';
import { setModelAlias } from '../../../registry/set-model-alias.ts';
import { setModelVersionTag } from '../../../registry/set-model-version-tag.ts';
import { setRegisteredModelTag } from '../../../registry/set-registered-model-tag.ts';
import { transitionModelVersionStage } from '../../../registry/transition-model-version-stage.ts';
import { updateModelVersion } from '../../../registry/update-model-version.ts';
import { updateRegisteredModel } from '../../../registry/update-registered-model.ts';
import { command, endpoint, type MlflowContext } from '../endpoint.ts';
import { bool, int64, keyValue, requiredString, wireModelVersion, wirePage, wireRegisteredModel } from '../wire.ts';

const name = requiredString('name');
/** MLflow sends version numbers as strings; numbers are accepted too. The use case checks them. */
const version = z.union([z.string(), z.number()]).transform(String).optional();
const nameSchema = z.object({ name });
const versionSchema = z.object({ name, version });

/** The model named by the request, in the caller's team. */
const model = async (ctx: MlflowContext, input: { name: string }) => ({ teamId: await ctx.teamId(), name: input.name });
const modelVersion = async (ctx: MlflowContext, input: { name: string; version?: string }) => ({ teamId: await ctx.teamId(), name: input.name, version: input.version ?? '' });

const searchSchema = z.object({
  filter: z.string().optional(),
  max_results: int64.optional(),
  order_by: z.array(z.string()).optional(),
  page_token: z.string().optional(),
});

/** A search request as the registry's search use cases take it. */
const searchOf = async (ctx: MlflowContext, input: z.output<typeof searchSchema>) => ({
  teamId: await ctx.teamId(),
  filter: input.filter || null,
  orderBy: input.order_by,
  maxResults: input.max_results,
  pageToken: input.page_token || null,
});

export const registryEndpoints = [
  endpoint({
    method: 'POST',
    path: 'registered-models/create',
    schema: z.object({ name, tags: z.array(keyValue).optional(), description: z.string().optional() }),
    async handle(ctx, input) {
      const created = await createRegisteredModel(ctx.principal, {
        teamId: await ctx.teamId(),
        name: input.name,
        description: input.description,
        tags: input.tags,
        clientAddress: ctx.clientAddress,
      });
      return { registered_model: wireRegisteredModel(created) };
    },
  }),
  endpoint({
    method: 'GET',
    path: 'registered-models/get',
    schema: nameSchema,
    async handle(ctx, input) {
      return { registered_model: wireRegisteredModel(await getRegisteredModel(ctx.principal, await model(ctx, input))) };
    },
  }),
  endpoint({
    method: 'POST',
    path: 'registered-models/rename',
    schema: z.object({ name, new_name: requiredString('new_name') }),
    async handle(ctx, input) {
      const renamed = await renameRegisteredModel(ctx.principal, await model(ctx, input), { newName: input.new_name, clientAddress: ctx.clientAddress });
      return { registered_model: wireRegisteredModel(renamed) };
    },
  }),
  endpoint({
    method: 'PATCH',
    path: 'registered-models/update',
    schema: z.object({ name, description: z.string().optional() }),
    async handle(ctx, input) {
      return { registered_model: wireRegisteredModel(await updateRegisteredModel(ctx.principal, await model(ctx, input), { description: input.description })) };
    },
  }),
  command('DELETE', 'registered-models/delete', nameSchema, async (ctx, input) =>
    deleteRegisteredModel(ctx.principal, await model(ctx, input), { clientAddress: ctx.clientAddress }),
  ),
  endpoint({
    method: 'GET',
    path: 'registered-models/search',
    schema: searchSchema,
    listKeys: ['order_by'],
    async handle(ctx, input) {
      const result = await searchRegisteredModels(ctx.principal, await searchOf(ctx, input));
      return wirePage('registered_models', result.models.map(wireRegisteredModel), result.nextPageToken);
    },
  }),
  ...(['POST', 'GET'] as const).map((method) =>
    endpoint({
      method,
      path: 'registered-models/get-latest-versions',
      schema: z.object({ name, stages: z.array(z.string()).optional() }),
      listKeys: ['stages'],
      async handle(ctx, input) {
        const versions = await getLatestVersions(ctx.principal, await model(ctx, input), { stages: input.stages });
        return { ...(versions.length ? { model_versions: versions.map(wireModelVersion) } : {}) };
      },
    }),
  ),
  command('POST', 'registered-models/set-tag', z.object({ name, key: requiredString('key'), value: z.string().default('') }), async (ctx, input) =>
    setRegisteredModelTag(ctx.principal, await model(ctx, input), { key: input.key, value: input.value }),
  ),
  command('DELETE', 'registered-models/delete-tag', z.object({ name, key: requiredString('key') }), async (ctx, input) =>
    deleteRegisteredModelTag(ctx.principal, await model(ctx, input), { key: input.key }),
  ),
  command('POST', 'registered-models/alias', z.object({ name, alias: z.string().optional(), version, comment: z.string().optional() }), async (ctx, input) =>
    setModelAlias(ctx.principal, await modelVersion(ctx, input), { alias: input.alias ?? '', comment: input.comment, clientAddress: ctx.clientAddress }),
  ),
  command('DELETE', 'registered-models/alias', z.object({ name, alias: z.string().optional(), comment: z.string().optional() }), async (ctx, input) =>
    deleteModelAlias(ctx.principal, await model(ctx, input), { alias: input.alias ?? '', comment: input.comment, clientAddress: ctx.clientAddress }),
  ),
  endpoint({
    method: 'GET',
    path: 'registered-models/alias',
    schema: z.object({ name, alias: z.string().optional() }),
    async handle(ctx, input) {
      return { model_version: wireModelVersion(await getModelVersionByAlias(ctx.principal, await model(ctx, input), { alias: input.alias ?? '' })) };
    },
  }),
  endpoint({
    method: 'POST',
    path: 'model-versions/create',
    schema: z.object({
      name,
      source: requiredString('source'),
      run_id: z.string().optional(),
      tags: z.array(keyValue).optional(),
      run_link: z.string().optional(),
      description: z.string().optional(),
      model_id: z.string().optional(),
    }),
    async handle(ctx, input) {
      const created = await createModelVersion(ctx.principal, await model(ctx, input), {
        source: input.source,
        runId: input.run_id,
        loggedModelId: input.model_id,
        runLink: input.run_link,
        description: input.description,
        tags: input.tags,
        clientAddress: ctx.clientAddress,
      });
      return { model_version: wireModelVersion(created) };
    },
  }),
  endpoint({
    method: 'GET',
    path: 'model-versions/get',
    schema: versionSchema,
    async handle(ctx, input) {
      return { model_version: wireModelVersion(await getModelVersion(ctx.principal, await modelVersion(ctx, input))) };
    },
  }),
  endpoint({
    method: 'PATCH',
    path: 'model-versions/update',
    schema: z.object({ name, version, description: z.string().optional() }),
    async handle(ctx, input) {
      return { model_version: wireModelVersion(await updateModelVersion(ctx.principal, await modelVersion(ctx, input), { description: input.description })) };
    },
  }),
  endpoint({
    method: 'POST',
    path: 'model-versions/transition-stage',
    schema: z.object({ name, version, stage: z.string().optional(), archive_existing_versions: bool.optional(), comment: z.string().optional() }),
    async handle(ctx, input) {
      const moved = await transitionModelVersionStage(ctx.principal, await modelVersion(ctx, input), {
        stage: input.stage ?? '',
        archiveExistingVersions: input.archive_existing_versions,
        comment: input.comment,
        clientAddress: ctx.clientAddress,
      });
      return { model_version: wireModelVersion(moved) };
    },
  }),
  command('DELETE', 'model-versions/delete', versionSchema, async (ctx, input) =>
    deleteModelVersion(ctx.principal, await modelVersion(ctx, input), { clientAddress: ctx.clientAddress }),
  ),
  endpoint({
    method: 'GET',
    path: 'model-versions/search',
    schema: searchSchema,
    listKeys: ['order_by'],
    async handle(ctx, input) {
      const result = await searchModelVersions(ctx.principal, await searchOf(ctx, input));
      return wirePage('model_versions', result.versions.map(wireModelVersion), result.nextPageToken);
    },
  }),
  endpoint({
    method: 'GET',
    path: 'model-versions/get-download-uri',
    schema: versionSchema,
    async handle(ctx, input) {
      return { artifact_uri: await getModelVersionDownloadUri(ctx.principal, await modelVersion(ctx, input)) };
    },
  }),
  command('POST', 'model-versions/set-tag', z.object({ name, version, key: requiredString('key'), value: z.string().default('') }), async (ctx, input) =>
    setModelVersionTag(ctx.principal, await modelVersion(ctx, input), { key: input.key, value: input.value }),
  ),
  command('DELETE', 'model-versions/delete-tag', z.object({ name, version, key: requiredString('key') }), async (ctx, input) =>
    deleteModelVersionTag(ctx.principal, await modelVersion(ctx, input), { key: input.key }),
  ),
];
