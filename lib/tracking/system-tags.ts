// MLflow's system tags (set by its clients under the reserved `mlflow.` prefix) and the
// first-class run fields Cairn shows for them. REST passes the tags through unchanged;
// GraphQL and pages read the fields. One mapping, used by both.

export const SystemTag = {
  runName: 'mlflow.runName',
  user: 'mlflow.user',
  parentRunId: 'mlflow.parentRunId',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  gitRepoUrl: 'mlflow.source.git.repoURL',
  legacyGitRepoUrl: 'mlflow.gitRepoURL',
  projectEntryPoint: 'mlflow.project.entryPoint',
  note: 'mlflow.note.content',
  logModelHistory: 'mlflow.log-model.history',
  datasetContext: 'mlflow.data.context',
} as const;

export type RunSystemFields = {
  runName: string | null;
  /** Who ran the code, as the client reported it (`mlflow.user`). */
  user: string | null;
  parentRunId: string | null;
  /** The git commit of the code that produced the run. */
  codeVersion: string | null;
  /** The entry point: the project's entry point when run as an MLflow project, else the source file. */
  entryPoint: string | null;
  sourceName: string | null;
  /** NOTEBOOK, JOB, PROJECT, LOCAL or UNKNOWN, as MLflow's SourceType. */
  sourceType: string | null;
  gitBranch: string | null;
  gitRepoUrl: string | null;
  note: string | null;
};

type TagSource = ReadonlyMap<string, string> | ReadonlyArray<{ key: string; value: string }>;

function toMap(tags: TagSource): ReadonlyMap<string, string> {
  return tags instanceof Map ? tags : new Map((tags as ReadonlyArray<{ key: string; value: string }>).map((t) => [t.key, t.value]));
}

export function systemFieldsFromTags(tags: TagSource): RunSystemFields {
  const map = toMap(tags);
  const get = (key: string) => {
    const value = map.get(key);
    return value === undefined || value === '' ? null : value;
  };
  const sourceName = get(SystemTag.sourceName);
  return {
    runName: get(SystemTag.runName),
    user: get(SystemTag.user),
    parentRunId: get(SystemTag.parentRunId),
    codeVersion: get(SystemTag.gitCommit),
    entryPoint: get(SystemTag.projectEntryPoint) ?? sourceName,
    sourceName,
    sourceType: get(SystemTag.sourceType),
    gitBranch: get(SystemTag.gitBranch),
    gitRepoUrl: get(SystemTag.gitRepoUrl) ?? get(SystemTag.legacyGitRepoUrl),
    note: get(SystemTag.note),
  };
}

/** Tags under MLflow's reserved prefix (hidden from "user tags" lists in the UI). */
export function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.');
}
