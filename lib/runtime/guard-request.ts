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
 * A handler may answer before reading the whole body (a refused upload). Keeping such a
 * socket alive lets the unread bytes corrupt the client's next request on it, so close it.
 */
export function closeIfBodyUnread(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.on('finish', () => {
    if (!req.complete) req.socket.destroySoon?.() ?? req.socket.end();
  });
}
