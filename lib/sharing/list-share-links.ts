// A team's share links for its settings page: newest first, live and dead ones.
import { authorize, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { shareLinkInclude, toShareLinkViews, type ShareLinkView } from './share-link-view.ts';

const MAX_LISTED = 500;

export async function listShareLinks(principal: Principal, input: { teamId: string }): Promise<ShareLinkView[]> {
  authorize(principal, 'share:manage', input.teamId);
  const rows = await db.shareLink.findMany({
    where: { teamId: input.teamId },
    include: shareLinkInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: MAX_LISTED,
  });
  return toShareLinkViews(rows);
}
