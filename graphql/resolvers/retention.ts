// Artifact retention policies: thin calls into lib/retention.
import { previewRetention } from '../../lib/retention/preview-retention.ts';
import { setRetentionPolicy } from '../../lib/retention/set-retention-policy.ts';
import { getProject } from '../../lib/tracking/projects/get-project.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { loadUser } from './shared.ts';

export const retentionResolvers: Resolvers = {
  Project: {
    retentionPolicy: (project, _args, context) => context.loaders.retentionPolicyByProjectId.load(project.id),
    artifactStorage: (project, _args, context) => context.loaders.artifactStorageByProjectId.load(project.id),
  },
  RetentionPolicy: {
    updatedBy: (policy, _args, context) => loadUser(context, policy.updatedById),
  },
  Query: {
    retentionPreview: (_root, { projectId, policy }, { principal }) => previewRetention(principal, { projectId, policy }),
  },
  Mutation: {
    setRetentionPolicy: async (_root, { projectId, policy }, { principal }) => {
      await setRetentionPolicy(principal, { projectId, policy: policy ?? null });
      return getProject(principal, { projectId });
    },
  },
};
