// Edge rules the Node server applies to every request before anything answers it.
import type http from 'node:http';
import { stampClientAddress } from '../http/client-address.ts';

export type GuardOptions = { proxyHops: number };

/**
 * The one guard every request passes, whoever answers it afterwards (the routes served before
 * Next, lib/http/pre-next.ts, or Next itself): scripts/start.ts calls it first in each server
 * process. Resolves true when it answered the request. Edge rules that apply to all of Cairn
 * (security headers, the host allow-list, CSRF origin checks, rate limits with counters in
 * PostgreSQL) belong here, so both paths get them; it may await (a rate-limit counter).
 */
export async function guardRequest(req: http.IncomingMessage, res: http.ServerResponse, options: GuardOptions): Promise<boolean> {
  if (refuseOverlongUrl(req, res) || refuseMalformedUrl(req, res)) return true;
  stampClientAddress(req, options.proxyHops);
  closeIfBodyUnread(req, res);
  return false;
}

/**
 * A URL whose percent-encoding is malformed (`%E0%A4%A`) makes Next answer 500 before any
 * route runs; refuse it as bad input instead, in MLflow's error shape (the API most clients use).
 * Returns true when the request was answered.
 */
export function refuseMalformedUrl(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const pathname = (req.url ?? '/').split('?')[0];
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    res.writeHead(400, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Malformed percent-encoding in the URL' }));
    return true;
  }
}

/** Longest request target served (8 KiB, gunicorn's and nginx's order of magnitude). */
export const MAX_URL_LENGTH = 8192;

/**
 * An over-long URL is refused with 414 before Next sees it: Next answers some paths (double
 * slashes) with a redirect that repeats the URL in two headers, and clients refuse response
 * headers that large (undici's limit is 16 KiB), so the caller would see a broken connection.
 * Returns true when the request was answered.
 */
export function refuseOverlongUrl(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if ((req.url ?? '').length <= MAX_URL_LENGTH) return false;
  res.writeHead(414, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ error_code: 'INVALID_PARAMETER_VALUE', message: `The URL is longer than ${MAX_URL_LENGTH} characters` }));
  return true;
}

/**
 * A handler may answer before reading the whole body (a refused upload). The connection
 * cannot carry another request after that (the unread bytes would be parsed as one), so the
 * response goes out with `Connection: close` and Node closes the socket once it is sent.
 * Saying so in the response matters: closing a keep-alive socket silently lets the client
 * reuse it for its next request, which then fails with ECONNRESET.
 */
export function closeIfBodyUnread(req: http.IncomingMessage, res: http.ServerResponse): void {
  const writeHead = res.writeHead;
  // Every way of sending the head (explicit or implied by write/end) goes through writeHead.
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!req.complete) this.shouldKeepAlive = false;
    return writeHead.apply(this, args);
  } as typeof writeHead;
}
