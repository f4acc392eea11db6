'use client';
// A run's artifacts one directory level at a time, like MLflow's artifact view: folders to
// open, files to download through /api/artifacts/<runId>/<path>.
import { useState } from 'react';
import { entriesIn, type ArtifactRow } from './artifact-entries';
import { artifactDownloadUrl, formatBytes } from './format';

export type { ArtifactRow };

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
