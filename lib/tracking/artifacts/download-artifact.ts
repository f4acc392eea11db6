// Download one artifact file of a run, streamed from the store. The row is the source of
// truth for what exists: a directory, a missing file, or a file of a run the caller cannot
// read are all NOT_FOUND.
import { z } from 'zod';
import { artifactPathVisible, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import { artifactStore, type ByteRange } from '../../storage/index.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { artifactKey, locateRun, requireFilePath } from './artifact-location.ts';
import { contentTypeFor } from './content-type.ts';

const downloadArtifactInput = z.object({
  runId: z.string(),
  projectId: z.string().optional(),
  path: z.string(),
  /** An HTTP Range header value; only a single satisfiable byte range is honoured. */
  range: z.string().nullish(),
});

export type DownloadArtifactInput = z.input<typeof downloadArtifactInput>;

export type DownloadedArtifact = {
  runId: string;
  path: string;
  body: ReadableStream<Uint8Array>;
  /** Size of the whole file. */
  size: number;
  /** The byte range being sent (inclusive), when a Range request was honoured. */
  range: ByteRange | null;
  contentType: string;
  sha256: string;
  updatedAt: Date;
};

/**
 * One `bytes=` range resolved against the file size, or null to send the whole file
 * (absent, malformed, multi-range or unsatisfiable: RFC 9110 lets a server ignore Range).
 */
export function resolveByteRange(header: string | null | undefined, size: number): ByteRange | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || size === 0) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Math.min(Number(last), size);
    return suffix > 0 ? { start: size - suffix, end: size - 1 } : null;
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return start <= end && start < size ? { start, end } : null;
}

export async function downloadArtifact(principal: Principal, input: DownloadArtifactInput): Promise<DownloadedArtifact> {
  const parsed = parseInput(downloadArtifactInput, input);
  const path = requireFilePath(parsed.path);
  const run = await locateRun(principal, parsed, 'artifact:read');
  // A model version's share link reaches the version's files, not the rest of its run's.
  if (!artifactPathVisible(principal, path)) throw notFound('Artifact', path);
  const row = await db.artifact.findUnique({ where: { runId_path: { runId: run.id, path } } });
  if (!row) throw notFound('Artifact', path);

  const size = Number(row.size);
  const range = resolveByteRange(parsed.range, size);
  const stored = await artifactStore().get(artifactKey(run, path), range ?? undefined);
  if (!stored) {
    // A row without bytes means the store was tampered with or lost data: say so in the log.
    console.error(`[artifacts] recorded artifact has no stored bytes: run ${run.id} path ${path}`);
    throw notFound('Artifact', path);
  }
  return {
    runId: run.id,
    path,
    body: stored.body,
    size: stored.size,
    range,
    contentType: contentTypeFor(path, row.contentType),
    sha256: row.sha256,
    updatedAt: row.updatedAt,
  };
}
