// HTTP side of exports: resolve the caller (session cookie or API token, like every other
// entry point), run the export use case, and answer a streamed download. Errors before the
// first byte answer `{ error: { code, message } }` with the status of the code.
import { resolvePrincipal } from '../../authz/resolve-principal.ts';
import type { Principal } from '../../authz/index.ts';
import { forbidden, unauthenticated } from '../../errors.ts';
import { errorResponse } from '../../identity/json-response.ts';
import type { ExportFile } from './export-runs.ts';

/** `attachment; filename="..."` with an ASCII fallback and the exact UTF-8 name (RFC 6266). */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

async function exportingPerson(request: Request): Promise<Principal> {
  const principal = await resolvePrincipal(request);
  if (principal.kind === 'anonymous') throw unauthenticated();
  // Exports are whole tables: a share link names one resource and never exports a project.
  if (principal.kind !== 'user' && principal.kind !== 'token') throw forbidden('Exports need a signed-in member or an API token');
  return principal;
}

export async function downloadResponse(request: Request, work: (principal: Principal) => Promise<ExportFile>): Promise<Response> {
  try {
    const file = await work(await exportingPerson(request));
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
