// The security headers of every answer (set by guardRequest, lib/runtime/guard-request.ts,
// before anything else answers). Pages get a Content-Security-Policy with a fresh nonce per
// request: Next.js reads the nonce from the request's own Content-Security-Policy header and
// puts it on the inline scripts it renders (so every page renders dynamically: app/layout.tsx).
// Handlers that need a stricter policy set their own and win (artifacts: a sandbox CSP;
// share pages: Referrer-Policy no-referrer, next.config.ts).
import { randomBytes } from 'node:crypto';

export type SecurityHeaderOptions = { https: boolean; dev?: boolean };

/** Served as attachments or JSON only: nothing in these answers runs, frames or loads. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The policy of pages. Scripts: this response's nonce, and what nonced scripts load
 * ('strict-dynamic': Next's chunks); development adds 'unsafe-eval' for React's tooling.
 * Styles: 'unsafe-inline', because React renders style attributes and plotly and React Flow
 * add <style> elements at run time (styles cannot run code). No outside origin anywhere:
 * Cairn loads nothing from the network at run time. Forms may post only here, except that
 * OAuth sign-in redirects to the provider, which form-action would block in Chromium.
 */
export function pagePolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Paths whose answers are data, never a page (the APIs; Auth.js's pages are pages). */
export function isApiPath(pathname: string): boolean {
  return (pathname.startsWith('/api/') && !pathname.startsWith('/api/auth/')) || pathname.startsWith('/ajax-api/');
}

/**
 * The headers for one answer, and the nonce its page may use (null for APIs).
 * HSTS only over https: sent over http it would be ignored, and it must never pin a plain
 * http deployment.
 */
export function securityHeadersFor(pathname: string, options: SecurityHeaderOptions): { headers: Record<string, string>; nonce: string | null } {
  const nonce = isApiPath(pathname) ? null : newNonce();
  const headers: Record<string, string> = {
    'content-security-policy': nonce ? pagePolicy(nonce, options.dev) : API_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (options.https) headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return { headers, nonce };
}

/**
 * The nonce of a page's policy (the request's Content-Security-Policy header, which
 * guardRequest sets for Next): for inline scripts a page renders itself, as Next does for its own.
 */
export function nonceOfPolicy(policy: string | null | undefined): string | undefined {
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(policy ?? '')?.[1];
}
