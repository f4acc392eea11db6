// The history of a model's stage moves and alias changes, newest first, as the use cases that
// read it return it: each entry with its version numbers (moved, replaced) named.
import type { ModelStage, TransitionKind } from '../db/client.ts';
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';

export type TransitionView = {
  id: string;
  modelId: string;
  versionId: string;
  version: number;
  kind: TransitionKind;
  fromStage: ModelStage | null;
  toStage: ModelStage | null;
  alias: string | null;
  previousVersionId: string | null;
  previousVersion: number | null;
  rollback: boolean;
  automatic: boolean;
  requestId: string | null;
  actorId: string | null;
  comment: string | null;
  createdAt: Date;
};

const include = {
  version: { select: { version: true } },
  previousVersion: { select: { version: true } },
} satisfies Prisma.ModelVersionTransitionInclude;

/** Transitions matching `where`, newest first, at most `take` (one query). No authorization: filter by model first. */
export async function findTransitions(where: Prisma.ModelVersionTransitionWhereInput, take: number, before?: { createdAt: Date; id: string }): Promise<TransitionView[]> {
  const rows = await db.modelVersionTransition.findMany({
    where: before ? { AND: [where, { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] }] } : where,
    include,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
  });
  return rows.map(({ version, previousVersion, ...row }) => ({ ...row, version: version.version, previousVersion: previousVersion?.version ?? null }));
}

/** Every transition matching `where` (a batch of versions' histories), newest first; one query. */
export async function findTransitionsOf(where: Prisma.ModelVersionTransitionWhereInput): Promise<TransitionView[]> {
  return findTransitions(where, 100_000);
}
