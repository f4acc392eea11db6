// The datasets a run used (MLflow run inputs), for run views and GraphQL.
import type { Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { loadRunFor } from '../runs/load-run-for.ts';

export type DatasetView = {
  id: string;
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema: string | null;
  profile: string | null;
};

export type RunInputView = {
  dataset: DatasetView;
  /** The input tags as logged, mlflow.data.context included. */
  tags: { key: string; value: string }[];
  context: string | null;
};

/** An input's tags as logged (a JSON array of {key, value}), malformed entries left out. */
export function runInputTags(json: unknown): { key: string; value: string }[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((t) =>
    t && typeof t === 'object' && typeof t.key === 'string' ? [{ key: t.key as string, value: String(t.value ?? '') }] : [],
  );
}

/** Inputs per run id, in logging order. One query; no authorization (callers load authorized runs). */
export async function listInputsForRuns(runIds: readonly string[]): Promise<Map<string, RunInputView[]>> {
  const grouped = new Map<string, RunInputView[]>();
  if (runIds.length === 0) return grouped;
  const rows = await db.runInput.findMany({
    where: { runId: { in: [...runIds] } },
    include: { dataset: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  for (const row of rows) {
    const { id, name, digest, sourceType, source, schema, profile } = row.dataset;
    const view: RunInputView = {
      dataset: { id, name, digest, sourceType, source, schema, profile },
      tags: runInputTags(row.tags),
      context: row.context,
    };
    const list = grouped.get(row.runId);
    if (list) list.push(view);
    else grouped.set(row.runId, [view]);
  }
  return grouped;
}

export async function listRunInputs(principal: Principal, input: { runId: string }): Promise<RunInputView[]> {
  const run = await loadRunFor(principal, input.runId, 'team:read');
  return (await listInputsForRuns([run.id])).get(run.id) ?? [];
}
