// Proxied multipart uploads (mpu/create|complete|abort): not offered. The MLflow client only
// tries them when MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD is set, and on this 501 and message it
// falls back to one streamed PUT, which has no size limit beyond CAIRN_MAX_ARTIFACT_BYTES.
import { notImplemented, UNSUPPORTED_MULTIPART_MESSAGE } from '@/lib/tracking/artifacts/artifact-http.ts';

export const POST = () => notImplemented(UNSUPPORTED_MULTIPART_MESSAGE);
