// Saved comparisons as the use cases return them, and the one loader every path to a
// comparison goes through (authorization included).
import { authorizeRow, type Action, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { notFound } from '../errors.ts';
import { compareStateSchema, type CompareState } from '../tracking/runs-table/view-shapes.ts';

export type ComparisonView = {
  id: string;
  teamId: string;
  name: string;
  /** The runs, in the order they were saved. */
  runIds: string[];
  /** The compare view's state, as the compare page and share pages render it. */
  view: CompareState;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export const comparisonInclude = {
  runs: { select: { runId: true }, orderBy: { position: 'asc' } },
} satisfies Prisma.ComparisonInclude;

type ComparisonRow = Prisma.ComparisonGetPayload<{ include: typeof comparisonInclude }>;

/** A stored view that no longer parses (an older shape) is shown as the default view, not served as is. */
function storedCompareState(stored: unknown): CompareState {
  const parsed = compareStateSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : compareStateSchema.parse({});
}

export function toComparisonView(row: ComparisonRow): ComparisonView {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    runIds: row.runs.map((run) => run.runId),
    view: storedCompareState(row.view),
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
