// The model registry over GraphQL: thin calls into lib/registry; fields through the request's
// DataLoaders (graphql/loaders/registry.ts), so lists cost a constant number of queries.
import { decide } from '../../lib/authz/index.ts';
import { isAppError, notFound } from '../../lib/errors.ts';
import { clientAddressOf } from '../../lib/http/client-address.ts';
import { approveTransitionRequest } from '../../lib/registry/approve-transition-request.ts';
import { cancelTransitionRequest } from '../../lib/registry/cancel-transition-request.ts';
import { createModelVersion } from '../../lib/registry/create-model-version.ts';
import { createRegisteredModel } from '../../lib/registry/create-registered-model.ts';
import { deleteModelAlias } from '../../lib/registry/delete-model-alias.ts';
import { deleteModelVersion } from '../../lib/registry/delete-model-version.ts';
import { deleteModelVersionTag } from '../../lib/registry/delete-model-version-tag.ts';
import { deleteRegisteredModel } from '../../lib/registry/delete-registered-model.ts';
import { deleteRegisteredModelTag } from '../../lib/registry/delete-registered-model-tag.ts';
import { getModelVersion } from '../../lib/registry/get-model-version.ts';
import { getRegisteredModel } from '../../lib/registry/get-registered-model.ts';
import { historyCursor, listModelHistory, MAX_HISTORY_PAGE } from '../../lib/registry/list-model-history.ts';
import { listRegistryProtections } from '../../lib/registry/list-registry-protections.ts';
import { listRollbackTargets } from '../../lib/registry/list-rollback-targets.ts';
import { listRequestsAwaitingMe } from '../../lib/registry/list-requests-awaiting-me.ts';
import { listTransitionRequests } from '../../lib/registry/list-transition-requests.ts';
import type { ModelVersionView, RegisteredModelView } from '../../lib/registry/registry-view.ts';
import { rejectTransitionRequest } from '../../lib/registry/reject-transition-request.ts';
import { renameRegisteredModel } from '../../lib/registry/rename-registered-model.ts';
import { requestModelTransition } from '../../lib/registry/request-model-transition.ts';
import { rollbackModel } from '../../lib/registry/rollback-model.ts';
import { searchModelVersions } from '../../lib/registry/search-model-versions.ts';
import { searchRegisteredModels } from '../../lib/registry/search-registered-models.ts';
import { setModelAlias } from '../../lib/registry/set-model-alias.ts';
import { setModelVersionTag } from '../../lib/registry/set-model-version-tag.ts';
import { setRegisteredModelTag } from '../../lib/registry/set-registered-model-tag.ts';
import { setRegistryProtection } from '../../lib/registry/set-registry-protection.ts';
import { transitionModelVersionStage } from '../../lib/registry/transition-model-version-stage.ts';
import { updateModelVersion } from '../../lib/registry/update-model-version.ts';
import { updateRegisteredModel } from '../../lib/registry/update-registered-model.ts';
import type { RunView } from '../../lib/tracking/runs/run-view.ts';
import type { GraphQLContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { decodeCursor, pageSize, toConnection } from '../pagination.ts';
import { loadTeam, loadUser } from './shared.ts';

export const MAX_MODELS_PAGE = 1000;
export const MAX_VERSIONS_PAGE = 1000;

const primeModel = (context: GraphQLContext, model: RegisteredModelView) => {
  context.loaders.modelById.clear(model.id).prime(model.id, model);
  for (const version of model.latestVersions) context.loaders.versionById.clear(version.id).prime(version.id, version);
  return model;
};

const primeVersion = (context: GraphQLContext, version: ModelVersionView) => {
  context.loaders.versionById.clear(version.id).prime(version.id, version);
  return version;
};

/** The model again after a write, as the caller may read it. */
const reloadModel = async (context: GraphQLContext, modelId: string) => primeModel(context, await getRegisteredModel(context.principal, { modelId }));

/** A model the caller could read (through a row they already read). */
async function modelOf(context: GraphQLContext, modelId: string): Promise<RegisteredModelView> {
  const model = await context.loaders.modelById.load(modelId);
  if (!model) throw notFound('Registered model', modelId);
  return model;
}

/** The source run's data, when the run is still there and readable. */
async function runData(context: GraphQLContext, version: ModelVersionView): Promise<RunView | null> {
  if (!version.runId) return null;
  const run = await context.loaders.runById.load(version.runId);
  return run ? context.loaders.runDataById.load(run.id) : null;
}

const requestAddress = (context: GraphQLContext) => clientAddressOf(context.request.headers);

/** The path of a version's files inside its run's artifact root, when Cairn stores them. */
function versionFilesPrefix(version: ModelVersionView): string | null {
  const match = /^mlflow-artifacts:\/\d+\/([0-9a-f]{32})\/artifacts\/(.+)$/.exec(version.storageLocation);
  return match && match[1] === version.runId ? match[2] : null;
}

export const registryResolvers: Resolvers = {
  Query: {
    registeredModel: async (_root, { id }, context) => primeModel(context, await getRegisteredModel(context.principal, { modelId: id })),
    modelVersion: async (_root, { id }, context) => primeVersion(context, await getModelVersion(context.principal, { versionId: id })),
    transitionRequestsAwaitingMe: (_root, { first }, { principal }) => listRequestsAwaitingMe(principal, { first }),
  },
  Team: {
    registeredModels: async (team, { first, after, filter, orderBy }, context) => {
      const result = await searchRegisteredModels(context.principal, {
        teamId: team.id,
        filter,
        orderBy,
        maxResults: pageSize(first, 50, MAX_MODELS_PAGE),
        pageToken: decodeCursor(after),
      });
      return toConnection(result.models.map((m) => primeModel(context, m)), !!result.nextPageToken, (m) => `model:${m.id}`, result.nextPageToken);
    },
    registeredModel: async (team, { name }, context) => {
      try {
        return primeModel(context, await getRegisteredModel(context.principal, { teamId: team.id, name }));
      } catch (error) {
        if (isAppError(error) && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
    registryProtections: (team, _args, { principal }) => listRegistryProtections(principal, { teamId: team.id }),
  },
  Run: {
    modelVersions: (run, _args, context) => context.loaders.versionsByRun.load(run.id),
  },
  RegisteredModel: {
    team: (model, _args, context) => loadTeam(context, model.teamId),
    createdBy: (model, _args, context) => loadUser(context, model.createdById),
    aliases: (model) => model.aliases.map((alias) => ({ ...alias, teamId: model.teamId })),
    latestVersions: (model, _args, context) => model.latestVersions.map((v) => primeVersion(context, v)),
    productionVersion: (model) => model.latestVersions.find((v) => v.stage === 'PRODUCTION') ?? null,
    version: async (model, { version }, context) => {
      const found = await searchModelVersions(context.principal, { teamId: model.teamId, modelId: model.id, filter: `version_number = ${Number(version)}`, maxResults: 1 });
      return found.versions[0] ? primeVersion(context, found.versions[0]) : null;
    },
    versions: async (model, { first, after, filter, orderBy }, context) => {
      const result = await searchModelVersions(context.principal, {
        teamId: model.teamId,
        modelId: model.id,
        filter,
        orderBy: orderBy?.length ? orderBy : ['version_number DESC'],
        maxResults: pageSize(first, 50, MAX_VERSIONS_PAGE),
        pageToken: decodeCursor(after),
      });
      return toConnection(result.versions.map((v) => primeVersion(context, v)), !!result.nextPageToken, (v) => `version:${v.id}`, result.nextPageToken);
    },
    history: async (model, { first, after }, context) => {
      const page = await listModelHistory(context.principal, { modelId: model.id, first: pageSize(first, 100, MAX_HISTORY_PAGE), after: decodeCursor(after) });
      return toConnection(page.entries, !!page.nextCursor, historyCursor);
    },
    requests: (model, { statuses, first }, { principal }) => listTransitionRequests(principal, { modelId: model.id }, { statuses, first }),
    rollbackTargets: (model, _args, { principal }) => listRollbackTargets(principal, { modelId: model.id }),
    viewerPermissions: (model, _args, { principal }) => ({
      canEdit: decide(principal, 'registry:write', model.teamId) === 'allow',
      canMoveProtected: decide(principal, 'registry:stage', model.teamId) === 'allow',
      canDecide: decide(principal, 'registry:approve', model.teamId) === 'allow',
    }),
  },
  ModelAlias: {
    version: async (alias, _args, context) => {
      const version = await context.loaders.versionById.load(alias.versionId);
      if (!version) throw notFound('Model version', alias.versionId);
      return version;
    },
    protected: async (alias, _args, context) => (await context.loaders.protectionsByTeam.load(alias.teamId)).has(`ALIAS:${alias.alias}`),
  },
  ModelVersion: {
    model: (version, _args, context) => modelOf(context, version.modelId),
    downloadUri: (version) => version.storageLocation,
    run: (version, _args, context) => (version.runId ? context.loaders.runById.load(version.runId) : null),
    project: async (version, _args, context) => {
      const run = version.runId ? await context.loaders.runById.load(version.runId) : null;
      return run ? context.loaders.projectById.load(run.projectId) : null;
    },
    createdBy: (version, _args, context) => loadUser(context, version.createdById),
    history: (version, _args, context) => context.loaders.historyByVersion.load(version.id),
    params: async (version, _args, context) => (await runData(context, version))?.params ?? [],
    metrics: async (version, _args, context) => (await runData(context, version))?.metrics ?? [],
    codeVersion: async (version, _args, context) => (await runData(context, version))?.system.codeVersion ?? null,
    datasets: async (version, _args, context) => (await runData(context, version))?.inputs ?? [],
    files: async (version, _args, context) => {
      const prefix = versionFilesPrefix(version);
      if (prefix === null || !(await context.loaders.runById.load(version.runId!))) return [];
      const files = await context.loaders.artifactsByRun.load(version.runId!);
      return files.filter((file) => file.path === prefix || file.path.startsWith(`${prefix}/`));
    },
  },
  ModelTransition: {
    version: (entry, _args, context) => context.loaders.versionById.load(entry.versionId),
    versionNumber: (entry) => entry.version,
    previousVersionNumber: (entry) => entry.previousVersion,
    actor: (entry, _args, context) => loadUser(context, entry.actorId),
    request: (entry, _args, context) => (entry.requestId ? context.loaders.requestById.load(entry.requestId) : null),
  },
  ModelTransitionRequest: {
    model: (request, _args, context) => modelOf(context, request.modelId),
    version: (request, _args, context) => context.loaders.versionById.load(request.versionId),
    versionNumber: (request) => request.version,
    requestedBy: (request, _args, context) => loadUser(context, request.requestedById),
    decidedBy: (request, _args, context) => loadUser(context, request.decidedById),
  },
  RegistryProtection: {
    createdBy: (protection, _args, context) => loadUser(context, protection.createdById),
  },
  Mutation: {
    createRegisteredModel: async (_root, { input }, context) =>
      primeModel(
        context,
        await createRegisteredModel(context.principal, {
          teamId: input.teamId,
          name: input.name,
          description: input.description,
          tags: input.tags,
          clientAddress: requestAddress(context),
        }),
      ),
    updateRegisteredModel: async (_root, { input }, context) => {
      const ref = { modelId: input.id };
      if (input.name != null) await renameRegisteredModel(context.principal, ref, { newName: input.name, clientAddress: requestAddress(context) });
      if (input.description !== undefined) await updateRegisteredModel(context.principal, ref, { description: input.description });
      return reloadModel(context, input.id);
    },
    deleteRegisteredModel: async (_root, { id }, context) => {
      await deleteRegisteredModel(context.principal, { modelId: id }, { clientAddress: requestAddress(context) });
      return true;
    },
    setRegisteredModelTag: async (_root, { input }, context) => {
      await setRegisteredModelTag(context.principal, { modelId: input.modelId }, input);
      return reloadModel(context, input.modelId);
    },
    deleteRegisteredModelTag: async (_root, { input }, context) => {
      await deleteRegisteredModelTag(context.principal, { modelId: input.modelId }, input);
      return reloadModel(context, input.modelId);
    },
    createModelVersion: async (_root, { input }, context) =>
      primeVersion(
        context,
        await createModelVersion(context.principal, { modelId: input.modelId }, {
          source: input.source,
          runId: input.runId,
          description: input.description,
          tags: input.tags,
          clientAddress: requestAddress(context),
        }),
      ),
    updateModelVersion: async (_root, { input }, context) =>
      primeVersion(context, await updateModelVersion(context.principal, { versionId: input.id }, { description: input.description })),
    deleteModelVersion: async (_root, { id }, context) => {
      await deleteModelVersion(context.principal, { versionId: id }, { clientAddress: requestAddress(context) });
      return true;
    },
    setModelVersionTag: async (_root, { input }, context) => {
      await setModelVersionTag(context.principal, { versionId: input.versionId }, input);
      return primeVersion(context, await getModelVersion(context.principal, { versionId: input.versionId }));
    },
    deleteModelVersionTag: async (_root, { input }, context) => {
      await deleteModelVersionTag(context.principal, { versionId: input.versionId }, input);
      return primeVersion(context, await getModelVersion(context.principal, { versionId: input.versionId }));
    },
    transitionModelVersionStage: async (_root, { input }, context) =>
      primeVersion(
        context,
        await transitionModelVersionStage(context.principal, { versionId: input.versionId }, {
          stage: input.stage,
          archiveExistingVersions: input.archiveExistingVersions,
          comment: input.comment,
          clientAddress: requestAddress(context),
        }),
      ),
    setModelAlias: async (_root, { input }, context) =>
      primeVersion(
        context,
        await setModelAlias(context.principal, { versionId: input.versionId }, { alias: input.alias, comment: input.comment, clientAddress: requestAddress(context) }),
      ),
    deleteModelAlias: async (_root, { input }, context) => {
      await deleteModelAlias(context.principal, { modelId: input.modelId }, { alias: input.alias, comment: input.comment, clientAddress: requestAddress(context) });
      return reloadModel(context, input.modelId);
    },
    rollbackModel: async (_root, { input }, context) =>
      primeVersion(
        context,
        await rollbackModel(context.principal, { modelId: input.modelId }, {
          stage: input.stage,
          alias: input.alias,
          comment: input.comment,
          clientAddress: requestAddress(context),
        }),
      ),
    requestModelTransition: (_root, { input }, context) =>
      requestModelTransition(context.principal, { ...input, clientAddress: requestAddress(context) }),
    approveTransitionRequest: (_root, { input }, context) =>
      approveTransitionRequest(context.principal, { requestId: input.id, comment: input.comment, clientAddress: requestAddress(context) }),
    rejectTransitionRequest: (_root, { input }, context) =>
      rejectTransitionRequest(context.principal, { requestId: input.id, comment: input.comment, clientAddress: requestAddress(context) }),
    cancelTransitionRequest: (_root, { id }, context) => cancelTransitionRequest(context.principal, { requestId: id, clientAddress: requestAddress(context) }),
    setRegistryProtection: (_root, { input }, context) =>
      setRegistryProtection(context.principal, {
        teamId: input.teamId,
        stage: input.stage,
        alias: input.alias,
        protected: input.protected,
        clientAddress: requestAddress(context),
      }),
  },
};
