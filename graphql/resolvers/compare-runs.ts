// Runs side by side (the comparison table): params and latest metrics lined up with the
// runs, and which params differ. A fixed number of batched queries whatever the number of runs.
import { badInput } from '../../lib/errors.ts';
import type { GraphQLContext } from '../context.ts';
import type { RunComparisonModel, RunModel } from '../mappers.ts';
import { readableRun } from './shared.ts';

export const MAX_COMPARED_RUNS = 100;

type Aligned<T> = { key: string; values: (T | null)[] };

/** One row per key (sorted), values in the order of `perRun`, null where a run lacks the key. */
function align<E extends { key: string }, T>(perRun: readonly (readonly E[])[], pick: (entry: E) => T): Aligned<T>[] {
  const rows = new Map<string, (T | null)[]>();
  perRun.forEach((entries, runIndex) => {
    for (const entry of entries) {
      let values = rows.get(entry.key);
      if (!values) rows.set(entry.key, (values = perRun.map(() => null)));
      values[runIndex] = pick(entry);
    }
  });
  return [...rows.keys()].sort().map((key) => ({ key, values: rows.get(key)! }));
}

export async function compareRuns(context: GraphQLContext, runIds: readonly string[]): Promise<RunComparisonModel> {
  const ids = [...new Set(runIds)];
  if (ids.length === 0) throw badInput('Give at least one run id', { argument: 'runIds' });
  if (ids.length > MAX_COMPARED_RUNS) {
    throw badInput(`At most ${MAX_COMPARED_RUNS} runs can be compared`, { argument: 'runIds' });
  }
  const runs: RunModel[] = await Promise.all(ids.map((id) => readableRun(context, id)));
  const data = await Promise.all(ids.map((id) => context.loaders.runDataById.load(id)));
  const params = data.map((run) => run?.params ?? []);
  const metrics = data.map((run) => run?.metrics ?? []);
  const alignedParams = align(params, (param) => param.value).map((row) => ({
    ...row,
    differs: new Set(row.values).size > 1,
  }));
  const alignedMetrics = align(metrics, (metric) => metric).map(({ key, values }) => ({
    key,
    values: values.map((metric) => metric?.value ?? null),
    steps: values.map((metric) => metric?.step ?? null),
  }));
  return {
    runs,
    params: alignedParams,
    metrics: alignedMetrics,
    differingParamKeys: alignedParams.filter((row) => row.differs).map((row) => row.key),
  };
}
