// The reproducibility report (pressure test 8, "reproduce a result six months later"): for a
// run, or the run behind a model version, each thing needed to run it again is present or
// missing, with what to log to fix it. Computed from what was logged, for many runs at once
// with a constant number of queries.
import { query } from '../db/sql.ts';
import { loadRunViews, type RunView } from '../tracking/runs/run-view.ts';
import { LineageTag } from './lineage-tags.ts';

export type ReproStatus = 'PRESENT' | 'PARTIAL' | 'MISSING' | 'NOT_APPLICABLE';
export type ReproItemKey = 'CODE_VERSION' | 'DATA' | 'PARAMETERS' | 'SEED' | 'ENVIRONMENT' | 'PARENT_RUN';

export type ReproItem = {
  key: ReproItemKey;
  label: string;
  status: ReproStatus;
  /** What was found (or not). */
  detail: string;
  /** What to log to fix it; null when nothing is missing. */
  fix: string | null;
};

export type ReproReport = { runId: string; items: ReproItem[]; missing: number; complete: boolean };

const SEED_PARAMS = ['seed', 'random_seed', 'random_state'];
const DATA_PARAMS = ['data_hash', 'data_digest', 'dataset_hash', 'data_version', 'dataset_version'];
export const ENVIRONMENT_FILES = ['requirements.txt', 'conda.yaml', 'python_env.yaml'];
/** The artifact paths that record an environment (a PostgreSQL regular expression). */
export const ENV_PATTERN = `(^|/)(${ENVIRONMENT_FILES.map((f) => f.replace('.', '\\.')).join('|')})$`;

const item = (key: ReproItemKey, label: string, status: ReproStatus, detail: string, fix: string | null = null): ReproItem => ({
  key,
  label,
  status,
  detail,
  fix: status === 'PRESENT' || status === 'NOT_APPLICABLE' ? null : fix,
});

function codeVersion(run: RunView): ReproItem {
  const tag = (key: string) => run.tags.find((t) => t.key === key)?.value;
  const param = run.params.find((p) => ['git_commit', 'commit', 'code_version'].includes(p.key.toLowerCase()));
  const commit = run.system.codeVersion ?? param?.value;
  const label = 'Code version';
  if (!commit) {
    return item('CODE_VERSION', label, 'MISSING', 'No git commit recorded.',
      "Run the script from a git checkout (MLflow then records mlflow.source.git.commit), or mlflow.set_tag('mlflow.source.git.commit', <sha>).");
  }
  const where = [run.system.gitBranch && `on ${run.system.gitBranch}`, run.system.gitRepoUrl && `(${run.system.gitRepoUrl})`].filter(Boolean).join(' ');
  const from = run.system.codeVersion ? '' : ` (param ${param!.key})`;
  const dirty = tag('mlflow.source.git.dirty');
  if (dirty?.toLowerCase() === 'true') {
    return item('CODE_VERSION', label, 'PARTIAL', `git ${commit.slice(0, 12)}${from} ${where}, with uncommitted changes: the commit alone is not the code that ran.`.replace(/\s+/g, ' ').trim(),
      "Commit before training, or log the diff with the run: mlflow.log_text(subprocess.check_output(['git', 'diff']).decode(), 'code.diff').");
  }
  const clean = dirty?.toLowerCase() === 'false' ? ', working tree clean' : '';
  return item('CODE_VERSION', label, 'PRESENT', `git ${commit.slice(0, 12)}${from} ${where}${clean}`.replace(/\s+/g, ' ').trim());
}

function data(run: RunView): ReproItem {
  const label = 'Data digests';
  const fix = "Log every dataset the run reads: mlflow.log_input(mlflow.data.from_pandas(df, source='s3://...', name='train'), context='training').";
  if (run.inputs.length === 0) {
    const param = run.params.find((p) => DATA_PARAMS.includes(p.key.toLowerCase()));
    if (param) return item('DATA', label, 'PARTIAL', `No dataset logged; param ${param.key} = ${param.value.slice(0, 40)} names the data, but Cairn cannot link it to its runs and models.`, fix);
    return item('DATA', label, 'MISSING', 'No dataset logged: which data trained this is unknown.', fix);
  }
  const unversioned = run.inputs.filter((i) => !i.dataset.digest);
  const listed = run.inputs.map((i) => `${i.dataset.name}@${i.dataset.digest.slice(0, 8) || '?'}${i.context ? ` (${i.context})` : ''}`).join(', ');
  if (unversioned.length) return item('DATA', label, 'PARTIAL', `${run.inputs.length} dataset(s), ${unversioned.length} without a digest: ${listed}`, fix);
  return item('DATA', label, 'PRESENT', `${run.inputs.length} dataset(s) with digests: ${listed}`);
}

