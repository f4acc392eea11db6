// A model version's files (its run's artifacts at the download URI), each a download link: on
// the version page and on a share page of the version (through the share link's own route).
import { artifactDownloadUrl, formatBytes } from '../runs/format';

export type VersionFile = { path: string; size: string };

export function VersionFiles({ runId, files }: { runId: string | null; files: readonly VersionFile[] }) {
  if (!runId || files.length === 0) return <p className="muted">No files stored by Cairn at the download URI.</p>;
  return (
    <table aria-label="Files">
      <thead>
        <tr>
          <th>File</th>
          <th>Size</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.path}>
            <td>
              <a href={artifactDownloadUrl(runId, file.path)} download>
                {file.path}
              </a>
            </td>
            <td>{formatBytes(file.size)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
