// Who is calling, from the Request alone (headers and cookies; no next/headers), so route
// handlers work the same under Next and when tests call them in-process.
//
// Order: an Authorization header wins. `Bearer <token>` and `Basic base64(user:token)` (what
// the MLflow client sends for MLFLOW_TRACKING_TOKEN and MLFLOW_TRACKING_USERNAME/PASSWORD; the
// username is ignored) must carry a valid token: presented credentials that do not verify are
// UNAUTHENTICATED, never silently anonymous. Next, `X-Cairn-Share: <secret>` (what a share
// link's page sends) makes the caller that link's share principal, whoever is signed in: the
// page shows exactly what the link names; a dead link is UNAUTHENTICATED. Without either
// header, the Auth.js session cookie decides; a missing, tampered, expired or
// signed-out-everywhere session is anonymous.
import { unauthenticated } from '../errors.ts';
import { loadUserPrincipal } from '../identity/load-user-principal.ts';
import { sessionFromCookies } from '../identity/session-cookie.ts';
import { resolveShareLink } from '../sharing/resolve-share-link.ts';
import { SHARE_HEADER } from '../sharing/share-secret.ts';
import { verifyApiToken } from '../tokens/verify-api-token.ts';
import { clientAddressOf } from '../http/client-address.ts';
import { anonymous, type Principal, type TokenPrincipal, type UserPrincipal } from './principal.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export async function resolvePrincipal(request: Request): Promise<Principal> {
  const clientAddress = clientAddressOf(request.headers);
  const authorization = request.headers.get('authorization');
  if (authorization !== null) return withAddress(await verifyApiToken(tokenFromAuthorization(authorization)), clientAddress);

  const shareSecret = request.headers.get(SHARE_HEADER);
  if (shareSecret !== null) {
    const share = await resolveShareLink(shareSecret.trim());
    if (!share) throw unauthenticated('This share link is no longer valid');
    return share;
  }

  const session = await sessionFromCookies(request.headers.get('cookie'));
  if (!session) return anonymous;
  const user = await loadUserPrincipal(session.userId, session.sessionVersion);
  return user ? withAddress(user, clientAddress) : anonymous;
}

function withAddress<P extends UserPrincipal | TokenPrincipal>(principal: P, clientAddress: string | null): P {
  if (clientAddress) principal.clientAddress = clientAddress;
  return principal;
}

function tokenFromAuthorization(header: string): string {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const credentials = space < 0 ? '' : trimmed.slice(space + 1).trim();
  if (scheme === 'bearer') return credentials;
  if (scheme === 'basic') {
    if (!credentials || !BASE64.test(credentials)) throw unauthenticated('Malformed Basic credentials');
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw unauthenticated('Malformed Basic credentials');
    return decoded.slice(colon + 1);
  }
  throw unauthenticated('Unsupported Authorization scheme: send Bearer <token> or Basic with the token as password');
}
