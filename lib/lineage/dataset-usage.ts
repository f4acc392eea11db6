// The datasets of a team and what used them. A "dataset" a person thinks of (train.csv,
// s3://lake/features) has one row per digest: rows of one team sharing a name or a location
// are the digests of the same dataset. For each digest: the runs that read it, the model
// versions registered from those runs, and the jobs (OpenLineage) that read or wrote it;
// pressure test 4 ("the data changed: which runs saw which digest?") reads this.
import { authorizeRow, readableTeamIds, type Principal } from '../authz/index.ts';
import { query } from '../db/sql.ts';
import { badInput } from '../errors.ts';

export type DatasetRow = {
  id: string;
  teamId: string;
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema: string | null;
  profile: string | null;
  location: string | null;
  facets: Record<string, unknown> | null;
  createdAt: Date;
};

export type DigestUsage = {
  dataset: DatasetRow;
  runIds: string[];
  versionIds: string[];
  jobIds: string[];
  /** When a run first used it (or when it was first seen). */
  firstUsedAt: Date;
  lastUsedAt: Date;
};

const COLUMNS = `id, team_id AS "teamId", name, digest, source_type AS "sourceType", source, schema, profile, location, facets, created_at AS "createdAt"`;

/** Datasets by id, no authorization (loaders filter by team). */
export async function loadDatasets(ids: readonly string[]): Promise<DatasetRow[]> {
  if (ids.length === 0) return [];
  return query<DatasetRow>(`SELECT ${COLUMNS} FROM datasets WHERE id = ANY($1::text[])`, [ids]);
}

export async function loadDatasetFor(principal: Principal, datasetId: string): Promise<DatasetRow> {
  const [row] = datasetId.length <= 200 ? await loadDatasets([datasetId]) : [];
  authorizeRow(principal, 'team:read', row?.teamId, 'Dataset', datasetId);
  return row;
}

/** Every digest of the dataset `datasetId` belongs to (same name or location in its team), newest first, with what used each. */
export async function listDatasetDigests(principal: Principal, input: { datasetId: string }): Promise<DigestUsage[]> {
  const dataset = await loadDatasetFor(principal, input.datasetId);
  const siblings = await query<DatasetRow>(
    `SELECT ${COLUMNS} FROM datasets
      WHERE team_id = $1 AND (name = $2 OR ($3::text IS NOT NULL AND location = $3))
      ORDER BY created_at DESC, id`,
    [dataset.teamId, dataset.name, dataset.location],
  );
  const ids = siblings.map((s) => s.id);
  const [runs, versions, jobs] = [
    await query<{ dataset_id: string; run_id: string; at: Date }>(
      `SELECT i.dataset_id, i.run_id, r.start_time, to_timestamp(r.start_time / 1000.0) AS at
         FROM run_inputs i JOIN runs r ON r.id = i.run_id
        WHERE i.dataset_id = ANY($1::text[]) ORDER BY r.start_time DESC`,
      [ids],
    ),
    await query<{ dataset_id: string; version_id: string }>(
      `SELECT DISTINCT i.dataset_id, v.id AS version_id, v.created_at
         FROM run_inputs i JOIN model_versions v ON v.run_id = i.run_id AND v.deleted_at IS NULL
        WHERE i.dataset_id = ANY($1::text[]) ORDER BY v.created_at DESC`,
      [ids],
    ),
    await query<{ dataset_id: string; job_id: string }>(
      `SELECT DISTINCT substr(CASE WHEN from_node LIKE 'dataset:%' THEN from_node ELSE to_node END, 9) AS dataset_id,
              substr(CASE WHEN from_node LIKE 'job:%' THEN from_node ELSE to_node END, 5) AS job_id
         FROM lineage_edges
        WHERE team_id = $1 AND kind IN ('INPUT', 'OUTPUT')
          AND (from_node = ANY($2::text[]) AND to_node LIKE 'job:%' OR to_node = ANY($2::text[]) AND from_node LIKE 'job:%')`,
      [dataset.teamId, ids.map((id) => `dataset:${id}`)],
    ),
  ];
  return siblings.map((row) => {
    const used = runs.filter((r) => r.dataset_id === row.id);
    const times = used.map((r) => r.at.getTime());
    return {
      dataset: row,
      runIds: used.map((r) => r.run_id),
      versionIds: versions.filter((v) => v.dataset_id === row.id).map((v) => v.version_id),
      jobIds: jobs.filter((j) => j.dataset_id === row.id).map((j) => j.job_id),
      firstUsedAt: times.length ? new Date(Math.min(...times)) : row.createdAt,
      lastUsedAt: times.length ? new Date(Math.max(...times)) : row.createdAt,
    };
  });
}

/** A team's datasets, by name then newest digest first, filtered by name, digest or a search in name and location. */
export async function listDatasets(
  principal: Principal,
  input: { teamId: string; name?: string | null; digest?: string | null; search?: string | null; first?: number | null; offset?: number },
): Promise<{ rows: DatasetRow[]; hasMore: boolean }> {
  if (!readableTeamIds(principal).includes(input.teamId)) authorizeRow(principal, 'team:read', null, 'Team', input.teamId);
  const first = input.first ?? 100;
  if (first < 1 || first > 1000) throw badInput('first must be between 1 and 1000');
  const search = input.search ? `%${input.search.replace(/[\\%_]/g, '\\$&')}%` : null;
  const rows = await query<DatasetRow>(
    `SELECT ${COLUMNS} FROM datasets
      WHERE team_id = $1 AND ($2::text IS NULL OR name = $2) AND ($3::text IS NULL OR digest = $3)
        AND ($4::text IS NULL OR name ILIKE $4 OR location ILIKE $4)
      ORDER BY name, created_at DESC, id LIMIT $5 OFFSET $6`,
    [input.teamId, input.name ?? null, input.digest ?? null, search, first + 1, input.offset ?? 0],
  );
  return { rows: rows.slice(0, first), hasMore: rows.length > first };
}
