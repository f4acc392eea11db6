// The one place that decides whether a principal may do an action in a team.
// Deny by default: an action is allowed only if a rule below says so.
//
// Roles:  viewer reads; member writes runs, projects, comments and registry
// entries (and moves stages and aliases the team has not protected, or requests moves of
// protected ones); admin manages members, tokens and artifact retention, moves protected
// stages and aliases and approves or rejects requests; owner deletes the team.
// Tokens: a read token only reads; a write token may do what its user's role allows,
// except actions reserved for an interactive session (identity and team management).
// Not a member of the team: NOT_FOUND, so other teams' resources are never revealed.
// Share links: narrowed to the rows their link names (authorizeRow); nothing team-wide.
import { forbidden, notFound, unauthenticated } from '../errors.ts';
import type { TeamRole } from '../db/client.ts';
import type { Principal, SharePrincipal } from './principal.ts';

export type Action =
  | 'team:read'
  | 'comment:read' // a thread on a readable row (a share link: only if its creator included comments)
  | 'artifact:read' // a readable run's artifacts (a share link: only if its creator allowed them)
  | 'export:read' // a readable project's runs table or a run's metric history as a file (a share link: never)
  | 'project:write'
  | 'run:write'
  | 'comment:write'
  | 'comparison:write' // save a comparison (and delete one's own)
  | 'content:moderate' // delete other people's comments and saved comparisons
  | 'registry:write'
  | 'registry:stage' // move a protected stage or alias
  | 'registry:approve' // decide someone's request to move one
  | 'share:manage'
  | 'preference:write' // one's own saved views of the team's projects (columns, chart panels)
  | 'token:create' // a token for oneself; write scope needs a writer role (see tokenScopeAllowed)
  | 'token:manage' // list and revoke everybody's tokens in the team
  | 'member:manage'
  | 'team:update'
  | 'team:delete'
  | 'retention:manage' // a project's artifact retention policy (it removes people's files)
  | 'lineage:write'; // report lineage (OpenLineage events) or declare it

const rank: Record<TeamRole, number> = { VIEWER: 1, MEMBER: 2, ADMIN: 3, OWNER: 4 };

const minimumRole: Record<Action, TeamRole> = {
  'team:read': 'VIEWER',
  'comment:read': 'VIEWER',
  'artifact:read': 'VIEWER',
  'export:read': 'VIEWER',
  'project:write': 'MEMBER',
  'run:write': 'MEMBER',
  'comment:write': 'MEMBER',
  'comparison:write': 'MEMBER',
  'content:moderate': 'ADMIN',
  'registry:write': 'MEMBER',
  'registry:stage': 'ADMIN',
  'registry:approve': 'ADMIN',
  'share:manage': 'MEMBER',
  'preference:write': 'VIEWER',
  'token:create': 'VIEWER',
  'token:manage': 'ADMIN',
  'member:manage': 'ADMIN',
  'team:update': 'ADMIN',
  'team:delete': 'OWNER',
  'retention:manage': 'ADMIN',
  'lineage:write': 'MEMBER',
};

/** What a read token may do. */
const readActions: ReadonlySet<Action> = new Set<Action>(['team:read', 'comment:read', 'artifact:read', 'export:read']);

/** Actions a program holding a write token may never do. */
const sessionOnly: ReadonlySet<Action> = new Set<Action>([
  // An approval is a person's decision, never a script's.
  'registry:approve',
  'share:manage',
  'content:moderate',
  'preference:write',
  'token:create',
  'token:manage',
  'member:manage',
  'team:update',
  'team:delete',
  'retention:manage',
]);

export function roleAtLeast(role: TeamRole, minimum: TeamRole): boolean {
  return rank[role] >= rank[minimum];
}

/**
 * Whether a member with `role`, signed in, may do `action` (whom to tell about something only
 * some members may act on: the approvers of a request).
 */
