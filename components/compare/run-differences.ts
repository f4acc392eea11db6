// What differs between two runs, for the compare view's summary: params, user tags, the
// datasets' digests (per dataset name and context) and the code versions. Pure; tested beside.
import type { RunRow } from '@/lib/tracking/runs-table/run-row';

export type Difference = { key: string; a: string | null; b: string | null };
export type RunDifferences = { params: Difference[]; tags: Difference[]; data: Difference[]; code: Difference[] };

function differences(a: Record<string, string>, b: Record<string, string>): Difference[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((key) => (a[key] === b[key] ? [] : [{ key, a: a[key] ?? null, b: b[key] ?? null }]));
}

const userTags = (row: RunRow) => Object.fromEntries(Object.entries(row.tags).filter(([key]) => !key.startsWith('mlflow.')));

function digests(row: RunRow): Record<string, string> {
  return Object.fromEntries(row.datasets.map((dataset) => [dataset.context ? `${dataset.name} (${dataset.context})` : dataset.name, dataset.digest]));
}

function code(row: RunRow): Record<string, string> {
  const fields: [string, string | null][] = [
    ['commit', row.codeVersion],
    ['branch', row.gitBranch],
    ['entry point', row.entryPoint],
  ];
  return Object.fromEntries(fields.filter((field): field is [string, string] => field[1] !== null));
}

export function runDifferences(a: RunRow, b: RunRow): RunDifferences {
  return {
    params: differences(a.params, b.params),
    tags: differences(userTags(a), userTags(b)),
    data: differences(digests(a), digests(b)),
    code: differences(code(a), code(b)),
  };
}
