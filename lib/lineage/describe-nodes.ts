// What lineage nodes are, for graphs and pages: kind, team, a label and a detail line, and
// whether the row is deleted or gone. One query per kind present, whatever the number of
// nodes. No authorization here: callers filter what they return (canReadRow).
import { query } from '../db/sql.ts';
import { NODE_KINDS, nodeKey, tryParseNodeKey, type NodeKind } from './node-key.ts';

export type NodeInfo = {
  key: string;
  kind: NodeKind;
  id: string;
  /** Null when the row is gone (purged): only its edges remember it. */
  teamId: string | null;
  label: string;
  /** Digest and location, run status, stage, job state... */
  detail: string | null;
  /** Soft-deleted (run, model version, logged model) or gone. */
  deleted: boolean;
  /** Where it is shown: its page, or (logged models) their run's page. */
  page: { kind: 'run' | 'dataset' | 'version' | 'job'; id: string; modelId?: string; version?: number } | null;
};

type Row = Record<string, unknown> & { id: string; team_id: string };

const loaders: Record<NodeKind, { sql: string; describe(row: Row): Omit<NodeInfo, 'key' | 'kind' | 'id'> }> = {
  RUN: {
    sql: `SELECT id, team_id, name, status::text, lifecycle_stage::text AS stage FROM runs WHERE id = ANY($1::bpchar[])`,
    describe: (r) => ({
      teamId: r.team_id,
      label: String(r.name),
      detail: `run · ${String(r.status).toLowerCase()}`,
      deleted: r.stage === 'DELETED',
      page: { kind: 'run', id: r.id },
    }),
  },
  DATASET: {
    sql: `SELECT id, team_id, name, digest, location, source_type FROM datasets WHERE id = ANY($1::text[])`,
    describe: (r) => ({
      teamId: r.team_id,
      label: String(r.name),
      detail: r.digest ? `dataset · ${String(r.digest).slice(0, 12)}` : 'dataset · any version',
      deleted: false,
      page: { kind: 'dataset', id: r.id },
    }),
  },
  LOGGED_MODEL: {
    sql: `SELECT m.id, r.team_id, m.run_id, m.artifact_path, m.metadata->>'name' AS name, m.deleted_at IS NOT NULL AS deleted
            FROM logged_models m JOIN runs r ON r.id = m.run_id WHERE m.id = ANY($1::text[])`,
    describe: (r) => ({
      teamId: r.team_id,
      label: String(r.name ?? r.artifact_path),
      detail: 'logged model',
      deleted: Boolean(r.deleted),
      page: { kind: 'run', id: String(r.run_id) },
    }),
  },
  MODEL_VERSION: {
    sql: `SELECT v.id, m.team_id, m.id AS model_id, m.name, v.version, v.stage::text, v.deleted_at IS NOT NULL AS deleted
            FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE v.id = ANY($1::text[])`,
    describe: (r) => ({
      teamId: r.team_id,
      label: `${String(r.name)} v${String(r.version)}`,
      detail: r.stage === 'NONE' ? 'model version' : `model version · ${String(r.stage).toLowerCase()}`,
      deleted: Boolean(r.deleted),
      page: { kind: 'version', id: r.id, modelId: String(r.model_id), version: Number(r.version) },
    }),
  },
  JOB: {
    sql: `SELECT id, team_id, namespace, name, last_event_type FROM lineage_jobs WHERE id = ANY($1::text[])`,
    describe: (r) => ({
      teamId: r.team_id,
      label: String(r.name),
      detail: `job · ${String(r.namespace)}${r.last_event_type ? ` · ${String(r.last_event_type).toLowerCase()}` : ''}`,
      deleted: false,
      page: { kind: 'job', id: r.id },
    }),
  },
};

const NOUN: Record<NodeKind, string> = { RUN: 'run', DATASET: 'dataset', LOGGED_MODEL: 'logged model', MODEL_VERSION: 'model version', JOB: 'job' };

export async function describeNodes(keys: readonly string[]): Promise<Map<string, NodeInfo>> {
  const byKind = new Map<NodeKind, string[]>();
  for (const key of new Set(keys)) {
    const ref = tryParseNodeKey(key);
    if (!ref) continue;
    const ids = byKind.get(ref.kind);
    if (ids) ids.push(ref.id);
    else byKind.set(ref.kind, [ref.id]);
  }
  const described = new Map<string, NodeInfo>();
  for (const kind of NODE_KINDS) {
    const ids = byKind.get(kind);
    if (!ids) continue;
    const rows = await query<Row>(loaders[kind].sql, [ids]);
    const found = new Map(rows.map((row) => [row.id, row]));
    for (const id of ids) {
      const row = found.get(id);
      const key = nodeKey(kind, id);
      described.set(
        key,
        row
          ? { key, kind, id, ...loaders[kind].describe(row) }
          : { key, kind, id, teamId: null, label: `${NOUN[kind]} ${id.slice(0, 12)}`, detail: `${NOUN[kind]} · gone`, deleted: true, page: null },
      );
    }
  }
  return described;
}
