// References to a team's model versions and datasets, as lineage tags and the GraphQL API
// write them, resolved inside the caller's transaction. Anything that is not the team's
// (missing, deleted, another team's) is NOT_FOUND, with the same words either way.
import { notFound } from '../errors.ts';
import type { SqlClient } from '../db/sql.ts';
import { datasetNode, tryParseNodeKey, versionNode } from './node-key.ts';
import { canonicalLocation } from './dataset-location.ts';

const STAGES: Record<string, string> = { production: 'PRODUCTION', staging: 'STAGING', archived: 'ARCHIVED', none: 'NONE' };

/** models:/<name>/<version|stage>, models:/<name>@<alias>, <name>/<version>, <name>@<alias> or model_version:<id>. */
export async function resolveVersionRef(client: SqlClient, teamId: string, ref: string): Promise<string> {
  const missing = () => notFound('Model version', ref);
  const node = tryParseNodeKey(ref);
  if (node) {
    if (node.kind !== 'MODEL_VERSION') throw missing();
    const { rows } = await client.query<{ id: string }>(
      `SELECT v.id FROM model_versions v JOIN registered_models m ON m.id = v.model_id
        WHERE v.id = $1 AND m.team_id = $2 AND v.deleted_at IS NULL`,
      [node.id, teamId],
    );
    if (!rows[0]) throw missing();
    return versionNode(rows[0].id);
  }
  const body = ref.replace(/^models:\//, '');
  const alias = /^([^/@]+)@([^/@]+)$/.exec(body);
  const numbered = /^([^/@]+)\/([^/@]+)$/.exec(body);
  let rows: { id: string }[] = [];
  if (alias) {
    ({ rows } = await client.query<{ id: string }>(
      `SELECT v.id FROM model_aliases a JOIN registered_models m ON m.id = a.model_id JOIN model_versions v ON v.id = a.version_id
        WHERE m.team_id = $1 AND m.name = $2 AND a.alias = $3 AND v.deleted_at IS NULL`,
      [teamId, alias[1], alias[2]],
    ));
  } else if (numbered && /^\d{1,9}$/.test(numbered[2])) {
    ({ rows } = await client.query<{ id: string }>(
      `SELECT v.id FROM model_versions v JOIN registered_models m ON m.id = v.model_id
        WHERE m.team_id = $1 AND m.name = $2 AND v.version = $3 AND v.deleted_at IS NULL`,
      [teamId, numbered[1], Number(numbered[2])],
    ));
  } else if (numbered && STAGES[numbered[2].toLowerCase()]) {
    ({ rows } = await client.query<{ id: string }>(
      `SELECT v.id FROM model_versions v JOIN registered_models m ON m.id = v.model_id
        WHERE m.team_id = $1 AND m.name = $2 AND v.stage = $3::"ModelStage" AND v.deleted_at IS NULL
        ORDER BY v.version DESC LIMIT 1`,
      [teamId, numbered[1], STAGES[numbered[2].toLowerCase()]],
    ));
  }
  if (!rows[0]) throw missing();
  return versionNode(rows[0].id);
}

/** dataset:<id>, <name>@<digest>, a source URI, or <name> (the latest of that name or location). */
export async function resolveDatasetRef(client: SqlClient, teamId: string, ref: string): Promise<string> {
  const missing = () => notFound('Dataset', ref);
  const node = tryParseNodeKey(ref);
  let rows: { id: string }[] = [];
  if (node) {
    if (node.kind !== 'DATASET') throw missing();
    ({ rows } = await client.query<{ id: string }>('SELECT id FROM datasets WHERE id = $1 AND team_id = $2', [node.id, teamId]));
  } else {
    const at = ref.lastIndexOf('@');
    if (at > 0) {
      ({ rows } = await client.query<{ id: string }>('SELECT id FROM datasets WHERE team_id = $1 AND name = $2 AND digest = $3', [
        teamId,
        ref.slice(0, at),
        ref.slice(at + 1),
      ]));
    }
    if (!rows[0]) {
      const location = canonicalLocation(ref);
      ({ rows } = await client.query<{ id: string }>(
        `SELECT id FROM datasets WHERE team_id = $1 AND (name = $2 OR ($3::text IS NOT NULL AND location = $3))
          ORDER BY created_at DESC, id LIMIT 1`,
        [teamId, ref, location],
      ));
    }
  }
  if (!rows[0]) throw missing();
  return datasetNode(rows[0].id);
}
