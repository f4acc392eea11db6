// Who is making a request. Resolved once per request (lib/authz/resolve-principal.ts)
// with the memberships it needs, so every authorization decision after that is a
// pure function (lib/authz/policy.ts).
import type { TeamRole, TokenScope } from '../db/client.ts';

export type UserPrincipal = {
  kind: 'user';
  userId: string;
  email: string;
  isInstanceAdmin: boolean;
  /** teamId -> role, for every team the user belongs to. */
  memberships: ReadonlyMap<string, TeamRole>;
};

export type TokenPrincipal = {
  kind: 'token';
  userId: string;
  email: string;
  tokenId: string;
  teamId: string;
  scope: TokenScope;
  /** The token owner's current role in the token's team (a token never exceeds it). */
  role: TeamRole;
};

/** A visitor holding a share link: read-only, one team, one target. */
export type SharePrincipal = {
  kind: 'share';
  shareLinkId: string;
  teamId: string;
  targetType: string;
  targetId: string;
};

export type AnonymousPrincipal = { kind: 'anonymous' };

export type Principal = UserPrincipal | TokenPrincipal | SharePrincipal | AnonymousPrincipal;

export const anonymous: AnonymousPrincipal = { kind: 'anonymous' };

/** The user behind a principal, if any (for author/actor columns). */
export function actorUserId(principal: Principal): string | null {
  return principal.kind === 'user' || principal.kind === 'token' ? principal.userId : null;
}
