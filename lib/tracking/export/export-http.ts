// HTTP side of exports: resolve the caller (session cookie or API token, like every other
// entry point), run the export use case, and answer a streamed download. Errors before the
// first byte answer `{ error: { code, message } }` with the status of the code.
import { resolvePrincipal } from '../../authz/resolve-principal.ts';
import type { Principal } from '../../authz/index.ts';
import { errorResponse } from '../../identity/json-response.ts';
import type { ExportFile } from './export-runs.ts';

/** `attachment; filename="..."` with an ASCII fallback and the exact UTF-8 name (RFC 6266). */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function downloadResponse(request: Request, work: (principal: Principal) => Promise<ExportFile>): Promise<Response> {
  try {
    // The use case authorizes (export:read): a share link's principal gets NOT_FOUND there.
    const file = await work(await resolvePrincipal(request));
    return new Response(file.body, {
      status: 200,
      headers: {
        'content-type': file.contentType,
        'content-disposition': attachment(file.filename),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