export function roleAllows(role: TeamRole, action: Action): boolean {
  return roleAtLeast(role, minimumRole[action]);
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

/**
 * Pure decision for a team-level action; see authorize() for the throwing form used by use
 * cases. A share link decides nothing team-wide (listing projects, searching runs, ...): it
 * only reaches the rows it names, through decideRow.
 */
export function decide(principal: Principal, action: Action, teamId: string): Decision {
  if (principal.kind === 'anonymous') return 'unauthenticated';
  if (principal.kind === 'system') return 'allow';
  const role = effectiveRole(principal, teamId);
  if (role === null || principal.kind === 'share') return 'not-found';
  if (principal.kind === 'token') {
    if (principal.scope === 'READ' && !readActions.has(action)) return 'forbidden';
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

/** The kind of row (as `what` names it) each kind of share link names. */
const SHARED_KIND: Record<SharePrincipal['target']['type'], string> = { RUN: 'Run', COMPARISON: 'Comparison', MODEL_VERSION: 'Model version' };

/**
 * The rows a share link reaches: the runs it shows and, for a comparison or a model version,
 * that comparison or version (the registry's loaders name versions 'Model version'). `what`
 * is the row's kind as named in NOT_FOUND messages; any other kind (projects, registered
 * models, a version's history, requests, tokens, a future kind nobody listed here) is out of
 * reach: deny by default.
 */
function shareReaches(share: SharePrincipal, what: string, id: string | number | bigint | undefined): boolean {
  if (id === undefined) return false;
  if (what === 'Run') return share.runIds.has(String(id));
  return isShareTarget(share, what, id);
}

/** Whether the row is the very thing the link names (not one of a comparison's runs, nor a version's run). */
function isShareTarget(share: SharePrincipal, what: string, id: string | number | bigint | undefined): boolean {
  return what === SHARED_KIND[share.target.type] && String(id) === share.target.id;
}

/**
 * What a share link may do on a row it reaches: read it; read the comments of the thing it
 * names (not those of a comparison's runs or of a version's run) and the runs' artifacts when
 * its creator allowed them (a version link: only the version's files, see artifactPathVisible);
 * nothing else (exports are NOT_FOUND, writes FORBIDDEN).
 */
function decideShared(share: SharePrincipal, action: Action, what: string, id: string | number | bigint | undefined): Decision {
  if (action === 'team:read') return 'allow';
  if (action === 'comment:read') return share.includeComments && isShareTarget(share, what, id) ? 'allow' : 'not-found';
  if (action === 'artifact:read') return share.allowArtifacts && what === 'Run' ? 'allow' : 'not-found';
  // Downloads as files are for the team and its programs: the link shows its runs, it does not export them.
  if (action === 'export:read') return 'not-found';
  return 'forbidden';
}

/** Pure decision for one team-owned row (`teamId` null when the row does not exist). */
export function decideRow(
  principal: Principal,
  action: Action,
  teamId: string | null | undefined,
  what: string,
  id?: string | number | bigint,
): Decision {
  if (principal.kind === 'anonymous') return 'unauthenticated';
  if (!teamId || effectiveRole(principal, teamId) === null) return 'not-found';
  if (principal.kind === 'share') return shareReaches(principal, what, id) ? decideShared(principal, action, what, id) : 'not-found';
  return decide(principal, action, teamId);
}

/** Whether the principal may read the row (for loaders that drop what the caller cannot see). */
export function canReadRow(principal: Principal, teamId: string | null | undefined, what: string, id: string | number | bigint): boolean {
  return decideRow(principal, 'team:read', teamId, what, id) === 'allow';
}

const hiddenPart: Partial<Record<Action, string>> = { 'comment:read': 'Comments', 'artifact:read': 'Artifacts', 'export:read': 'Exports' };

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
  const decision = decideRow(principal, action, teamId, what, id);
  if (decision === 'unauthenticated') throw unauthenticated();
  if (decision === 'not-found') {
    // A share link that reaches the row but not its comments or artifacts: those are what is missing.
    const part = principal.kind === 'share' && shareReaches(principal, what, id) ? hiddenPart[action] : undefined;
    throw part ? notFound(part) : notFound(what, id);
  }
  if (decision === 'forbidden') throw forbidden(principal.kind === 'share' ? 'A share link is read-only' : `Your role does not allow ${action}`);
  return effectiveRole(principal, teamId!)!;
}

/**
 * Whether an artifact of a run whose artifacts the principal may read (authorizeRow
 * 'artifact:read') is one it may see: all of them, except for a model version's share link,
 * which shows the version's files only.
 */
export function artifactPathVisible(principal: Principal, path: string): boolean {
  if (principal.kind !== 'share' || principal.artifactPath === null) return true;
  return path === principal.artifactPath || path.startsWith(`${principal.artifactPath}/`);
}

/** Whether a directory may be listed: a visible one, or one on the way to the visible files ('' is the root). */
export function artifactDirectoryReachable(principal: Principal, directory: string): boolean {
  if (artifactPathVisible(principal, directory)) return true;
  const files = (principal as SharePrincipal).artifactPath!;
  return directory === '' || files.startsWith(`${directory}/`);
}

/** Teams whose data the principal may read as a whole: the filter for every list query (none for a share link). */
export function readableTeamIds(principal: Principal): string[] {
  // The CLI works on one named team at a time; an unfiltered list is never what it means.
  if (principal.kind === 'system') throw new Error('readableTeamIds is not defined for the system principal');
  switch (principal.kind) {
    case 'user':
      return [...principal.memberships.keys()];
    case 'token':
      return [principal.teamId];
    default:
      return [];
  }
}

/**
 * Teams where `decide(principal, action, team)` allows: for a write statement that checks
 * the row's team itself (one round trip), its caller still authorizing what comes back with
 * authorizeRow. Null for the system principal, which may act in every team.
 */
export function teamsAllowing(principal: Principal, action: Action): string[] | null {
  if (principal.kind === 'system') return null;
  const candidates = principal.kind === 'user' ? [...principal.memberships.keys()] : principal.kind === 'token' ? [principal.teamId] : [];
  return candidates.filter((teamId) => decide(principal, action, teamId) === 'allow');
}

/**
 * Instance-wide reading (the whole audit trail, team-less events): instance admins in a
 * signed-in session, and the admin CLI. Tokens never, whatever their user.
 */
export function authorizeInstanceAdmin(principal: Principal): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.kind === 'system') return;
  if (principal.kind !== 'user' || !principal.isInstanceAdmin) throw forbidden('Only instance administrators can do this');
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
