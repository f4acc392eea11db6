// The datasets a run used (mlflow.log_input), with digests: on run pages and model version
// pages; each links to its dataset page (runs and versions per digest) when a team is known.
import Link from 'next/link';
export type DatasetInputRow = {
  context: string | null;
  dataset: { id: string; name: string; digest: string; sourceType: string; source: string };
};

export function DatasetsTable({ inputs, empty, teamSlug = null }: { inputs: readonly DatasetInputRow[]; empty: string; teamSlug?: string | null }) {
  if (inputs.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table aria-label="Datasets">
      <thead>
        <tr>
          <th>Name</th>
          <th>Digest</th>
          <th>Source</th>
          <th>Context</th>
        </tr>
      </thead>
      <tbody>
        {inputs.map((input) => (
          <tr key={`${input.dataset.id}-${input.context ?? ''}`}>
            <td>{teamSlug ? <Link href={`/t/${teamSlug}/datasets/${input.dataset.id}`}>{input.dataset.name}</Link> : input.dataset.name}</td>
            <td>
              <code>{input.dataset.digest}</code>
            </td>
            <td style={{ wordBreak: 'break-word' }}>
              <span className="muted">{input.dataset.sourceType}</span> {input.dataset.source}
            </td>
            <td>{input.context}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
