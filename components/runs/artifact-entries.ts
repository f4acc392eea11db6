// The artifact table holds files by full path; the browser shows one folder at a time.

export type ArtifactRow = { path: string; size: string; sha256: string; contentType: string | null; createdAt: string };

export type Entry = { kind: 'dir'; name: string; path: string; files: number } | { kind: 'file'; name: string; artifact: ArtifactRow };

/** The entries directly inside `dir` ('' is the root): sub-directories first, then files, by name. */
export function entriesIn(artifacts: readonly ArtifactRow[], dir: string): Entry[] {
  const prefix = dir ? `${dir}/` : '';
  const dirs = new Map<string, number>();
  const files: Entry[] = [];
  for (const artifact of artifacts) {
    if (!artifact.path.startsWith(prefix)) continue;
    const rest = artifact.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) files.push({ kind: 'file', name: rest, artifact });
    else dirs.set(rest.slice(0, slash), (dirs.get(rest.slice(0, slash)) ?? 0) + 1);
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const dirEntries: Entry[] = [...dirs].map(([name, count]) => ({ kind: 'dir', name, path: prefix + name, files: count }));
  return [...dirEntries.sort(byName), ...files.sort(byName)];
}
