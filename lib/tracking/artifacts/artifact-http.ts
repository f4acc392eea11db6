// HTTP side of artifacts, shared by the MLflow artifact proxy
// (/api/2.0/mlflow-artifacts/artifacts/..., also reached as /ajax-api/2.0/...) and the
// signed-in download route (/api/artifacts/<runId>/<path>). Thin: take the raw path from the
// URL, decode it exactly once, call the use case, shape the response.
import { resolvePrincipal } from '../../authz/resolve-principal.ts';
import type { Principal } from '../../authz/index.ts';
import { badInput, notFound, unauthenticated } from '../../errors.ts';
import { resolveShareLink } from '../../sharing/resolve-share-link.ts';
import { mlflowErrorResponse } from '../../http/mlflow/errors.ts';
import { decodeArtifactUrlPath, normalizeArtifactPath } from '../../storage/artifact-path.ts';
import { maxArtifactBytes, payloadTooLarge } from '../../storage/index.ts';
import { parseRunArtifactPath } from './artifact-location.ts';
import { contentDisposition, isInlineSafe } from './content-type.ts';
import { deleteArtifact } from './delete-artifact.ts';
import { downloadArtifact, type DownloadedArtifact } from './download-artifact.ts';
import { listArtifacts } from './list-artifacts.ts';
import { uploadArtifact } from './upload-artifact.ts';

const PROXY_ROOT = /^.*?\/2\.0\/mlflow-artifacts\/artifacts(?=\/|$)/;

/**
 * The still-encoded part of the URL after `/mlflow-artifacts/artifacts`, without surrounding
 * slashes. Taken from the URL rather than Next's params so that decoding happens exactly
 * once, here, whatever the router did.
 */
export function rawProxyPath(request: Request): string {
  const pathname = new URL(request.url).pathname;
  const match = PROXY_ROOT.exec(pathname);
  if (!match) throw badInput('Not an artifact proxy URL');
  return pathname.slice(match[0].length).replace(/^\/+/, '').replace(/\/+$/, '');
}

async function signedInPrincipal(request: Request): Promise<Principal> {
  const principal = await resolvePrincipal(request);
  if (principal.kind === 'anonymous') throw unauthenticated();
  return principal;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Headers that keep an artifact a download, never a page of Cairn's origin. */
export function artifactResponse(artifact: DownloadedArtifact): Response {
  const headers = new Headers({
    'content-type': artifact.contentType,
    'content-disposition': contentDisposition(artifact.path, artifact.contentType),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'private, no-cache',
    'accept-ranges': 'bytes',
    etag: `"${artifact.sha256}"`,
    'last-modified': artifact.updatedAt.toUTCString(),
  });
  if (!isInlineSafe(artifact.contentType)) headers.set('x-download-options', 'noopen');
  if (artifact.range) {
    const { start, end } = artifact.range;
    headers.set('content-range', `bytes ${start}-${end}/${artifact.size}`);
    headers.set('content-length', String(end - start + 1));
    return new Response(artifact.body, { status: 206, headers });
  }
  headers.set('content-length', String(artifact.size));
  return new Response(artifact.body, { status: 200, headers });
}

/** Refuse before reading when the client announces a body over the limit. */
function checkDeclaredLength(request: Request): void {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxArtifactBytes()) {
    throw payloadTooLarge(maxArtifactBytes());
  }
}

async function answer(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return mlflowErrorResponse(error);
  }
}

/** GET: download `<projectId>/<runId>/artifacts/<path>`, or list `?path=<dir>` on the bare root. */
export function proxyGet(request: Request): Promise<Response> {
  return answer(async () => {
    const principal = await signedInPrincipal(request);
    const raw = rawProxyPath(request);
    if (raw === '') {
      // URLSearchParams already decoded the value once: validate it, never decode again.
      const location = parseRunArtifactPath(normalizeArtifactPath(new URL(request.url).searchParams.get('path') ?? ''));
      const listing = await listArtifacts(principal, location);
      const files = listing.files.map((f) => ({
        path: f.path.slice(f.path.lastIndexOf('/') + 1),
        is_dir: f.isDir,
        ...(f.fileSize === undefined ? {} : { file_size: f.fileSize }),
      }));
      return json(files.length ? { files } : {});
    }
    const location = parseRunArtifactPath(decodeArtifactUrlPath(raw));
    const artifact = await downloadArtifact(principal, { ...location, range: request.headers.get('range') });
    return artifactResponse(artifact);
  });
}

/** PUT: streamed upload of the request body. */
export function proxyPut(request: Request): Promise<Response> {
  return answer(async () => {
    const principal = await signedInPrincipal(request);
    const location = parseRunArtifactPath(decodeArtifactUrlPath(rawProxyPath(request)));
    checkDeclaredLength(request);
    await uploadArtifact(principal, { ...location, body: request.body, contentType: request.headers.get('content-type') });
    return json({});
  });
}

/** DELETE: a file or a whole directory (the run's root included). */
export function proxyDelete(request: Request): Promise<Response> {
  return answer(async () => {
    const principal = await signedInPrincipal(request);
    const location = parseRunArtifactPath(decodeArtifactUrlPath(rawProxyPath(request)));
    await deleteArtifact(principal, location);
    return json({});
  });
}

const DOWNLOAD_ROOT = /^.*?\/api\/artifacts\/([^/]+)(?:\/(.*))?$/;
const SHARE_DOWNLOAD_ROOT = /^.*?\/s\/[^/]+\/artifacts\/([^/]+)(?:\/(.*))?$/;

/** Downloads `<runId>/<path>` as matched by `root` from the URL, for the principal `resolve` finds. */
function download(request: Request, root: RegExp, resolve: () => Promise<Principal>): Promise<Response> {
  return answer(async () => {
    const principal = await resolve();
    const match = root.exec(new URL(request.url).pathname);
    if (!match) throw badInput('Not an artifact download URL');
    const runId = decodeArtifactUrlPath(match[1]);
    const path = decodeArtifactUrlPath((match[2] ?? '').replace(/\/+$/, ''));
    const artifact = await downloadArtifact(principal, { runId, path, range: request.headers.get('range') });
    return artifactResponse(artifact);
  });
}

/** GET /api/artifacts/<runId>/<path>: the web UI's download link, same rules as the proxy. */
export function signedInDownload(request: Request): Promise<Response> {
  return download(request, DOWNLOAD_ROOT, () => signedInPrincipal(request));
}

/**
 * GET /s/<secret>/artifacts/<runId>/<path>: a share page's download link (a plain link cannot
 * send the share header). Only runs the link names, only when its creator allowed artifacts;
 * a dead link is as missing as the file.
 */
export function shareDownload(request: Request, secret: string): Promise<Response> {
  return download(request, SHARE_DOWNLOAD_ROOT, async () => {
    const share = await resolveShareLink(secret);
    if (!share) throw notFound('Share link');
    return share;
  });
}

/** What MLflow's client looks for to fall back from multipart/presigned transfers to plain ones. */
export const UNSUPPORTED_MULTIPART_MESSAGE = 'Multipart upload is not supported for the current artifact repository';

export function notImplemented(message: string): Response {
  return json({ error_code: 'NOT_IMPLEMENTED', message }, 501);
}
