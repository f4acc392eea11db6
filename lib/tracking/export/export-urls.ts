// Download URLs of exports, built (GraphQL, pages) and read back (the download routes) in
// one place so both sides always agree. The URL carries only the query; whoever fetches it
// is authorized again by the route with their own session or API token.
import type { ExportRunsInput } from './export-runs.ts';

type Texts = readonly string[] | null | undefined;
export type RunsExportQuery = {
  projectId: string;
  format: 'csv' | 'parquet';
  filter?: string | null;
  orderBy?: Texts;
  columns?: Texts;
  quick?: { statuses?: Texts; users?: Texts; datasetDigests?: Texts } | null;
  viewType?: string | null;
};

const list = (params: URLSearchParams, name: string, values: Texts) => {
  for (const value of values ?? []) params.append(name, value);
};

export function runsExportUrl(input: RunsExportQuery): string {
  const params = new URLSearchParams({ format: input.format });
  if (input.filter) params.set('filter', input.filter);
  list(params, 'orderBy', input.orderBy);
  list(params, 'column', input.columns);
  list(params, 'status', input.quick?.statuses);
  list(params, 'user', input.quick?.users);
  list(params, 'digest', input.quick?.datasetDigests);
  if (input.viewType && input.viewType !== 'ACTIVE_ONLY') params.set('viewType', input.viewType);
  return `/api/export/projects/${encodeURIComponent(input.projectId)}/runs?${params}`;
}

/** The export a runs-export URL asks for (values unchecked: the use case validates them). */
export function readRunsExportUrl(projectId: string, search: URLSearchParams): ExportRunsInput {
  const all = (name: string) => search.getAll(name);
  return {
    projectId,
    format: (search.get('format') ?? 'csv') as ExportRunsInput['format'],
    filter: search.get('filter'),
    orderBy: all('orderBy'),
    columns: all('column'),
    quick: { statuses: all('status') as never, users: all('user'), datasetDigests: all('digest') },
    viewType: (search.get('viewType') ?? 'ACTIVE_ONLY') as ExportRunsInput['viewType'],
  };
}

export function metricHistoryExportUrl(runId: string, keys: readonly string[] | null | undefined): string {
  const params = new URLSearchParams();
  list(params, 'key', keys);
  const query = params.toString();
  return `/api/export/runs/${encodeURIComponent(runId)}/metrics${query ? `?${query}` : ''}`;
}
