// Presigned downloads: not offered. The MLflow client only asks when
// MLFLOW_ENABLE_PROXY_MULTIPART_DOWNLOAD is set, and on 501 falls back to the streamed GET.
import { notImplemented } from '@/lib/tracking/artifacts/artifact-http.ts';

export const GET = () => notImplemented('Presigned artifact downloads are not supported; download through the artifact proxy');
