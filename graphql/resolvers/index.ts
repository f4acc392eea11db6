// All resolvers, merged per type from the schema modules.
import type { Resolvers } from '../generated/resolvers-types.ts';
import { commentResolvers } from './comments.ts';
import { comparisonResolvers } from './comparisons.ts';
import { accountResolvers } from './account.ts';
import { auditResolvers } from './audit.ts';
import { retentionResolvers } from './retention.ts';
import { invitationResolvers } from './invitations.ts';
import { memberResolvers } from './members.ts';
import { projectResolvers } from './projects.ts';
import { registryResolvers } from './registry.ts';
import { runResolvers } from './runs.ts';
import { notificationResolvers } from './notifications.ts';
import { scalarResolvers } from './scalars.ts';
import { sharingResolvers } from './sharing.ts';
import { teamResolvers } from './teams.ts';
import { tokenResolvers } from './tokens.ts';
import { viewerResolvers } from './viewer.ts';

type ResolverMap = Record<string, Record<string, unknown>>;

/** Merges modules type by type; two modules resolving the same field is a programming error. */
export function mergeResolvers(modules: readonly Resolvers[]): Resolvers {
  const merged: ResolverMap = {};
  for (const module of modules as readonly ResolverMap[]) {
    for (const [typeName, fields] of Object.entries(module)) {
      const target = (merged[typeName] ??= {});
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in target) throw new Error(`Resolver ${typeName}.${field} is defined twice`);
        target[field] = resolver;
      }
    }
  }
  return merged as Resolvers;
}

export const resolvers: Resolvers = {
  ...scalarResolvers,
  ...mergeResolvers([
    viewerResolvers, accountResolvers, auditResolvers, teamResolvers, memberResolvers, invitationResolvers, tokenResolvers, projectResolvers,
    retentionResolvers, runResolvers, commentResolvers, comparisonResolvers, sharingResolvers, notificationResolvers, registryResolvers,
  ]),
};
