// A run's full metric history as CSV: GET /api/export/runs/<runId>/metrics[?key=a&key=b],
// with the session cookie or an API token. Streamed.
import { downloadResponse } from '@/lib/tracking/export/export-http.ts';
import { exportMetricHistory } from '@/lib/tracking/export/export-metric-history.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const keys = new URL(request.url).searchParams.getAll('key');
  return downloadResponse(request, (principal) => exportMetricHistory(principal, { runId, keys }));
}
