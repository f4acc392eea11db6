// Where a new model version's files are, confined to the team's own runs and logged models.
// MLflow's CVE history (CVE-2023-1177, -2780, -6909 ...): a version whose source pointed at the
// server's own files (file:, absolute paths, `..`, encoded `..`) was then served back through
// get-model-version-download-uri and the artifact proxy. Cairn accepts only sources it can
// resolve to the artifact root of a run of the same team, and refuses everything else without
// writing anything:
//   runs:/<run_id>/<path>                              (what a script passes to register_model)
//   mlflow-artifacts:/<exp>/<run_id>/artifacts/<path>  (what the MLflow 2 client sends for it)
//   models:/m-<logged model id>                        (what the MLflow 3 client sends)
//   models:/<name>/<version>                           (another version of the team's registry)
// The files must exist: a version without them could never be loaded.
import { db } from '../db/client.ts';
import { badInput, isAppError } from '../errors.ts';
import { normalizeArtifactPath } from '../storage/artifact-path.ts';
import { artifactKey, parseRunArtifactPath } from '../tracking/artifacts/artifact-location.ts';
import { isRunId } from '../tracking/runs/load-run-for.ts';
import { parseVersionNumber, MAX_SOURCE_LENGTH } from './registry-input.ts';

export type ResolvedSource = {
  /** The source as given (MLflow returns it unchanged). */
  source: string;
  /** mlflow-artifacts: URI of the files, inside the run's artifact root. */
  storageLocation: string;
  runId: string;
  loggedModelId: string | null;
};

const invalid = (source: string, why: string) =>
  badInput(
    `Invalid model version source: '${source.slice(0, 500)}'. ${why} Register a model logged to Cairn: runs:/<run_id>/<path>, ` +
      'the run artifact URI mlflow-artifacts:/<experiment_id>/<run_id>/artifacts/<path>, or models:/<logged model id>.',
  );

/** A run of the team that can read it (another team's run reads as missing, with the same words). */
async function teamRun(teamId: string, runId: string, source: string) {
  const run = isRunId(runId) ? await db.run.findUnique({ where: { id: runId }, select: { id: true, teamId: true, projectId: true, artifactUri: true, lifecycleStage: true } }) : null;
  if (!run || run.teamId !== teamId) throw invalid(source, `No run '${runId}' in this team.`);
  if (run.lifecycleStage === 'DELETED') throw invalid(source, `Run '${runId}' is deleted.`);
  return run;
}

/** Whether the run has at least one artifact file at or under `path`. */
async function hasFiles(runId: string, path: string): Promise<boolean> {
  const found = await db.artifact.findFirst({ where: { runId, OR: [{ path }, { path: { startsWith: `${path}/` } }] }, select: { id: true } });
  return !!found;
}

function relativePath(raw: string, source: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw invalid(source, 'It has malformed percent-encoding.');
  }
  try {
    return normalizeArtifactPath(decoded.replace(/\/+$/, ''));
  } catch (error) {
    if (isAppError(error)) throw invalid(source, `Its path is not allowed (${error.message.replace(/^Invalid artifact path '.*?': /, '')}).`);
    throw error;
  }
}

