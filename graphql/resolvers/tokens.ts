// API tokens: thin calls into lib/tokens. The plaintext token exists only in the
// createApiToken response.
import { createApiToken } from '../../lib/tokens/create-api-token.ts';
import { listApiTokens } from '../../lib/tokens/list-api-tokens.ts';
import { revokeApiToken } from '../../lib/tokens/revoke-api-token.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { loadUser } from './shared.ts';

export const tokenResolvers: Resolvers = {
  Team: {
    apiTokens: (team, _args, { principal }) => listApiTokens(principal, { teamId: team.id }),
  },
  Viewer: {
    apiTokens: (_viewer, _args, { principal }) => listApiTokens(principal, {}),
  },
  ApiToken: {
    user: (token, _args, context) => loadUser(context, token.userId),
    team: (token, _args, context) => context.loaders.teamById.load(token.teamId),
  },
  Mutation: {
    createApiToken: async (_root, { input }, { principal }) => {
      const created = await createApiToken(principal, {
        teamId: input.teamId,
        name: input.name,
        scope: input.scope,
        ...(input.expiresAt != null ? { expiresAt: input.expiresAt } : {}),
      });
      return { token: created.token, apiToken: created.apiToken };
    },
    revokeApiToken: async (_root, { id }, { principal }) => {
      await revokeApiToken(principal, { tokenId: id });
      return true;
    },
  },
};
