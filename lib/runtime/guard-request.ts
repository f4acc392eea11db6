// Edge rules the Node server applies to every request before anything answers it.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { allowedHostsFrom, type HostMatcher } from '../http/allowed-hosts.ts';
import { clientAddressOf, servedOverHttps, stampClientAddress, trustedProxyHops } from '../http/client-address.ts';
import { crossOriginWriteReason, isCookieAuthenticatedWrite } from '../http/cross-origin-write.ts';
import { securityHeadersFor } from '../http/security-headers.ts';
import { asAppError } from '../errors.ts';
import { consumeRateLimit, peekRateLimit, type RateLimitVerdict } from '../ratelimit/consume-rate-limit.ts';
import { rateLimitOf, type RateLimit } from '../ratelimit/rate-limits.ts';

export type GuardOptions = {
  proxyHops: number;
  /** Host names served (DNS rebinding); default: allowedHostsFrom(process.env). */
  allowedHosts?: HostMatcher;
  /** Hosts of AUTH_URL and CAIRN_PUBLIC_URL: cookie writes from them are not cross-origin. */
  publicHosts?: readonly string[];
  /** Development: the page CSP allows what React's tooling needs. */
  dev?: boolean;
};

/** The guard's options from the environment (scripts/start.ts, once per server process). */
export function guardOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env, dev = false): Required<GuardOptions> {
  const publicHosts = [env.AUTH_URL, env.CAIRN_PUBLIC_URL].filter((url): url is string => !!url?.trim()).map((url) => new URL(url).host);
  // Read once here so a bad value stops the server at start, not at the first request.
  for (const bucket of ['sign-in-failure', 'sign-up', 'invitation', 'token'] as const) rateLimitOf(bucket, env);
  return { proxyHops: trustedProxyHops(env), allowedHosts: allowedHostsFrom(env), publicHosts, dev };
}

/**
 * The one guard every request passes, whoever answers it afterwards (the routes served before
 * Next, lib/http/pre-next.ts, or Next itself): scripts/start.ts calls it first in each server
 * process. Resolves true when it answered the request. Edge rules that apply to all of Cairn
 * (security headers, the host allow-list, CSRF origin checks, rate limits with counters in
 * PostgreSQL) belong here, so both paths get them; it may await (a rate-limit counter).
 */
export async function guardRequest(req: http.IncomingMessage, res: http.ServerResponse, options: GuardOptions): Promise<boolean> {
  if (refuseOverlongUrl(req, res) || refuseMalformedUrl(req, res)) return true;
  closeIfBodyUnread(req, res);
  stampClientAddress(req, options.proxyHops);
  const pathname = (req.url ?? '/').split('?')[0];
  const https = servedOverHttps(req, options.proxyHops);
  setSecurityHeaders(req, res, pathname, https, options.dev ?? false);

  const allowedHosts = options.allowedHosts ?? defaultHosts();
  const forwardedHost = options.proxyHops > 0 ? req.headers['x-forwarded-host'] : undefined;
  if (!allowedHosts(req.headers.host) || (typeof forwardedHost === 'string' && !allowedHosts(forwardedHost.split(',')[0]))) {
    refuse(res, pathname, { status: 421, code: 'HOST_NOT_ALLOWED', mlflowCode: 'PERMISSION_DENIED', message: `Cairn does not serve the host '${String(req.headers.host ?? '').slice(0, 200)}': add it to CAIRN_ALLOWED_HOSTS (or set AUTH_URL)` });
    return true;
  }

  if (isCookieAuthenticatedWrite(req, pathname)) {
    const served = [String(req.headers.host), ...(typeof forwardedHost === 'string' ? [forwardedHost.split(',')[0]] : []), ...(options.publicHosts ?? [])];
    const reason = crossOriginWriteReason(req.headers, served);
    if (reason) {
      refuse(res, pathname, { status: 403, code: 'CSRF_REJECTED', mlflowCode: 'PERMISSION_DENIED', message: `Refused a signed-in write from another site (${reason}); scripts authenticate with an API token` });
      return true;
    }
  }

  return refuseOverRateLimit(req, res, pathname, `${https ? 'https' : 'http'}://${req.headers.host}`);
}

let hostsFromEnv: HostMatcher | undefined;
const defaultHosts = () => (hostsFromEnv ??= allowedHostsFrom());

