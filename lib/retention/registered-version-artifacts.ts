// Which artifacts back a registered model version: the one place that decides it, for gc,
// retention and artifact deletion alike. A version's files are never removed while the
// version exists. model_versions and logged_models name a version's files in three ways:
//  - `runs:/<run id>[/<path>]`: that path of the run (the whole run without a path);
//  - `models:/m-<id>`: a logged model, whose files sit under its run at logged_models.artifact_path;
//  - the run's artifact location itself, `<run artifact_uri>[/<path>]` (what MLflow 2 clients
//    register after resolving runs:/ URIs), in the source or in the storage location the
//    registry resolved it to (which also covers a version registered from `models:/<name>/<n>`);
// and a version whose source is none of those but that names its run (model_versions.run_id)
// keeps that whole run, since where its files are cannot be told. A deleted version (the
// registry keeps its row for the history) no longer holds its files.
import type { SqlClient } from '../db/sql.ts';

export type RegisteredArtifacts = {
  runId: string;
  /** A directory or file of the run's artifact tree; '' is the whole run. */
  path: string;
  /** The version, as people name it: "<model> v<version>". */
  version: string;
};

/**
 * Every (run, path) behind a registered model version, for the given runs (all runs when
 * null). One set-based query; the run ids are matched through the runs table's primary key.
 */
export async function registeredVersionArtifacts(client: SqlClient, runIds: readonly string[] | null): Promise<RegisteredArtifacts[]> {
  const { rows } = await client.query<{ run_id: string; path: string; version: string }>(
    `WITH versions AS (
       SELECT mv.id, rm.name || ' v' || mv.version AS label, mv.source, mv.storage_location, mv.run_id
         FROM model_versions mv
         JOIN registered_models rm ON rm.id = mv.model_id
        WHERE mv.deleted_at IS NULL
     ), by_source AS (
       SELECT v.id, v.label, m[1] AS run_id, coalesce(m[2], '') AS path
         FROM versions v, regexp_match(v.source, '^runs:/+([0-9a-f]{32})(?:/+(.*?))?/*$') AS m
        WHERE m IS NOT NULL
       UNION ALL
       SELECT v.id, v.label, lm.run_id, lm.artifact_path
         FROM versions v
         JOIN logged_models lm ON lm.id = substring(v.source FROM '^models:/+(m-[0-9a-f]{32})(?:/|$)')
       UNION ALL
       SELECT v.id, v.label, r.id, trim(BOTH '/' FROM substr(loc.uri, length(r.artifact_uri) + 1))
         FROM versions v
        CROSS JOIN LATERAL (SELECT DISTINCT uri FROM unnest(ARRAY[v.source, v.storage_location]) AS uri) AS loc
         JOIN runs r ON r.id = substring(loc.uri FROM '([0-9a-f]{32})')::char(32)
                    AND (loc.uri = r.artifact_uri OR starts_with(loc.uri, r.artifact_uri || '/'))
     ), resolved AS (
       SELECT run_id, path, label FROM by_source
       UNION ALL
       SELECT v.run_id, '', v.label
         FROM versions v
        WHERE v.run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM by_source b WHERE b.id = v.id)
     )
     SELECT DISTINCT run_id, path, label AS version
       FROM resolved
      WHERE run_id IS NOT NULL AND ($1::text[] IS NULL OR run_id = ANY($1::text[]))
      ORDER BY run_id, path, version`,
    [runIds ? [...runIds] : null],
  );
  return rows.map((row) => ({ runId: row.run_id.trim(), path: row.path, version: row.version }));
}

/** Whether removing `path` of a run ('' = all of it) would remove files of a registered version. */
export function overlapsRegistered(path: string, registered: RegisteredArtifacts): boolean {
  const kept = registered.path;
  return path === '' || kept === '' || path === kept || path.startsWith(`${kept}/`) || kept.startsWith(`${path}/`);
}

/** The registered versions whose files removing `path` of the run would touch. */
export async function versionsUsing(client: SqlClient, runId: string, path: string): Promise<string[]> {
  const registered = await registeredVersionArtifacts(client, [runId]);
  return [...new Set(registered.filter((entry) => overlapsRegistered(path, entry)).map((entry) => entry.version))];
}
