// List API tokens (never their hashes). With a team: your own tokens there, or all of the
// team's tokens for those who manage tokens (admins, owners). Without a team: your own
// tokens in every team you belong to. Revoked tokens are listed too (with revokedAt).
// Like creating and revoking them, it takes a signed-in session: a token cannot list tokens.
import { actorUserId, authorize, decide, readableTeamIds, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput, forbidden, unauthenticated } from '../errors.ts';
import { apiTokenViewSelect, type ApiTokenView } from './api-token-view.ts';

export async function listApiTokens(principal: Principal, input: { teamId?: string | null }): Promise<ApiTokenView[]> {
  if (principal.kind === 'anonymous') throw unauthenticated();
  const ownerId = actorUserId(principal);
  const teamId = input.teamId ?? null;

  if (teamId !== null) {
    // token:create is the right to hold tokens in the team: any role, from a session only.
    authorize(principal, 'token:create', teamId);
    const everyone = decide(principal, 'token:manage', teamId) === 'allow';
    if (!everyone && ownerId === null) return [];
    return db.apiToken.findMany({
      where: everyone ? { teamId } : { teamId, userId: ownerId! },
      select: apiTokenViewSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  if (principal.kind === 'system') throw badInput('teamId is required');
  if (principal.kind !== 'user') throw forbidden('Managing API tokens needs a signed-in session');
  return db.apiToken.findMany({
    where: { userId: principal.userId, teamId: { in: readableTeamIds(principal) } },
    select: apiTokenViewSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}
