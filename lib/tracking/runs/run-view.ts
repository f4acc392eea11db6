// What the run use cases return: a run's info plus (optionally) its data (params, tags,
// latest metrics, dataset inputs), loaded for many runs with a constant number of queries.
import { db, type LifecycleStage, type RunStatus } from '../../db/client.ts';
import { listInputsForRuns, type RunInputView } from '../datasets/list-run-inputs.ts';
import { liveLoggedModel } from '../models/logged-model-view.ts';
import { systemFieldsFromTags, type RunSystemFields } from '../system-tags.ts';

export type KeyValue = { key: string; value: string };
export type MetricView = { key: string; value: number; timestamp: bigint; step: bigint };

export type RunInfoView = {
  id: string;
  projectId: bigint;
  /** The project is its team's Default (MLflow experiment "0"). */
  projectIsDefault: boolean;
  teamId: string;
  name: string;
  status: RunStatus;
  startTime: bigint;
  endTime: bigint | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
  authorId: string | null;
  authorEmail: string | null;
  parentRunId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type RunView = RunInfoView & {
  params: KeyValue[];
  tags: KeyValue[];
  metrics: MetricView[];
  inputs: RunInputView[];
  /** MLflow 3 logged models the run produced, with the step each was produced at (run.outputs). */
  modelOutputs: { modelId: string; step: number }[];
  system: RunSystemFields;
  /** MLflow's user_id: the client's `mlflow.user`, else the Cairn author's email. */
  userId: string;
};

const infoSelect = {
  id: true,
  projectId: true,
  teamId: true,
  name: true,
  status: true,
  startTime: true,
  endTime: true,
  artifactUri: true,
  lifecycleStage: true,
  authorId: true,
  parentRunId: true,
  createdAt: true,
  updatedAt: true,
  project: { select: { isDefault: true } },
  author: { select: { email: true } },
} as const;

/** Run infos in the order of `runIds` (missing ids are skipped). No authorization: callers filter. */
export async function loadRunInfos(runIds: readonly string[]): Promise<RunInfoView[]> {
  if (runIds.length === 0) return [];
  const rows = await db.run.findMany({ where: { id: { in: [...runIds] } }, select: infoSelect });
  const byId = new Map(
    rows.map(({ project, author, ...row }) => [
      row.id,
      { ...row, projectIsDefault: project.isDefault, authorEmail: author?.email ?? null } satisfies RunInfoView,
    ]),
  );
  return runIds.flatMap((id) => byId.get(id) ?? []);
}

function groupByRun<T extends { runId: string }>(rows: T[]): Map<string, Omit<T, 'runId'>[]> {
  const grouped = new Map<string, Omit<T, 'runId'>[]>();
  for (const { runId, ...rest } of rows) {
    const list = grouped.get(runId);
    if (list) list.push(rest);
    else grouped.set(runId, [rest]);
  }
  return grouped;
}

/** Full run views (info + data) in the order of `runIds`; 6 queries whatever the count. */
export async function loadRunViews(runIds: readonly string[]): Promise<RunView[]> {
  const infos = await loadRunInfos(runIds);
  if (infos.length === 0) return [];
  const ids = infos.map((i) => i.id);
  const [params, tags, metrics, inputs, models] = await Promise.all([
    db.param.findMany({ where: { runId: { in: ids } }, orderBy: [{ runId: 'asc' }, { key: 'asc' }] }),
    db.runTag.findMany({ where: { runId: { in: ids } }, orderBy: [{ runId: 'asc' }, { key: 'asc' }] }),
    db.latestMetric.findMany({ where: { runId: { in: ids } }, orderBy: [{ runId: 'asc' }, { key: 'asc' }] }),
    listInputsForRuns(ids),
    db.loggedModel.findMany({
      where: { runId: { in: ids }, ...liveLoggedModel },
      select: { runId: true, id: true, metadata: true },
      orderBy: [{ runId: 'asc' }, { createdAt: 'asc' }],
    }),
  ]);
  const paramsByRun = groupByRun(params);
  const tagsByRun = groupByRun(tags);
  const metricsByRun = groupByRun(metrics);
  const modelsByRun = groupByRun(
    models.map((m) => ({ runId: m.runId, modelId: m.id, step: Number((m.metadata as { outputStep?: number }).outputStep ?? 0) })),
  );
  return infos.map((info) => {
    const runTags = tagsByRun.get(info.id) ?? [];
    const system = systemFieldsFromTags(runTags);
    return {
      ...info,
      params: paramsByRun.get(info.id) ?? [],
      tags: runTags,
      metrics: metricsByRun.get(info.id) ?? [],
      inputs: inputs.get(info.id) ?? [],
      modelOutputs: modelsByRun.get(info.id) ?? [],
      system,
      userId: system.user ?? info.authorEmail ?? '',
    };
  });
}