function parameters(run: RunView): ReproItem {
  if (run.params.length === 0) return item('PARAMETERS', 'Parameters', 'MISSING', 'No parameters logged.', 'mlflow.log_params(config) with every hyperparameter and setting the script reads.');
  return item('PARAMETERS', 'Parameters', 'PRESENT', `${run.params.length} parameter(s) logged.`);
}

function seed(run: RunView): ReproItem {
  const param = run.params.find((p) => SEED_PARAMS.includes(p.key.toLowerCase()));
  if (param) return item('SEED', 'Random seed', 'PRESENT', `${param.key} = ${param.value}`);
  const declared = run.tags.find((t) => t.key === LineageTag.seed)?.value;
  if (declared) return item('SEED', 'Random seed', 'PRESENT', `${declared} (declared with ${LineageTag.seed})`);
  return item('SEED', 'Random seed', 'MISSING', 'No seed, random_seed or random_state param, and no cairn.seed tag.',
    "Seed random, numpy and your framework, then mlflow.log_param('seed', 42) (or mlflow.set_tag('cairn.seed', '42')).");
}

function environment(files: string[]): ReproItem {
  if (files.length) return item('ENVIRONMENT', 'Environment', 'PRESENT', files.slice(0, 6).join(', ') + (files.length > 6 ? ` and ${files.length - 6} more` : ''));
  return item('ENVIRONMENT', 'Environment', 'MISSING', 'No requirements.txt, conda.yaml or python_env.yaml among the artifacts.',
    "Log the model with mlflow.<flavor>.log_model (it writes all three), or pip freeze > requirements.txt and mlflow.log_artifact('requirements.txt').");
}

function parent(run: RunView, parentExists: boolean): ReproItem {
  if (!run.parentRunId) return item('PARENT_RUN', 'Parent run', 'NOT_APPLICABLE', 'A top-level run.');
  if (!parentExists) return item('PARENT_RUN', 'Parent run', 'MISSING', `Its parent run ${run.parentRunId} is gone: the settings it passed down are lost.`, 'Keep parent runs of registered models (restore it, or do not purge it).');
  return item('PARENT_RUN', 'Parent run', 'PRESENT', `Nested under run ${run.parentRunId}.`);
}

/**
 * Reports for runs (ids of runs the caller may read). `filesUnder` narrows the environment
 * check to a path prefix of the run's artifacts (a model version's files).
 */
export async function reproducibilityReports(
  runIds: readonly string[],
  filesUnder: ReadonlyMap<string, string> = new Map(),
  loadRuns: (ids: readonly string[]) => Promise<RunView[]> = loadRunViews,
): Promise<Map<string, ReproReport>> {
  const runs = await loadRuns(runIds);
  if (runs.length === 0) return new Map();
  const parentIds = [...new Set(runs.flatMap((r) => (r.parentRunId ? [r.parentRunId] : [])))];
  // Environment files and surviving parents in one round trip (the run page asks for this).
  const rows = await query<{ kind: 'env' | 'parent'; run_id: string; path: string | null }>(
    `SELECT 'env' AS kind, run_id, path FROM artifacts WHERE run_id = ANY($1::bpchar[]) AND path ~ $2
     UNION ALL
     SELECT 'parent', id, NULL FROM runs WHERE id = ANY($3::bpchar[])
     ORDER BY 2, 3`,
    [runs.map((r) => r.id), ENV_PATTERN, parentIds],
  );
  const envFiles = rows.filter((r) => r.kind === 'env') as { run_id: string; path: string }[];
  const parents = new Set(rows.filter((r) => r.kind === 'parent').map((p) => p.run_id));
  return new Map(
    runs.map((run) => {
      const prefix = filesUnder.get(run.id);
      const files = envFiles.filter((f) => f.run_id === run.id && (!prefix || f.path === prefix || f.path.startsWith(`${prefix}/`))).map((f) => f.path);
      return [run.id, reproducibilityReport(run, files, !!run.parentRunId && parents.has(run.parentRunId))];
    }),
  );
}

/** The report of one run, given its environment files (paths matching ENV_PATTERN) and whether its parent run still exists. */
export function reproducibilityReport(run: RunView, envFiles: string[], parentExists: boolean): ReproReport {
  const items = [codeVersion(run), data(run), parameters(run), seed(run), environment(envFiles), parent(run, parentExists)];
  const missing = items.filter((i) => i.status === 'MISSING' || i.status === 'PARTIAL').length;
  return { runId: run.id, items, missing, complete: missing === 0 };
}
