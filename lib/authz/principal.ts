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
  /** Where the request came from (lib/http/client-address.ts), for the audit trail. */
  clientAddress?: string;
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
  /** Where the request came from (lib/http/client-address.ts), for the audit trail. */
  clientAddress?: string;
};

/** What a share link names. (Model versions join this union when the registry lands.) */
export type ShareTargetRef = { type: 'RUN'; id: string } | { type: 'COMPARISON'; id: string };

/**
 * A visitor holding a share link: read-only, narrowed to the one thing the link names. The
 * policy lets it reach those runs (and, for a comparison, that comparison) and nothing else:
 * every other row of the team is NOT_FOUND, every team-level read too (see policy.ts).
 */
export type SharePrincipal = {
  kind: 'share';
  shareLinkId: string;
  teamId: string;
  target: ShareTargetRef;
  /** Every run the link shows: the run itself, or the comparison's runs. */
  runIds: ReadonlySet<string>;
  /** Whether the creator included the target's comments. */
  includeComments: boolean;
  /** Whether the creator allowed artifact downloads. */
  allowArtifacts: boolean;
};

export type AnonymousPrincipal = { kind: 'anonymous' };

/**
 * The operator at the admin CLI (scripts/admin.ts), who already holds the database.
 * Never built from an HTTP request.
 */
export type SystemPrincipal = { kind: 'system'; actorUserId?: string };

export type Principal = UserPrincipal | TokenPrincipal | SharePrincipal | AnonymousPrincipal | SystemPrincipal;

export const anonymous: AnonymousPrincipal = { kind: 'anonymous' };
export const system: SystemPrincipal = { kind: 'system' };

/** The client address a principal's request came from, when known (audit events). */
export function clientAddressOf(principal: Principal): string | null {
  return 'clientAddress' in principal && typeof principal.clientAddress === 'string' ? principal.clientAddress : null;
}

/** The user behind a principal, if any (for author/actor columns). */
export function actorUserId(principal: Principal): string | null {
  if (principal.kind === 'user' || principal.kind === 'token') return principal.userId;
  return principal.kind === 'system' ? (principal.actorUserId ?? null) : null;
}
