// The principal of the person viewing a page (server components, server actions): the same
// UserPrincipal that route handlers get from resolvePrincipal, decoded from the same session
// cookie by the same code (so "sign out everywhere" holds for pages too), or anonymous.
import { headers } from 'next/headers';
import { anonymous, type AnonymousPrincipal, type UserPrincipal } from '../authz/principal.ts';
import { clientAddressOf } from '../http/client-address.ts';
import { loadUserPrincipal } from './load-user-principal.ts';
import { sessionFromCookies } from './session-cookie.ts';

export async function currentPrincipal(): Promise<UserPrincipal | AnonymousPrincipal> {
  const requestHeaders = await headers();
  const session = await sessionFromCookies(requestHeaders.get('cookie'));
  if (!session) return anonymous;
  const user = await loadUserPrincipal(session.userId, session.sessionVersion);
  if (!user) return anonymous;
  const clientAddress = clientAddressOf(requestHeaders);
  if (clientAddress) user.clientAddress = clientAddress;
  return user;
}
