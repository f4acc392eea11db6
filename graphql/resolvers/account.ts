// The caller's own account: sessions and password. Thin calls into lib/identity.
import { changePassword } from '../../lib/identity/change-password.ts';
import { signOutEverywhere } from '../../lib/identity/sign-out-everywhere.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const accountResolvers: Resolvers = {
  Mutation: {
    signOutEverywhere: async (_root, { userId }, { principal }) => {
      await signOutEverywhere(principal, { userId });
      return true;
    },
    changePassword: async (_root, { input }, { principal }) => {
      await changePassword(principal, input);
      return true;
    },
  },
};
