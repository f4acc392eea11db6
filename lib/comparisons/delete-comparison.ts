// Delete a saved comparison: its creator may, and admins may delete anybody's. Its comments
// go with it, and share links naming it stop working (they name nothing any more).
import { actorUserId, authorize, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { loadComparisonFor } from './comparison-view.ts';

export async function deleteComparison(principal: Principal, input: { comparisonId: string }): Promise<void> {
  const comparison = await loadComparisonFor(principal, input.comparisonId, 'comparison:write');
  if (comparison.createdById === null || comparison.createdById !== actorUserId(principal)) {
    authorize(principal, 'content:moderate', comparison.teamId);
  }
  await db.$transaction([
    db.comment.deleteMany({ where: { teamId: comparison.teamId, targetType: 'COMPARISON', targetId: comparison.id } }),
    db.notification.deleteMany({ where: { teamId: comparison.teamId, targetType: 'COMPARISON', targetId: comparison.id } }),
    db.shareLink.updateMany({
      where: { teamId: comparison.teamId, targetType: 'RUN_COMPARISON', targetId: comparison.id, revokedAt: null },
      data: { revokedAt: new Date() },
    }),
    db.comparison.delete({ where: { id: comparison.id } }),
  ]);
}
