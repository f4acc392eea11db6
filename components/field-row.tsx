// One labelled row of an overview table (run, model version).
import type { ReactNode } from 'react';

export function FieldRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row" style={{ width: '11rem' }}>
        {label}
      </th>
      <td>{children}</td>
    </tr>
  );
}
