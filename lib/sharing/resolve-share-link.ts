// A share secret -> the SharePrincipal it stands for, or null when no live link has it
// (unknown, revoked, expired, or naming something that is gone). One query: the link and the
// runs it shows (the run, the saved comparison's runs, or a model version's source run, which
// must still be the team's) and, for a version, where its files are.
import type { SharePrincipal, ShareTargetRef } from '../authz/index.ts';
import { query } from '../db/sql.ts';
import { versionFilesPath } from '../registry/version-files-path.ts';
import { hashShareSecret, looksLikeShareSecret } from './share-secret.ts';

type Row = {
  id: string;
  team_id: string;
  target_type: string;
  target_id: string;
  include_comments: boolean;
  allow_artifacts: boolean;
  run_ids: string[] | null;
  /** A MODEL_VERSION link: the live version's storage location and source run (null when the version is gone). */
  version_location: string | null;
  version_run_id: string | null;
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
              WHEN 'MODEL_VERSION' THEN (SELECT array_agg(r.id::text) FROM runs r WHERE r.id = v.run_id AND r.team_id = s.team_id)
            END AS run_ids,
            v.storage_location AS version_location, v.run_id::text AS version_run_id
       FROM share_links s
       LEFT JOIN LATERAL (
         SELECT mv.storage_location, mv.run_id
           FROM model_versions mv JOIN registered_models m ON m.id = mv.model_id
          WHERE s.target_type = 'MODEL_VERSION' AND mv.id = s.target_id AND mv.deleted_at IS NULL AND m.team_id = s.team_id
       ) v ON true
      WHERE s.token_hash = $1
        AND s.revoked_at IS NULL
        AND (s.expires_at IS NULL OR s.expires_at > now() AT TIME ZONE 'UTC')`,
    [hashShareSecret(secret)],
  );
  if (!row) return null;
  const runIds = new Set((row.run_ids ?? []).map((id) => id.trim()));
  let target: ShareTargetRef;
  let artifactPath: string | null = null;
  let allowArtifacts = row.allow_artifacts;
  if (row.target_type === 'RUN' || row.target_type === 'RUN_COMPARISON') {
    if (runIds.size === 0) return null;
    target = { type: row.target_type === 'RUN' ? 'RUN' : 'COMPARISON', id: row.target_id };
  } else if (row.target_type === 'MODEL_VERSION') {
    // A version outlives its run (purged runs leave it without one): the link still shows the version.
    if (row.version_location === null) return null;
    target = { type: 'MODEL_VERSION', id: row.target_id };
    const files = runIds.size > 0 ? versionFilesPath({ storageLocation: row.version_location, runId: row.version_run_id }) : null;
    // Its files, and nothing else of its run; none at all when Cairn does not hold them.
    artifactPath = files ?? '';
    allowArtifacts &&= files !== null;
  } else {
    return null; // kinds Cairn cannot share (projects, whole models)
  }
  return {
    kind: 'share',
    shareLinkId: row.id,
    teamId: row.team_id,
    target,
    runIds,
    artifactPath,
    includeComments: row.include_comments,
    allowArtifacts,
  };
}
