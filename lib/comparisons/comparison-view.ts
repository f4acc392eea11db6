// Saved comparisons as the use cases return them, and the one loader every path to a
// comparison goes through (authorization included).
import { authorizeRow, type Action, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { notFound } from '../errors.ts';

export type ComparisonView = {
  id: string;
  teamId: string;
  name: string;
  /** The runs, in the order they were saved. */
  runIds: string[];
  /** The compare page's view state (its query parameters other than the runs). */
  view: Record<string, string>;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export const comparisonInclude = {
  runs: { select: { runId: true }, orderBy: { position: 'asc' } },
} satisfies Prisma.ComparisonInclude;

type ComparisonRow = Prisma.ComparisonGetPayload<{ include: typeof comparisonInclude }>;

export function toComparisonView(row: ComparisonRow): ComparisonView {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    runIds: row.runs.map((run) => run.runId),
    view: (row.view ?? {}) as Record<string, string>,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The comparison, if the principal may do `action` on it; NOT_FOUND for a missing or another team's one. */
export async function loadComparisonFor(principal: Principal, comparisonId: string, action: Action): Promise<ComparisonView> {
  const row =
    typeof comparisonId === 'string' && comparisonId.length <= 64
      ? await db.comparison.findUnique({ where: { id: comparisonId }, include: comparisonInclude })
      : null;
  authorizeRow(principal, action, row?.teamId, 'Comparison', comparisonId);
  if (!row) throw notFound('Comparison', comparisonId);
  return toComparisonView(row);
}

/** Where the comparison's page is. */
export const comparisonPath = (teamSlug: string, comparisonId: string) => `/t/${teamSlug}/comparisons/${comparisonId}`;