/** Every answer's security headers (lib/http/security-headers.ts); a page's nonce goes to Next. */
function setSecurityHeaders(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, https: boolean, dev: boolean): void {
  const { headers, nonce } = securityHeadersFor(pathname, { https, dev });
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  // Next.js takes the nonce for its inline scripts from the request's policy header.
  if (nonce) req.headers['content-security-policy'] = headers['content-security-policy'];
  else delete req.headers['content-security-policy'];
}

type Refusal = { status: number; code: string; mlflowCode: string; message: string; headers?: Record<string, string> };

const isMlflowPath = (pathname: string) => pathname.startsWith('/api/2.0/') || pathname.startsWith('/ajax-api/2.0/');

/** A refusal in the shape its API speaks: MLflow's, GraphQL's, Cairn's JSON, or text for pages. */
export function refuse(res: http.ServerResponse, pathname: string, refusal: Refusal): void {
  const headers = { 'cache-control': 'no-store', ...refusal.headers };
  let body: string;
  if (isMlflowPath(pathname)) body = JSON.stringify({ error_code: refusal.mlflowCode, message: refusal.message });
  else if (pathname === '/api/graphql') body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
  else if (pathname.startsWith('/api/')) body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  else {
    res.writeHead(refusal.status, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${refusal.message}\n`);
    return;
  }
  res.writeHead(refusal.status, { ...headers, 'content-type': 'application/json' });
  res.end(body);
}

/**
 * Rate limits decided at the edge (lib/ratelimit), counted in PostgreSQL: password sign-ins
 * from an address that failed too often this minute (the failures are counted by
 * lib/identity/authenticate.ts), sign-ups per address, and every request of an API token when
 * CAIRN_RATE_LIMIT_TOKEN_PER_MINUTE is set. Invitation redemption counts in its use case.
 */
async function refuseOverRateLimit(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, origin: string): Promise<boolean> {
  const check = rateLimitCheckFor(req, pathname);
  if (!check) return false;
  let verdict: RateLimitVerdict;
  try {
    verdict = await (check.peek ? peekRateLimit(check.rule, check.subject) : consumeRateLimit(check.rule, check.subject));
  } catch (error) {
    const appError = asAppError(error);
    if (appError?.code !== 'UNAVAILABLE') throw error;
    refuse(res, pathname, { status: 503, code: 'UNAVAILABLE', mlflowCode: 'TEMPORARILY_UNAVAILABLE', message: appError.message, headers: { 'retry-after': String(appError.details?.retryAfterSeconds ?? 5) } });
    return true;
  }
  if (verdict.allowed) return false;
  const message = `Too many ${check.what}; try again in ${verdict.retryAfterSeconds} s`;
  const headers = { 'retry-after': String(verdict.retryAfterSeconds) };
  if (check.rule.bucket === 'sign-in-failure') {
    // next-auth's signIn() reads `url` (an absolute URL: its error and code) from the answer.
    res.writeHead(429, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ url: `${origin}/api/auth/error?error=CredentialsSignin&code=rate_limited`, error: { code: 'RATE_LIMITED', message } }));
    return true;
  }
  refuse(res, pathname, { status: 429, code: 'RATE_LIMITED', mlflowCode: 'REQUEST_LIMIT_EXCEEDED', message, headers });
  return true;
}

type RateLimitCheck = { rule: RateLimit; subject: string; peek: boolean; what: string };

function rateLimitCheckFor(req: http.IncomingMessage, pathname: string): RateLimitCheck | null {
  const address = clientAddressOf({ get: (name: string) => (req.headers[name] as string | undefined) ?? null }) ?? 'unknown';
  if (req.method === 'POST' && pathname === '/api/auth/callback/credentials') {
    const rule = rateLimitOf('sign-in-failure');
    return rule && { rule, subject: address, peek: true, what: 'failed sign-ins from your address' };
  }
  if (req.method === 'POST' && pathname === '/api/auth/signup') {
    const rule = rateLimitOf('sign-up');
    return rule && { rule, subject: address, peek: false, what: 'sign-ups from your address' };
  }
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const rule = rateLimitOf('token');
    return rule && { rule, subject: tokenKey(authorization), peek: false, what: 'requests with this API token' };
  }
  return null;
}

/** The token an Authorization header carries (Bearer, or Basic's password), hashed: a counter's key. */
export function tokenKey(authorization: string): string {
  const [scheme, credentials = ''] = authorization.trim().split(/\s+/, 2);
  let token = credentials;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    token = decoded.slice(decoded.indexOf(':') + 1);
  }
  return createHash('sha256').update(token).digest('base64url').slice(0, 32);
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
