// What the approval-request use cases return: a request with its model and version named, so
// lists (a model's requests, the requests awaiting someone) need no query per row.
import type { ModelStage, TransitionKind, TransitionRequestStatus } from '../db/client.ts';
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';

export type TransitionRequestView = {
  id: string;
  teamId: string;
  modelId: string;
  modelName: string;
  versionId: string;
  version: number;
  kind: TransitionKind;
  toStage: ModelStage | null;
  alias: string | null;
  archiveExistingVersions: boolean;
  rollback: boolean;
  status: TransitionRequestStatus;
  comment: string | null;
  requestedById: string | null;
  decidedById: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  createdAt: Date;
};

const include = { model: { select: { name: true } }, version: { select: { version: true } } } satisfies Prisma.ModelTransitionRequestInclude;

type Row = Prisma.ModelTransitionRequestGetPayload<{ include: typeof include }>;

function toView({ model, version, updatedAt: _updated, ...row }: Row): TransitionRequestView {
  return { ...row, modelName: model.name, version: version.version };
}

/** Requests matching `where`, newest first (one query). No authorization: filter by team first. */
export async function findTransitionRequests(where: Prisma.ModelTransitionRequestWhereInput, take: number): Promise<TransitionRequestView[]> {
  const rows = await db.modelTransitionRequest.findMany({ where, include, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take });
  return rows.map(toView);
}

export async function loadTransitionRequestView(id: string): Promise<TransitionRequestView> {
  return toView(await db.modelTransitionRequest.findUniqueOrThrow({ where: { id }, include }));
}
