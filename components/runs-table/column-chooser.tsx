'use client';
// Choosing the runs table's columns: attributes, metrics, params and tags with how many runs
// have each, a search box for projects with hundreds of keys, and a reset to the default.
// The choice is saved per person and project by the page.
import { useState } from 'react';
import { ATTRIBUTE_COLUMNS } from '@/lib/tracking/runs-table/run-row';
import { Popover } from '../ui/popover';

export type KeyFacet = { key: string; runCount: number };

type Section = { title: string; ids: { id: string; label: string; count?: number }[] };

export function ColumnChooser({ columns, onChange, onReset, metrics, params, tags }: { columns: readonly string[]; onChange(columns: string[]): void; onReset(): void; metrics: readonly KeyFacet[]; params: readonly KeyFacet[]; tags: readonly KeyFacet[] }) {
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const sections: Section[] = [
    { title: 'Attributes', ids: ATTRIBUTE_COLUMNS.filter((column) => column.key !== 'run_name').map((column) => ({ id: `attributes.${column.key}`, label: column.label })) },
    { title: 'Metrics', ids: metrics.map((m) => ({ id: `metrics.${m.key}`, label: m.key, count: m.runCount })) },
    { title: 'Params', ids: params.map((p) => ({ id: `params.${p.key}`, label: p.key, count: p.runCount })) },
    { title: 'Tags', ids: tags.map((t) => ({ id: `tags.${t.key}`, label: t.key, count: t.runCount })) },
  ];
  const shown = new Set(columns);
  const toggle = (id: string, on: boolean) => onChange(on ? [...columns, id] : columns.filter((column) => column !== id));
  return (
    <Popover label={`Columns (${columns.length})`} align="right" testId="column-chooser">
      <div style={{ display: 'grid', gap: 8, width: 300 }}>
        <input aria-label="Find a column" placeholder="Find a column" value={search} onChange={(event) => setSearch(event.target.value)} />
        <div style={{ maxHeight: 360, overflow: 'auto', display: 'grid', gap: 6 }}>
          {sections.map((section) => {
            const ids = section.ids.filter((entry) => !needle || entry.label.toLowerCase().includes(needle));
            if (ids.length === 0) return null;
            return (
              <fieldset key={section.title} style={{ border: 0, padding: 0, margin: 0 }}>
                <legend className="muted small-text" style={{ fontWeight: 600, marginBottom: 2 }}>
                  {section.title}
                </legend>
                {ids.map((entry) => (
                  <label key={entry.id} className="inline" style={{ height: 26 }}>
                    <input type="checkbox" checked={shown.has(entry.id)} onChange={(event) => toggle(entry.id, event.target.checked)} />
                    <span style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{entry.label}</span>
                    {entry.count !== undefined && <span className="muted small-text">{entry.count}</span>}
                  </label>
                ))}
              </fieldset>
            );
          })}
        </div>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'space-between' }}>
          <button className="secondary small" onClick={() => onChange([])}>
            Hide all
          </button>
          <button className="secondary small" onClick={onReset}>
            Reset to default
          </button>
        </div>
      </div>
    </Popover>
  );
}
