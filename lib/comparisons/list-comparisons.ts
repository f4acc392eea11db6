// A team's saved comparisons, newest first.
import { authorize, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { comparisonInclude, toComparisonView, type ComparisonView } from './comparison-view.ts';

const MAX_LISTED = 200;

export async function listComparisons(principal: Principal, input: { teamId: string }): Promise<ComparisonView[]> {
  authorize(principal, 'team:read', input.teamId);
  const rows = await db.comparison.findMany({
    where: { teamId: input.teamId },
    include: comparisonInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: MAX_LISTED,
  });
  return rows.map(toComparisonView);
}
