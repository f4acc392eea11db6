// One directory level of a run's artifacts, computed from the artifacts table in one
// set-based query (a file 'a/b/c.txt' shows as directory 'a' at the root). Listing a file
// or a missing directory gives no entries, as MLflow's stores do.
import { z } from 'zod';
import { artifactDirectoryReachable, artifactPathVisible, type Principal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { normalizeArtifactPath } from '../../storage/artifact-path.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { locateRun, runArtifactRoot } from './artifact-location.ts';

const listArtifactsInput = z.object({
  runId: z.string(),
  projectId: z.string().optional(),
  path: z.string().nullish(),
});

export type ListArtifactsInput = z.input<typeof listArtifactsInput>;

export type ArtifactEntry = {
  /** Relative to the run's artifact root, e.g. 'model/MLmodel'. */
  path: string;
  isDir: boolean;
  /** Bytes, for files only. */
  fileSize?: number;
};

export type ArtifactListing = { rootUri: string; files: ArtifactEntry[] };

export async function listArtifacts(principal: Principal, input: ListArtifactsInput): Promise<ArtifactListing> {
  const parsed = parseInput(listArtifactsInput, input);
  const directory = normalizeArtifactPath(parsed.path ?? '');
  const run = await locateRun(principal, parsed, 'artifact:read');
  // A model version's share link lists the version's files and the directories on the way to them.
  if (!artifactDirectoryReachable(principal, directory)) return { rootUri: runArtifactRoot(run), files: [] };
  const prefix = directory ? `${directory}/` : '';
  const rows = await query<{ name: string; is_dir: boolean; file_size: string | null }>(
    `SELECT split_part(rest, '/', 1) AS name,
            bool_or(strpos(rest, '/') > 0) AS is_dir,
            max(size) FILTER (WHERE strpos(rest, '/') = 0) AS file_size
       FROM (SELECT substr(path, length($2) + 1) AS rest, size
               FROM artifacts
              WHERE run_id = $1 AND starts_with(path, $2)) AS below
      GROUP BY 1
      ORDER BY 1`,
    [run.id, prefix],
  );
  return {
    rootUri: runArtifactRoot(run),
    files: rows
      .map((row) => ({
        path: `${prefix}${row.name}`,
        isDir: row.is_dir,
        ...(row.is_dir || row.file_size === null ? {} : { fileSize: Number(row.file_size) }),
      }))
      .filter((entry) => (entry.isDir ? artifactDirectoryReachable(principal, entry.path) : artifactPathVisible(principal, entry.path))),
  };
}
