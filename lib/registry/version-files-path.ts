// Where a version's files are inside its source run's artifacts, when Cairn stores them: the
// path part of its storage location (mlflow-artifacts:/<experiment>/<run id>/artifacts/<path>).
// The version page lists those files, and a share link to the version shows only them.

/** The run-relative path of the version's files, or null when they are not in its run's Cairn-stored artifacts. */
export function versionFilesPath(version: { storageLocation: string; runId: string | null }): string | null {
  const match = /^mlflow-artifacts:\/\d+\/([0-9a-f]{32})\/artifacts\/(.+)$/.exec(version.storageLocation);
  return match && version.runId !== null && match[1] === version.runId.trim() ? match[2] : null;
}
