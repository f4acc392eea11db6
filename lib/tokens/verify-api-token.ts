// Turn a presented API token into a TokenPrincipal, or refuse it with UNAUTHENTICATED.
// One statement: find the live token together with its user's current role in the token's
// team (a token of someone who left the team stops working), and record last use at most
// once a minute so busy clients do not write on every request. Timestamps are UTC
// `timestamp` columns (Prisma's convention), so compare with now() in UTC whatever the
// session's TimeZone. A verified token is then kept in this process's principal cache
// (lib/authz/principal-cache.ts) until its expiry at the latest; revoking it, or changing or
// ending its user's membership, drops it at once in every process.
import type { TeamRole, TokenScope } from '../db/client.ts';
import { query } from '../db/sql.ts';
import { unauthenticated } from '../errors.ts';
import { cachedPrincipal, type Loaded } from '../authz/principal-cache.ts';
import type { TokenPrincipal } from '../authz/principal.ts';
import { hashToken, looksLikeToken } from './token-secret.ts';

type Row = { id: string; team_id: string; user_id: string; scope: TokenScope; email: string; role: TeamRole; expires_ms: number | null };

const LAST_USED_RESOLUTION = '1 minute';

export async function verifyApiToken(raw: string): Promise<TokenPrincipal> {
  const token = raw.trim();
  if (!looksLikeToken(token)) throw unauthenticated('Invalid API token');
  const tokenHash = hashToken(token);
  const principal = await cachedPrincipal(`token:${tokenHash}`, () => lookUpToken(tokenHash));
  if (!principal) throw unauthenticated('Invalid, revoked or expired API token');
  return principal;
}

async function lookUpToken(tokenHash: string): Promise<Loaded<TokenPrincipal>> {
  const [row] = await query<Row>(
    `WITH live AS (
       SELECT t.id, t.team_id, t.user_id, t.scope, u.email, m.role,
              (extract(epoch FROM t.expires_at) * 1000)::float8 AS expires_ms
         FROM api_tokens t
         JOIN users u ON u.id = t.user_id
         JOIN memberships m ON m.team_id = t.team_id AND m.user_id = t.user_id
        WHERE t.token_hash = $1
          AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > now() AT TIME ZONE 'UTC')
     ), touched AS (
       UPDATE api_tokens SET last_used_at = now() AT TIME ZONE 'UTC'
         FROM live
        WHERE api_tokens.id = live.id
          AND (api_tokens.last_used_at IS NULL
               OR api_tokens.last_used_at < now() AT TIME ZONE 'UTC' - interval '${LAST_USED_RESOLUTION}')
     )
     SELECT * FROM live`,
    [tokenHash],
  );
  if (!row) return null;
  return {
    principal: { kind: 'token', tokenId: row.id, teamId: row.team_id, userId: row.user_id, email: row.email, scope: row.scope, role: row.role },
    notAfter: row.expires_ms,
  };
}
