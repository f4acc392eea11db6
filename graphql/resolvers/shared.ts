// Small helpers the resolver modules share.
import { unauthenticated, notFound } from '../../lib/errors.ts';
import { authorizeRow, type Principal, type TokenPrincipal, type UserPrincipal } from '../../lib/authz/index.ts';
import type { GraphQLContext } from '../context.ts';
import type { RunModel, TeamModel, UserModel } from '../mappers.ts';

/** The caller as a person (a session or one of their tokens); UNAUTHENTICATED otherwise. */
export function requirePerson(principal: Principal): UserPrincipal | TokenPrincipal {
  if (principal.kind === 'user' || principal.kind === 'token') return principal;
  throw unauthenticated();
}

/** A team the caller can read, through the request's loader; NOT_FOUND otherwise. */
export async function loadTeam(context: GraphQLContext, teamId: string): Promise<TeamModel> {
  const team = await context.loaders.teamById.load(teamId);
  if (!team) throw notFound('Team', teamId);
  return team;
}

/** A user reached from a row the caller could read (or null when the reference is empty). */
export async function loadUser(context: GraphQLContext, userId: string | null | undefined): Promise<UserModel | null> {
  return userId ? context.loaders.userById.load(userId) : null;
}

/** A run the caller may read, through the loader (NOT_FOUND for a missing or another team's run). */
export async function readableRun(context: GraphQLContext, runId: string): Promise<RunModel> {
  const run = await context.loaders.runById.load(runId);
  authorizeRow(context.principal, 'team:read', run?.teamId, 'Run', runId);
  return run!;
}
