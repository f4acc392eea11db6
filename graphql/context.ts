// The per-request GraphQL context: who is asking (resolved once, from the session cookie
// or the API token) and a fresh set of DataLoaders. A token that is presented but invalid
// fails the whole request with UNAUTHENTICATED rather than silently acting as anonymous.
import { resolvePrincipal } from '../lib/authz/resolve-principal.ts';
import type { Principal } from '../lib/authz/index.ts';
import { isAppError } from '../lib/errors.ts';
import { toRequestGraphQLError } from './errors.ts';
import { createLoaders, type Loaders } from './loaders/index.ts';

export type GraphQLContext = {
  principal: Principal;
  loaders: Loaders;
  request: Request;
};

export async function createContext(request: Request): Promise<GraphQLContext> {
  let principal: Principal;
  try {
    principal = await resolvePrincipal(request);
  } catch (error) {
    if (isAppError(error)) throw toRequestGraphQLError(error);
    throw error;
  }
  return { principal, loaders: createLoaders(principal), request };
}
