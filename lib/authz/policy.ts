// The one place that decides whether a principal may do an action in a team.
// Deny by default: an action is allowed only if a rule below says so.
//
// Roles:  viewer reads; member writes runs, projects, comments and registry
// entries; admin manages members, tokens and registry stages; owner deletes the team.
// Tokens: a read token only reads; a write token may do what its user's role allows,
// except actions reserved for an interactive session (identity and team management).
// Not a member of the team: NOT_FOUND, so other teams' resources are never revealed.
import { forbidden, notFound, unauthenticated } from '../errors.ts';
import type { TeamRole } from '../db/client.ts';
import type { Principal } from './principal.ts';

export type Action =
  | 'team:read'
  | 'project:write'
  | 'run:write'
  | 'comment:write'
  | 'registry:write'
  | 'registry:stage'
  | 'share:manage'
  | 'preference:write' // one's own saved views of the team's projects (columns, chart panels)
  | 'token:create' // a token for oneself; write scope needs a writer role (see tokenScopeAllowed)
  | 'token:manage' // list and revoke everybody's tokens in the team
  | 'member:manage'
  | 'team:update'
  | 'team:delete';

const rank: Record<TeamRole, number> = { VIEWER: 1, MEMBER: 2, ADMIN: 3, OWNER: 4 };

const minimumRole: Record<Action, TeamRole> = {
  'team:read': 'VIEWER',
  'project:write': 'MEMBER',
  'run:write': 'MEMBER',
  'comment:write': 'MEMBER',
  'registry:write': 'MEMBER',
  'registry:stage': 'ADMIN',
  'share:manage': 'MEMBER',
  'preference:write': 'VIEWER',
  'token:create': 'VIEWER',
  'token:manage': 'ADMIN',
  'member:manage': 'ADMIN',
  'team:update': 'ADMIN',
  'team:delete': 'OWNER',
};

/** Actions a program holding a write token may never do. */
const sessionOnly: ReadonlySet<Action> = new Set<Action>([
  'share:manage',
  'preference:write',
  'token:create',
  'token:manage',
  'member:manage',
  'team:update',
  'team:delete',
]);

export function roleAtLeast(role: TeamRole, minimum: TeamRole): boolean {
  return rank[role] >= rank[minimum];
}

/** The role the principal acts with in the team, or null when it has no access at all. */
export function effectiveRole(principal: Principal, teamId: string): TeamRole | null {
  switch (principal.kind) {
    case 'user':
      return principal.memberships.get(teamId) ?? null;
    case 'token':
      return principal.teamId === teamId ? principal.role : null;
    case 'share':
      return principal.teamId === teamId ? 'VIEWER' : null;
    case 'system':
      return 'OWNER';
    default:
      return null;
  }
}

export type Decision = 'allow' | 'unauthenticated' | 'not-found' | 'forbidden';

/** Pure decision; see authorize() for the throwing form used by use cases. */
export function decide(principal: Principal, action: Action, teamId: string): Decision {
  if (principal.kind === 'anonymous') return 'unauthenticated';
  if (principal.kind === 'system') return 'allow';
  const role = effectiveRole(principal, teamId);
  if (role === null) return 'not-found';
  if (principal.kind === 'share' && action !== 'team:read') return 'forbidden';
  if (principal.kind === 'token') {
    if (principal.scope === 'READ' && action !== 'team:read') return 'forbidden';
    if (sessionOnly.has(action)) return 'forbidden';
  }
  return roleAtLeast(role, minimumRole[action]) ? 'allow' : 'forbidden';
}

/** Throws UNAUTHENTICATED, NOT_FOUND (not a member) or FORBIDDEN; returns the role otherwise. */
export function authorize(principal: Principal, action: Action, teamId: string): TeamRole {
  const decision = decide(principal, action, teamId);
  if (decision === 'unauthenticated') throw unauthenticated();
  if (decision === 'not-found') throw notFound('Team');
  if (decision === 'forbidden') throw forbidden(`Your role does not allow ${action}`);
  return effectiveRole(principal, teamId)!;
}

/**
 * Authorize access to one team-owned row. `teamId` is the row's team, or null when the
 * row does not exist; both "missing" and "another team's" answer NOT_FOUND for `what`.
 */
export function authorizeRow(
  principal: Principal,
  action: Action,
  teamId: string | null | undefined,
  what: string,
  id?: string | number | bigint,
): TeamRole {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (!teamId || effectiveRole(principal, teamId) === null) throw notFound(what, id);
  return authorize(principal, action, teamId);
}

/** Teams whose data the principal may read: the filter for every list query. */
export function readableTeamIds(principal: Principal): string[] {
  // The CLI works on one named team at a time; an unfiltered list is never what it means.
  if (principal.kind === 'system') throw new Error('readableTeamIds is not defined for the system principal');
  switch (principal.kind) {
    case 'user':
      return [...principal.memberships.keys()];
    case 'token':
    case 'share':
      return [principal.teamId];
    default:
      return [];
  }
}

/** Whether a token of `scope` may be created by someone with `role`. */
export function tokenScopeAllowed(role: TeamRole, scope: 'READ' | 'WRITE'): boolean {
  return scope === 'READ' || roleAtLeast(role, 'MEMBER');
}

/** Granting or taking away OWNER is for owners only. */
export function canAssignRole(actorRole: TeamRole, targetRole: TeamRole, currentRole?: TeamRole): boolean {
  if (!roleAtLeast(actorRole, 'ADMIN')) return false;
  if (targetRole === 'OWNER' || currentRole === 'OWNER') return actorRole === 'OWNER';
  return true;
}
