// A share secret -> the SharePrincipal it stands for, or null when no live link has it
// (unknown, revoked, expired, or naming something that is gone). One query: the link and the
// runs it shows (the run, or the saved comparison's runs, which must still be the team's).
import type { SharePrincipal, ShareTargetRef } from '../authz/index.ts';
import { query } from '../db/sql.ts';
import { hashShareSecret, looksLikeShareSecret } from './share-secret.ts';

type Row = {
  id: string;
  team_id: string;
  target_type: string;
  target_id: string;
  include_comments: boolean;
  allow_artifacts: boolean;
  run_ids: string[] | null;
};

export async function resolveShareLink(secret: string): Promise<SharePrincipal | null> {
  if (!looksLikeShareSecret(secret)) return null;
  const [row] = await query<Row>(
    `SELECT s.id, s.team_id, s.target_type::text, s.target_id, s.include_comments, s.allow_artifacts,
            CASE s.target_type
              WHEN 'RUN' THEN (SELECT array_agg(r.id::text) FROM runs r WHERE r.id = s.target_id AND r.team_id = s.team_id)
              WHEN 'RUN_COMPARISON' THEN (
                SELECT array_agg(r.id::text ORDER BY cr.position)
                  FROM comparisons c
                  JOIN comparison_runs cr ON cr.comparison_id = c.id
                  JOIN runs r ON r.id = cr.run_id AND r.team_id = s.team_id
                 WHERE c.id = s.target_id AND c.team_id = s.team_id)
            END AS run_ids
       FROM share_links s
      WHERE s.token_hash = $1
        AND s.revoked_at IS NULL
        AND (s.expires_at IS NULL OR s.expires_at > now() AT TIME ZONE 'UTC')`,
    [hashShareSecret(secret)],
  );
  if (!row || !row.run_ids?.length) return null;
  const target: ShareTargetRef | null =
    row.target_type === 'RUN'
      ? { type: 'RUN', id: row.target_id }
      : row.target_type === 'RUN_COMPARISON'
        ? { type: 'COMPARISON', id: row.target_id }
        : null; // kinds Cairn cannot share yet (model versions: once the registry lands)
  if (!target) return null;
  return {
    kind: 'share',
    shareLinkId: row.id,
    teamId: row.team_id,
    target,
    runIds: new Set(row.run_ids.map((id) => id.trim())),
    includeComments: row.include_comments,
    allowArtifacts: row.allow_artifacts,
  };
}
