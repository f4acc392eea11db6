// Two runs side by side in one glance: the params, tags, data digests and code versions that
// differ between them (what changed between a good run and a bad one).
import type { RunRow } from '@/lib/tracking/runs-table/run-row';
import { runDifferences, type Difference } from './run-differences';

const SECTIONS: { key: 'params' | 'tags' | 'data' | 'code'; title: string }[] = [
  { key: 'params', title: 'Params' },
  { key: 'tags', title: 'Tags' },
  { key: 'data', title: 'Data digests' },
  { key: 'code', title: 'Code' },
];

function Value({ value }: { value: string | null }) {
  return value === null ? <span className="muted">not set</span> : <code style={{ fontSize: 'var(--text-sm)' }}>{value}</code>;
}

export function DifferencesSummary({ a, b }: { a: RunRow; b: RunRow }) {
  const diff = runDifferences(a, b);
  const total = SECTIONS.reduce((n, section) => n + diff[section.key].length, 0);
  if (total === 0) {
    return (
      <p className="notice" data-testid="differences">
        Same params, tags, data and code: these two runs differ only in their results.
      </p>
    );
  }
  return (
    <div className="summary-list" data-testid="differences" role="table" aria-label={`Differences between ${a.name} and ${b.name}`}>
      <div role="row" style={{ display: 'contents' }}>
        <span role="columnheader" className="muted small-text" />
        <span role="columnheader" className="small-text" style={{ fontWeight: 600 }}>
          {a.name}
        </span>
        <span role="columnheader" className="small-text" style={{ fontWeight: 600 }}>
          {b.name}
        </span>
      </div>
      {SECTIONS.flatMap((section) =>
        diff[section.key].map((row: Difference) => (
          <div role="row" key={`${section.key}-${row.key}`} style={{ display: 'contents' }}>
            <span role="rowheader">
              <span className="muted small-text">{section.title}: </span>
              {row.key}
            </span>
            <span role="cell" className="diff-old">
              <Value value={row.a} />
            </span>
            <span role="cell" className="diff-new">
              <Value value={row.b} />
            </span>
          </div>
        )),
      )}
    </div>
  );
}
