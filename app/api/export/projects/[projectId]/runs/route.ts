// The runs table as CSV or Parquet: GET /api/export/projects/<id>/runs?format=csv|parquet
// &filter=...&orderBy=...&column=...&status=...&user=...&digest=... (see export-urls.ts),
// with the session cookie or an API token. Streamed.
import { downloadResponse } from '@/lib/tracking/export/export-http.ts';
import { exportRuns } from '@/lib/tracking/export/export-runs.ts';
import { readRunsExportUrl } from '@/lib/tracking/export/export-urls.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const input = readRunsExportUrl(projectId, new URL(request.url).searchParams);
  return downloadResponse(request, (principal) => exportRuns(principal, input));
}
