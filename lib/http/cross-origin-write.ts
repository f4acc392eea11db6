// CSRF for cookie-authenticated writes, on top of the JSON content-type rule the APIs already
// apply: a browser says where a request comes from (Sec-Fetch-Site; Origin on every
// cross-origin and every non-GET request), so a write carried by the session cookie is refused
// when another site (or a sibling subdomain: same-site is not same-origin) sent it. Requests
// without either header are not from a browser page (scripts, curl, the MLflow client) and
// keep working; requests that authenticate otherwise (Authorization, a share link's header)
// carry no ambient credential to abuse. Auth.js's own endpoints check their CSRF token.
import type http from 'node:http';
import { SESSION_COOKIE } from '../identity/session-cookie.ts';
import { SHARE_HEADER } from '../sharing/share-secret.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SESSION_COOKIE_PATTERN = new RegExp(`(?:^|;)\\s*(?:__Secure-)?${SESSION_COOKIE.replace(/\./g, '\\.')}(?:\\.\\d+)?=`);

/** A write that only the session cookie authenticates. */
export function isCookieAuthenticatedWrite(req: Pick<http.IncomingMessage, 'method' | 'headers'>, pathname: string): boolean {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return false;
  if (pathname.startsWith('/api/auth/') && pathname !== '/api/auth/signup') return false;
  if (req.headers.authorization !== undefined || req.headers[SHARE_HEADER] !== undefined) return false;
  const cookie = req.headers.cookie;
  return typeof cookie === 'string' && SESSION_COOKIE_PATTERN.test(cookie);
}

/** `Host`-style `name[:port]`, lowercased, without a default port. */
const normalHost = (host: string) => host.trim().toLowerCase().replace(/:(80|443)$/, '');

/**
 * Why a cookie-authenticated write must be refused, or null. `servedHosts`: the host the
 * request was addressed to (Host, and a trusted proxy's X-Forwarded-Host) and the hosts of
 * AUTH_URL and CAIRN_PUBLIC_URL. Origin is compared by host, as Next.js compares it for server
 * actions: behind a proxy that terminates TLS the scheme Cairn sees is not the browser's, and a
 * page served over plain http on Cairn's own host would mean the network is already hostile.
 */
export function crossOriginWriteReason(headers: http.IncomingHttpHeaders, servedHosts: readonly string[]): string | null {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return `a ${site} request`;
  const origin = headers.origin;
  if (origin === undefined) return null;
  let originHost: string | null = null;
  try {
    originHost = normalHost(new URL(origin).host);
  } catch {
    // `null` (sandboxed frames, privacy-sensitive redirects) or garbage: not Cairn's
  }
  return originHost && servedHosts.some((host) => normalHost(host) === originHost) ? null : `a request from ${origin.slice(0, 200)}`;
}
