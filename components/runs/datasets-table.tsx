// The datasets a run used (mlflow.log_input), with digests: on run pages and model version pages.
export type DatasetInputRow = {
  context: string | null;
  dataset: { id: string; name: string; digest: string; sourceType: string; source: string };
};

export function DatasetsTable({ inputs, empty }: { inputs: readonly DatasetInputRow[]; empty: string }) {
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
            <td>{input.dataset.name}</td>
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
