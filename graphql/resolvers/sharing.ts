// Share links: thin calls into lib/sharing; `shared` tells a share page what its link names.
import { loadComparisonFor } from '../../lib/comparisons/comparison-view.ts';
import { notFound } from '../../lib/errors.ts';
import { getModelVersion } from '../../lib/registry/get-model-version.ts';
import { createShareLink } from '../../lib/sharing/create-share-link.ts';
import { listShareLinks } from '../../lib/sharing/list-share-links.ts';
import { revokeShareLink } from '../../lib/sharing/revoke-share-link.ts';
import { getRun } from '../../lib/tracking/runs/get-run.ts';
import type { GraphQLContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

const clientIp = (context: GraphQLContext) => context.request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || null;

export const sharingResolvers: Resolvers = {
  Query: {
    shared: (_root, _args, { principal }) => {
      if (principal.kind !== 'share') throw notFound('Share link');
      return {
        targetType: principal.target.type,
        targetId: principal.target.id,
        includeComments: principal.includeComments,
        allowArtifacts: principal.allowArtifacts,
      };
    },
  },
  SharedItem: {
    run: async (item, _args, context) => {
      if (item.targetType !== 'RUN') return null;
      const view = await getRun(context.principal, { runId: item.targetId });
      context.loaders.runDataById.prime(view.id, view);
      return view;
    },
    comparison: (item, _args, { principal }) =>
      item.targetType === 'COMPARISON' ? loadComparisonFor(principal, item.targetId, 'team:read') : null,
    modelVersion: async (item, _args, context) => {
      if (item.targetType !== 'MODEL_VERSION') return null;
      const version = await getModelVersion(context.principal, { versionId: item.targetId });
      context.loaders.versionById.prime(version.id, version);
      return version;
    },
  },
  Team: {
    shareLinks: (team, _args, { principal }) => listShareLinks(principal, { teamId: team.id }),
  },
  ShareLink: {
    createdBy: (link) => link.createdBy,
  },
  Mutation: {
    createShareLink: async (_root, { input }, context) => {
      const created = await createShareLink(
        context.principal,
        {
          targetType: input.targetType,
          targetId: input.targetId,
          expiresInDays: input.expiresInDays === undefined ? undefined : input.expiresInDays,
          includeComments: input.includeComments ?? false,
          allowArtifacts: input.allowArtifacts ?? false,
        },
        { ip: clientIp(context) },
      );
      return { shareLink: created.shareLink, url: created.path };
    },
    revokeShareLink: (_root, { id }, context) => revokeShareLink(context.principal, { id }, { ip: clientIp(context) }),
  },
};
