// A two-column table of keys and values (params, tags), keys sorted, long values wrapped.
type KeyValue = { key: string; value: string };

export function KeyValueTable({ label, rows, empty }: { label: string; rows: readonly KeyValue[]; empty: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  const sorted = [...rows].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          <th style={{ width: '35%' }}>Key</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={row.key}>
            <td>{row.key}</td>
            <td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
