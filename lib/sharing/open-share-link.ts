// Someone opened a share link's page: count it, note when, and record it in the team's audit
// trail (the link's id, never its secret). Returns the principal the page acts as, or null when
// the link is not (or no longer) valid.
import type { SharePrincipal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { resolveShareLink } from './resolve-share-link.ts';

export async function openShareLink(secret: string, meta: { ip?: string | null; signedInUserId?: string | null } = {}): Promise<SharePrincipal | null> {
  const principal = await resolveShareLink(secret);
  if (!principal) return null;
  await db.$transaction(async (tx) => {
    await tx.shareLink.update({
      where: { id: principal.shareLinkId },
      data: { openCount: { increment: 1 }, lastAccessedAt: new Date() },
    });
    await recordAuditEvent(tx, {
      principal,
      teamId: principal.teamId,
      action: 'share_link.open',
      targetType: 'ShareLink',
      targetId: principal.shareLinkId,
      metadata: meta.signedInUserId ? { signedInUserId: meta.signedInUserId } : {},
      ip: meta.ip,
    });
  });
  return principal;
}
