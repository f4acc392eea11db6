// The signed-in user as a Principal, with every membership, in one query. Shared by
// resolvePrincipal (route handlers) and currentPrincipal (pages) so both see the same shape.
// Given a session's version, the same query refuses a session issued before the user's last
// "sign out everywhere": revocation costs no extra round trip per request. The result is kept
// in this process's principal cache (lib/authz/principal-cache.ts) per user and session
// version; a membership change or a new session version drops it at once in every process.
import type { TeamRole } from '../db/client.ts';
import { query } from '../db/sql.ts';
import { cachedPrincipal, type Loaded } from '../authz/principal-cache.ts';
import type { UserPrincipal } from '../authz/principal.ts';

type Row = { id: string; email: string; is_instance_admin: boolean; memberships: [string, TeamRole][] };

/**
 * The user's principal, or null when the user no longer exists or, with `sessionVersion`,
 * when that session was signed out everywhere since it was issued.
 */
export function loadUserPrincipal(userId: string, sessionVersion?: number): Promise<UserPrincipal | null> {
  return cachedPrincipal(`user:${userId}:${sessionVersion ?? 'any'}`, () => queryUserPrincipal(userId, sessionVersion));
}

async function queryUserPrincipal(userId: string, sessionVersion?: number): Promise<Loaded<UserPrincipal>> {
  const [row] = await query<Row>(
    `SELECT u.id, u.email, u.is_instance_admin,
            COALESCE(json_agg(json_build_array(m.team_id, m.role)) FILTER (WHERE m.team_id IS NOT NULL), '[]') AS memberships
       FROM users u
       LEFT JOIN memberships m ON m.user_id = u.id
      WHERE u.id = $1 AND ($2::int IS NULL OR u.session_version = $2::int)
      GROUP BY u.id`,
    [userId, sessionVersion ?? null],
  );
  if (!row) return null;
  return {
    principal: { kind: 'user', userId: row.id, email: row.email, isInstanceAdmin: row.is_instance_admin, memberships: new Map(row.memberships) },
  };
}
