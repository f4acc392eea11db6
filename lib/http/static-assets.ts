// The build's static assets (/_next/static/*: content-hashed scripts, styles, fonts), and the
// scripts served beside the build's (/_vendor/*: lib/runtime/publish-plotly-script.ts), answered
// before Next from the copies lib/runtime/precompress-static.ts compressed once per build:
// brotli or gzip as the client accepts (Content-Encoding, Vary: Accept-Encoding), the plain
// file otherwise, cached for a year as immutable (as Next does: a changed file has a new name).
// A script or style without its copies (they could not be written) is left to Next.
// Next compressed them per request, CPU that a cold page load's data request was waiting for.
//
// sirv (lukeed/sirv) does the serving: it indexes the directory once at start (no file system
// call per request but the read), picks `.br`/`.gz` siblings by Accept-Encoding, and handles
// HEAD, Range and ETag; writing that by hand would repeat a small, well-kept library.
import type http from 'node:http';
import sirv from 'sirv';
import { filesWithoutCopies } from '../runtime/precompress-static.ts';

export const STATIC_PREFIX = '/_next/static/';

/** The header without the codings the client refuses (`;q=0`), which sirv would otherwise pick. */
export function withoutRefusedCodings(acceptEncoding: string): string {
  return acceptEncoding
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding && !/;\s*q\s*=\s*0(\.0{0,3})?\s*$/i.test(coding))
    .join(', ');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The handler for `staticDir` (the build's .next/static) at `prefix`: answers and resolves true
 * for a GET or HEAD of a file there, else resolves false without touching the request (Next
 * answers it). `uncompressedToNext: false` serves a file without copies too (no Next route
 * would answer for it).
 */
export function createStaticAssetHandler(
  staticDir: string,
  { prefix = STATIC_PREFIX, uncompressedToNext = true }: { prefix?: string; uncompressedToNext?: boolean } = {},
): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  const serve = sirv(staticDir, { brotli: true, gzip: true, etag: true, maxAge: 31_536_000, immutable: true, extensions: [], dotfiles: false });
  // Sent uncompressed here, they are better left to Next's per-request compression.
  const uncompressed = uncompressedToNext ? filesWithoutCopies(staticDir) : new Set<string>();
  return (req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(prefix) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    if (uncompressed.size > 0 && uncompressed.has(decodeURIComponentSafe(url.slice(prefix.length).split('?')[0]))) return false;
    const acceptEncoding = req.headers['accept-encoding'];
    let found = true;
    // sirv looks the path up relative to its directory: the URL without the prefix, for this call only.
    req.url = url.slice(prefix.length - 1);
    req.headers['accept-encoding'] = withoutRefusedCodings(String(acceptEncoding ?? ''));
    try {
      serve(req, res, () => {
        found = false;
      });
    } finally {
      req.url = url;
      if (acceptEncoding === undefined) delete req.headers['accept-encoding'];
      else req.headers['accept-encoding'] = acceptEncoding;
      delete (req as { _parsedUrl?: unknown })._parsedUrl;
    }
    return found;
  };
}