/** Resolve `source` for a version of a model of `teamId` (the caller authorized the team). */
export async function resolveVersionSource(
  input: { teamId: string; source: string; runId?: string | null; loggedModelId?: string | null },
): Promise<ResolvedSource> {
  const source = input.source;
  if (!source) throw badInput("Missing value for required parameter 'source'.");
  if (source.length > MAX_SOURCE_LENGTH) throw invalid(source, `It is longer than ${MAX_SOURCE_LENGTH} characters.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(source)) throw invalid(source, 'It contains control characters.');

  let resolved: ResolvedSource;
  const runs = /^runs:\/(?!\/)([^/]+)\/(.+)$/.exec(source);
  const artifacts = /^mlflow-artifacts:\/(?!\/)(.+)$/.exec(source);
  const loggedModel = /^models:\/(m-[0-9a-f]{32})\/?$/.exec(source);
  const registered = /^models:\/(?!\/)([^/@]+)\/([^/]+)$/.exec(source);
  if (runs) {
    const run = await teamRun(input.teamId, runs[1], source);
    const path = relativePath(runs[2], source);
    if (!path) throw invalid(source, 'It names no path inside the run.');
    resolved = { source, storageLocation: `${run.artifactUri.replace(/\/+$/, '')}/${path}`, runId: run.id, loggedModelId: null };
  } else if (artifacts) {
    const location = (() => {
      try {
        return parseRunArtifactPath(relativePath(artifacts[1], source));
      } catch (error) {
        if (isAppError(error) && !/^Invalid model version source/.test(error.message)) throw invalid(source, 'It is not inside a run: expected <experiment_id>/<run_id>/artifacts/<path>.');
        throw error;
      }
    })();
    const run = await teamRun(input.teamId, location.runId, source);
    if (String(run.projectId) !== location.projectId) throw invalid(source, `No run '${location.runId}' in this team.`);
    if (!location.path) throw invalid(source, 'It names no path inside the run.');
    resolved = { source, storageLocation: `mlflow-artifacts:/${artifactKey(run, location.path)}`, runId: run.id, loggedModelId: null };
  } else if (loggedModel) {
    const row = await db.loggedModel.findUnique({ where: { id: loggedModel[1] }, include: { run: { select: { teamId: true, artifactUri: true } } } });
    const isLive = row && !row.deletedAt && (row.metadata as { kind?: string }).kind === 'logged-model' && row.run.teamId === input.teamId;
    if (!isLive) throw invalid(source, `No logged model '${loggedModel[1]}' in this team.`);
    await teamRun(input.teamId, row.runId, source);
    resolved = { source, storageLocation: `${row.run.artifactUri.replace(/\/+$/, '')}/${row.artifactPath}`, runId: row.runId, loggedModelId: row.id };
  } else if (registered) {
    const version = await db.modelVersion.findFirst({
      where: { version: parseVersionNumber(registered[2]), deletedAt: null, model: { teamId: input.teamId, name: safeDecode(registered[1]) } },
      select: { storageLocation: true, runId: true, loggedModelId: true },
    });
    if (!version?.runId) throw invalid(source, `No version ${registered[2]} of a registered model '${registered[1]}' in this team.`);
    resolved = { source, storageLocation: version.storageLocation, runId: version.runId, loggedModelId: version.loggedModelId };
  } else {
    resolved = await inExternalRunRoot(input, source);
  }

  if (input.runId && input.runId !== resolved.runId) throw invalid(source, `It is not inside run '${input.runId}', which the request names.`);
  if (input.loggedModelId && input.loggedModelId !== resolved.loggedModelId) {
    throw invalid(source, `It is not the logged model '${input.loggedModelId}' the request names.`);
  }
  // Files behind the artifact proxy are recorded; a run root in the team's own bucket is not.
  const proxied = /^mlflow-artifacts:\/\d+\/[0-9a-f]{32}\/artifacts\/(.+)$/.exec(resolved.storageLocation);
  if (proxied && !(await hasFiles(resolved.runId, proxied[1]))) throw invalid(source, 'There are no model files there.');
  return resolved;
}

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * A source inside the artifact root of a run whose project stores artifacts in the team's own
 * bucket (artifact_location s3://..., which clients read and write directly, never through
 * Cairn): accepted only with run_id naming that run, and only below its root.
 */
async function inExternalRunRoot(input: { teamId: string; runId?: string | null }, source: string): Promise<ResolvedSource> {
  const refuse = () => invalid(source, 'Only locations of this team’s runs and logged models can be registered (no file:, local paths, other schemes or hosts).');
  if (!input.runId) throw refuse();
  const run = await teamRun(input.teamId, input.runId, source);
  const root = run.artifactUri.replace(/\/+$/, '');
  if (root.startsWith('mlflow-artifacts:') || !source.startsWith(`${root}/`)) throw refuse();
  const path = relativePath(source.slice(root.length + 1), source);
  if (!path) throw invalid(source, 'It names no path inside the run.');
  return { source, storageLocation: `${root}/${path}`, runId: run.id, loggedModelId: null };
}
