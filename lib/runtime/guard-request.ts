// Edge rules the Node server applies to every request before anything answers it.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
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

/**
 * Requests Node refuses before any handler runs (URL and headers over its 16 KiB limit,
 * malformed HTTP, a request that never finished arriving): answered in MLflow's error shape like
 * every other refusal, instead of Node's empty body (the MLflow body fuzzer met a 431 without
 * one: a 10,000-character model id in the path and again in the query). The connection closes.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The URL and headers of a request may be at most 16 KiB']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive']
        : [400, 'Bad Request', 'Malformed HTTP request'];
  const body = JSON.stringify({ error_code: 'INVALID_PARAMETER_VALUE', message });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
