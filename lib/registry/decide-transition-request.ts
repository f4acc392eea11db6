// Shared by approve-, reject- and cancel-transition-request.ts: lock a pending request of a
// team the decider can act in, then record the decision. A request is decided once.
import { actorUserId, authorizeRow, type Action, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TransitionRequestStatus } from '../db/client.ts';
import { badInput, forbidden } from '../errors.ts';
import type { Tx } from './moves.ts';

export type LockedRequest = {
  id: string;
  team_id: string;
  model_id: string;
  version_id: string;
  status: TransitionRequestStatus;
  requested_by_id: string | null;
};

/** The request, locked for the rest of the transaction; NOT_FOUND for another team's, BAD_USER_INPUT once decided. */
export async function lockPendingRequest(tx: Tx, principal: Principal, requestId: string, action: Action): Promise<LockedRequest> {
  const [row] = await tx.$queryRaw<LockedRequest[]>`
    SELECT id, team_id, model_id, version_id, status, requested_by_id
      FROM model_transition_requests WHERE id = ${requestId} FOR UPDATE`;
  authorizeRow(principal, action, row?.team_id, 'Request', requestId);
  if (row.status !== 'PENDING') throw badInput(`This request was already ${row.status.toLowerCase()}`);
  return row;
}

/** A pending request an admin is about to approve or reject: never their own (they cancel that). */
export async function lockRequestToDecide(tx: Tx, principal: Principal, requestId: string): Promise<LockedRequest> {
  const locked = await lockPendingRequest(tx, principal, requestId, 'registry:approve');
  if (locked.requested_by_id && locked.requested_by_id === actorUserId(principal)) {
    throw forbidden('You cannot decide your own request: another admin decides it, or you cancel it');
  }
  return locked;
}

/** Close a locked request with `status` and record the decision in the audit trail. */
export async function closeRequest(
  tx: Tx,
  principal: Principal,
  request: LockedRequest,
  decision: { status: 'APPROVED' | 'REJECTED' | 'CANCELLED'; comment?: string | null; ip?: string | null; metadata?: Record<string, unknown> },
): Promise<void> {
  await tx.modelTransitionRequest.update({
    where: { id: request.id },
    data: { status: decision.status, decidedById: actorUserId(principal), decidedAt: new Date(), decisionComment: decision.comment ?? null },
  });
  await recordAuditEvent(tx, {
    principal,
    teamId: request.team_id,
    action: `registry.request.${decision.status === 'APPROVED' ? 'approve' : decision.status === 'REJECTED' ? 'reject' : 'cancel'}`,
    targetType: 'ModelTransitionRequest',
    targetId: request.id,
    ip: decision.ip,
    metadata: {
      modelId: request.model_id,
      versionId: request.version_id,
      requestedBy: request.requested_by_id ?? undefined,
      comment: decision.comment ?? undefined,
      ...decision.metadata,
    },
  });
}
