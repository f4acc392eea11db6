// The client's address as the server stamped it on the request (lib/runtime/guard-request.ts:
// the TCP peer, or X-Forwarded-For behind a trusted proxy), for audit events. Null when the
// request did not come through Cairn's HTTP server (in-process tests).
import { CLIENT_ADDRESS_HEADER } from '../runtime/guard-request.ts';

export function clientAddress(request: Request | null | undefined): string | null {
  const value = request?.headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  return value ? value.slice(0, 100) : null;
}
