// Saved comparisons: thin calls into lib/comparisons.
import { listComments } from '../../lib/comments/list-comments.ts';
import { loadComparisonFor } from '../../lib/comparisons/comparison-view.ts';
import { deleteComparison } from '../../lib/comparisons/delete-comparison.ts';
import { listComparisons } from '../../lib/comparisons/list-comparisons.ts';
import { saveComparison } from '../../lib/comparisons/save-comparison.ts';
import { badInput } from '../../lib/errors.ts';
import type { RunInfoView } from '../../lib/tracking/runs/run-view.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { loadUser } from './shared.ts';

function viewState(value: unknown): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput('view must be an object of query parameters', { field: 'view' });
  return value as Record<string, string>;
}

export const comparisonResolvers: Resolvers = {
  Query: {
    comparison: (_root, { id }, { principal }) => loadComparisonFor(principal, id, 'team:read'),
  },
  Team: {
    comparisons: (team, _args, { principal }) => listComparisons(principal, { teamId: team.id }),
  },
  Comparison: {
    runs: async (comparison, _args, context) =>
      (await context.loaders.runById.loadMany(comparison.runIds)).filter((run): run is RunInfoView => !!run && !(run instanceof Error)),
    createdBy: (comparison, _args, context) => loadUser(context, comparison.createdById),
    comments: (comparison, _args, { principal }) => listComments(principal, { targetType: 'COMPARISON', targetId: comparison.id }),
  },
  Mutation: {
    saveComparison: (_root, { input }, { principal }) =>
      saveComparison(principal, { teamId: input.teamId, name: input.name, runIds: input.runIds, view: viewState(input.view) }),
    deleteComparison: async (_root, { id }, { principal }) => {
      await deleteComparison(principal, { comparisonId: id });
      return true;
    },
  },
};
