// Anyone with share:manage in the team revokes any of its links. The link's page then says it
// is no longer valid, its API calls are refused and its open live streams end.
import { authorizeRow, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { publishEvent } from '../events/publish-event.ts';
import { shareLinkTopic } from '../events/topics.ts';
import { shareLinkInclude, toShareLinkViews, type ShareLinkView } from './share-link-view.ts';

export async function revokeShareLink(principal: Principal, input: { id: string }, meta: { ip?: string | null } = {}): Promise<ShareLinkView> {
  const found = typeof input.id === 'string' && input.id.length <= 64 ? await db.shareLink.findUnique({ where: { id: input.id } }) : null;
  authorizeRow(principal, 'share:manage', found?.teamId, 'Share link', input.id);
  const row = await db.$transaction(async (tx) => {
    // Revoking twice keeps the first revocation's time.
    const updated = await tx.shareLink.update({
      where: { id: found!.id },
      data: found!.revokedAt ? {} : { revokedAt: new Date() },
      include: shareLinkInclude,
    });
    if (!found!.revokedAt) {
      await recordAuditEvent(tx, { principal, teamId: found!.teamId, action: 'share_link.revoke', targetType: 'ShareLink', targetId: found!.id, ip: meta.ip });
    }
    return updated;
  });
  publishEvent(shareLinkTopic(row.id));
  const [view] = await toShareLinkViews([row]);
  return view;
}
