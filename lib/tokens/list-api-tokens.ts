// List API tokens (never their hashes). With a team: your own tokens there, or all of the
// team's tokens for those who manage tokens (admins, owners). Without a team: your own
// tokens in every team you can read. Revoked tokens are listed too (with revokedAt).
import { actorUserId, authorize, decide, readableTeamIds, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput, unauthenticated } from '../errors.ts';
import { apiTokenViewSelect, type ApiTokenView } from './api-token-view.ts';

export async function listApiTokens(principal: Principal, input: { teamId?: string | null }): Promise<ApiTokenView[]> {
  if (principal.kind === 'anonymous') throw unauthenticated();
  const ownerId = actorUserId(principal);
  const teamId = input.teamId ?? null;

  if (teamId !== null) {
    authorize(principal, 'team:read', teamId);
    const everyone = decide(principal, 'token:manage', teamId) === 'allow';
    if (!everyone && ownerId === null) return [];
    return db.apiToken.findMany({
      where: everyone ? { teamId } : { teamId, userId: ownerId! },
      select: apiTokenViewSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  if (principal.kind === 'system') throw badInput('teamId is required');
  if (ownerId === null) return [];
  return db.apiToken.findMany({
    where: { userId: ownerId, teamId: { in: readableTeamIds(principal) } },
    select: apiTokenViewSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}
