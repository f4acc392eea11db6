'use client';
// A run's artifacts one directory level at a time, like MLflow's artifact view: folders to
// open, files to download through /api/artifacts/<runId>/<path>.
import { useState } from 'react';
import { artifactDownloadUrl, formatBytes } from './format';

export type ArtifactRow = { path: string; size: string; sha256: string; contentType: string | null; createdAt: string };

type Entry = { kind: 'dir'; name: string; path: string; files: number } | { kind: 'file'; name: string; artifact: ArtifactRow };

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

export function ArtifactBrowser({ runId, artifacts }: { runId: string; artifacts: readonly ArtifactRow[] }) {
  const [dir, setDir] = useState('');
  if (artifacts.length === 0) return <p className="muted">No artifacts. Log them with mlflow.log_artifact().</p>;
  const entries = entriesIn(artifacts, dir);
  const crumbs = dir ? dir.split('/') : [];

  return (
    <div data-testid="artifacts">
      <nav aria-label="Artifact folder" style={{ display: 'flex', gap: '0.3rem', alignItems: 'center', marginBottom: '0.4rem' }}>
        <button className="secondary" onClick={() => setDir('')} disabled={!dir}>
          artifacts
        </button>
        {crumbs.map((name, i) => (
          <span key={i}>
            /{' '}
            <button className="secondary" onClick={() => setDir(crumbs.slice(0, i + 1).join('/'))} disabled={i === crumbs.length - 1}>
              {name}
            </button>
          </span>
        ))}
      </nav>
      <table aria-label="Artifacts">
        <thead>
          <tr>
            <th>Name</th>
            <th>Size</th>
            <th>Type</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) =>
            entry.kind === 'dir' ? (
              <tr key={`d-${entry.name}`}>
                <td>
                  <button className="secondary" onClick={() => setDir(entry.path)} aria-label={`Open folder ${entry.name}`}>
                    {entry.name}/
                  </button>
                </td>
                <td className="muted">
                  {entry.files} {entry.files === 1 ? 'file' : 'files'}
                </td>
                <td />
                <td />
              </tr>
            ) : (
              <tr key={`f-${entry.name}`}>
                <td>
                  <a href={artifactDownloadUrl(runId, entry.artifact.path)} download={entry.name}>
                    {entry.name}
                  </a>
                </td>
                <td>{formatBytes(entry.artifact.size)}</td>
                <td className="muted">{entry.artifact.contentType}</td>
                <td>
                  <code title={entry.artifact.sha256}>{entry.artifact.sha256.slice(0, 12)}</code>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
