// Who hears about approval requests, written in the transaction that files or closes one:
// when a member files a request, every member of its team who may decide it ('registry:approve':
// admins and owners, as listRequestsAwaitingMe reads it), never the requester; when it is
// approved or rejected, the requester (while still a member), and the other approvers' entries
// about it are marked read (nothing is left for them to do; the entry still shows the outcome).
// Emails go out later from the outbox (deliver-notification-emails.ts).
import { roleAllows } from '../authz/index.ts';
import type { Prisma } from '../db/generated/client.ts';
import { mailConfigured } from '../mail/mail-config.ts';

type Tx = Prisma.TransactionClient;

export type RequestRef = { id: string; teamId: string; versionId: string; requestedById: string | null };

const about = (request: RequestRef) => ({
  teamId: request.teamId,
  requestId: request.id,
  targetType: 'MODEL_VERSION' as const,
  targetId: request.versionId,
  emailState: mailConfigured() ? ('PENDING' as const) : null,
});

/** A new request: its approvers' inboxes. Returns who got one (for live inbox updates). */
export async function notifyApprovers(tx: Tx, request: RequestRef): Promise<string[]> {
  const members = await tx.membership.findMany({ where: { teamId: request.teamId }, select: { userId: true, role: true } });
  const approvers = members.filter((m) => roleAllows(m.role, 'registry:approve') && m.userId !== request.requestedById).map((m) => m.userId);
  if (approvers.length === 0) return [];
  await tx.notification.createMany({
    data: approvers.map((userId) => ({ userId, kind: 'APPROVAL_REQUEST' as const, actorId: request.requestedById, ...about(request) })),
    skipDuplicates: true,
  });
  return approvers;
}

/**
 * The approvers' unread entries about the requests matching `requests`, marked read: they were
 * closed (decided, cancelled, their version deleted) and nothing is left to decide. Returns
 * whose inbox changed.
 */
export async function settleApprovalEntries(tx: Tx, requests: Prisma.ModelTransitionRequestWhereInput): Promise<string[]> {
  const where = { kind: 'APPROVAL_REQUEST' as const, readAt: null, request: requests };
  const settled = await tx.notification.findMany({ where, select: { userId: true } });
  if (settled.length > 0) await tx.notification.updateMany({ where, data: { readAt: new Date() } });
  return [...new Set(settled.map((n) => n.userId))];
}

/**
 * A request closed by `deciderId`: tell the requester it was approved or rejected (a cancelled
 * request is the requester's own doing, or an admin's tidying), and settle the approvers' entries.
 * Returns whose inbox changed.
 */
export async function notifyRequestClosed(
  tx: Tx,
  request: RequestRef,
  decision: { status: 'APPROVED' | 'REJECTED' | 'CANCELLED'; deciderId: string | null },
): Promise<string[]> {
  const changed = new Set(await settleApprovalEntries(tx, { id: request.id }));
  const requester = request.requestedById;
  if (decision.status !== 'CANCELLED' && requester && requester !== decision.deciderId) {
    const member = await tx.membership.findUnique({ where: { teamId_userId: { teamId: request.teamId, userId: requester } }, select: { userId: true } });
    if (member) {
      await tx.notification.createMany({
        data: [{ userId: requester, kind: decision.status === 'APPROVED' ? 'REQUEST_APPROVED' : 'REQUEST_REJECTED', actorId: decision.deciderId, ...about(request) }],
        skipDuplicates: true,
      });
      changed.add(requester);
    }
  }
  return [...changed];
}
