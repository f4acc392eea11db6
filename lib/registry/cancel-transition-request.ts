// The requester (or an admin) withdraws a pending request.
import { actorUserId, decide, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { forbidden } from '../errors.ts';
import { closeRequest, lockPendingRequest } from './decide-transition-request.ts';
import { loadTransitionRequestView, type TransitionRequestView } from './transition-request-view.ts';

export async function cancelTransitionRequest(
  principal: Principal,
  input: { requestId: string; clientAddress?: string | null },
): Promise<TransitionRequestView> {
  await db.$transaction(async (tx) => {
    const locked = await lockPendingRequest(tx, principal, input.requestId, 'registry:write');
    const own = !!locked.requested_by_id && locked.requested_by_id === actorUserId(principal);
    if (!own && decide(principal, 'registry:approve', locked.team_id) !== 'allow') throw forbidden('Only the requester or an admin cancels a request');
    await closeRequest(tx, principal, locked, { status: 'CANCELLED', ip: input.clientAddress });
  });
  return loadTransitionRequestView(input.requestId);
}
