// MLflow artifact proxy (mlflow_artifacts.proto), what `mlflow-artifacts:/` run roots resolve to:
// GET <projectId>/<runId>/artifacts/<path> downloads, GET ?path=<dir> lists, PUT uploads
// (streamed), DELETE removes. /ajax-api/2.0/... reaches here through next.config.ts rewrites.
import { proxyDelete, proxyGet, proxyPut } from '@/lib/tracking/artifacts/artifact-http.ts';

export const dynamic = 'force-dynamic';

export const GET = (request: Request) => proxyGet(request);
export const PUT = (request: Request) => proxyPut(request);
export const DELETE = (request: Request) => proxyDelete(request);
