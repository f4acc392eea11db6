// MLflow 3 LoggedModels (the `logged-models` endpoints MLflow 3 clients call from
// `log_model`), kept in the logged_models table: the row links the model to its source run;
// what MLflow's LoggedModelInfo adds (name, status, type, params, tags, times) lives in the
// row's metadata. Their artifacts sit under the source run's artifact root, so the artifact
// proxy's run-root rules cover them.
import { randomUUID } from 'node:crypto';
import { authorizeRow, type Action, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { withTransaction } from '../../db/sql.ts';
import { notFound } from '../../errors.ts';

export const LOGGED_MODEL_STATUSES = ['LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'] as const;
export type LoggedModelStatus = (typeof LOGGED_MODEL_STATUSES)[number];

type KeyValue = { key: string; value: string };

/** What logged_models.metadata holds for an MLflow 3 logged model. */
export type LoggedModelRecord = {
  kind: 'logged-model';
  name: string;
  modelType: string | null;
  status: LoggedModelStatus;
  params: KeyValue[];
  tags: KeyValue[];
  createdMs: number;
  updatedMs: number;
  /** The step runs/outputs named the model at (MLflow 3 ModelOutput.step). */
  outputStep?: number;
};

export type LoggedModelView = LoggedModelRecord & {
  id: string;
  sourceRunId: string;
  teamId: string;
  projectId: bigint;
  projectIsDefault: boolean;
  artifactUri: string;
  /** Registry versions made from this model (MLflow 3 LoggedModelInfo.registrations). */
  registrations: { name: string; version: number }[];
};

const idPattern = /^m-[0-9a-f]{32}$/;

/** MLflow's model id shape: "m-" and 32 hex characters. */
export const newLoggedModelId = () => `m-${randomUUID().replaceAll('-', '')}`;

/** Where a model's files go: under its source run's artifact root. */
export const loggedModelArtifactPath = (modelId: string) => `models/${modelId}/artifacts`;

export const loggedModelInclude = {
  run: { select: { teamId: true, projectId: true, artifactUri: true, project: { select: { isDefault: true } } } },
  modelVersions: {
    where: { deletedAt: null },
    select: { version: true, model: { select: { name: true } } },
    orderBy: [{ createdAt: 'asc' as const }, { version: 'asc' as const }],
  },
} satisfies Prisma.LoggedModelInclude;

/** Prisma's filter for MLflow 3 logged models that are not deleted. */
export const liveLoggedModel = { metadata: { path: ['kind'], equals: 'logged-model' }, deletedAt: null } as const;

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;

function findRow(modelId: string) {
  return db.loggedModel.findUnique({ where: { id: modelId }, include: loggedModelInclude });
}

export function toLoggedModelView(row: Row): LoggedModelView {
  const record = row.metadata as unknown as LoggedModelRecord;
  return {
    ...record,
    id: row.id,
    sourceRunId: row.runId,
    teamId: row.run.teamId,
    projectId: row.run.projectId,
    projectIsDefault: row.run.project.isDefault,
    artifactUri: `${row.run.artifactUri.replace(/\/+$/, '')}/${row.artifactPath}`,
    registrations: row.modelVersions.map((v) => ({ name: v.model.name, version: v.version })),
  };
}

/**
 * One logged model for a principal about to do `action`: missing, deleted, another team's, or
 * not an MLflow 3 model are all NOT_FOUND.
 */
export async function loadLoggedModelFor(principal: Principal, modelId: string, action: Action): Promise<LoggedModelView> {
  const row = idPattern.test(modelId) ? await findRow(modelId) : null;
  const isLoggedModel = (row?.metadata as { kind?: unknown } | undefined)?.kind === 'logged-model' && !row?.deletedAt;
  authorizeRow(principal, action, isLoggedModel ? row?.run.teamId : null, 'Logged model', modelId);
  if (!row) throw notFound('Logged model', modelId);
  return toLoggedModelView(row);
}

/** Reload after a write (no authorization: the caller just loaded it for one). */
export async function reloadLoggedModel(modelId: string): Promise<LoggedModelView> {
  const row = await findRow(modelId);
  if (!row) throw notFound('Logged model', modelId);
  return toLoggedModelView(row);
}

/**
 * Rewrite a model's metadata (finalize, tags) under a row lock, so concurrent updates keep
 * each other's changes; `action` is authorized first.
 */
export async function updateLoggedModelRecord(
  principal: Principal,
  modelId: string,
  change: (record: LoggedModelRecord) => LoggedModelRecord,
): Promise<LoggedModelView> {
  const model = await loadLoggedModelFor(principal, modelId, 'run:write');
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ metadata: LoggedModelRecord }>('SELECT metadata FROM logged_models WHERE id = $1 FOR UPDATE', [model.id]);
    const next = { ...change(rows[0].metadata), updatedMs: Date.now() };
    await client.query('UPDATE logged_models SET metadata = $2::jsonb WHERE id = $1', [model.id, JSON.stringify(next)]);
  });
  return reloadLoggedModel(model.id);
}
