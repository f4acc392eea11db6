// Edge rules the Node server applies before Next sees a request.
import type http from 'node:http';

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

/** The header route handlers read the client's address from (lib/http/client-address.ts). */
export const CLIENT_ADDRESS_HEADER = 'x-cairn-client-address';

/**
 * Stamp the request with the address of the client, for the audit trail: the TCP peer, or
 * with CAIRN_TRUST_PROXY=1 (Cairn behind a reverse proxy) the first X-Forwarded-For entry.
 * Whatever the client sent in this header itself is replaced, so it cannot forge its address.
 */
export function stampClientAddress(req: http.IncomingMessage, trustProxy = process.env.CAIRN_TRUST_PROXY === '1'): void {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : '';
  const address = forwarded || req.socket.remoteAddress || '';
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete req.headers[CLIENT_ADDRESS_HEADER];
}
