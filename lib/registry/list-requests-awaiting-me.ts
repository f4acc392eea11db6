// The approval requests waiting for this person: pending ones, in every team where they may
// decide ('registry:approve', i.e. admins and owners signed in), not their own. What an inbox
// or a notification reads; tokens never approve, so a token's list is empty.
import { actorUserId, decide, type Principal } from '../authz/index.ts';
import { findTransitionRequests, type TransitionRequestView } from './transition-request-view.ts';

export const MAX_AWAITING = 200;

export async function listRequestsAwaitingMe(principal: Principal, input: { first?: number | null } = {}): Promise<TransitionRequestView[]> {
  if (principal.kind !== 'user') return [];
  const teams = [...principal.memberships.keys()].filter((teamId) => decide(principal, 'registry:approve', teamId) === 'allow');
  if (teams.length === 0) return [];
  return findTransitionRequests(
    { teamId: { in: teams }, status: 'PENDING', OR: [{ requestedById: null }, { requestedById: { not: actorUserId(principal) } }] },
    Math.min(Math.max(input.first ?? 50, 1), MAX_AWAITING),
  );
}
