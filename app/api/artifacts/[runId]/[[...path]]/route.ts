// Artifact downloads for the web UI: GET /api/artifacts/<runId>/<path> with the session
// cookie (or a token). Same use case and rules as the MLflow proxy.
import { signedInDownload } from '@/lib/tracking/artifacts/artifact-http.ts';

export const dynamic = 'force-dynamic';

export const GET = (request: Request) => signedInDownload(request);
