// The principal of the person viewing a page (server components, server actions): the same
// UserPrincipal that route handlers get from resolvePrincipal, or anonymous.
import { anonymous, type AnonymousPrincipal, type UserPrincipal } from '../authz/principal.ts';
import { auth } from './auth.ts';
import { loadUserPrincipal } from './load-user-principal.ts';

export async function currentPrincipal(): Promise<UserPrincipal | AnonymousPrincipal> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return anonymous;
  return (await loadUserPrincipal(userId)) ?? anonymous;
}
