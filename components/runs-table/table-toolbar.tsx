'use client';
// Filtering and grouping the runs table: MLflow's search language (the same filter the API
// takes), quick filters for status, user and dataset digest, and group by a param, tag,
// status or user. Everything lands in the page URL through `onChange`.
import { useEffect, useState, type FormEvent } from 'react';
import type { TableQuery } from './table-query';

type ValueCount = { value: string; runCount: number };
export type ToolbarFacets = {
  statuses: ValueCount[];
  users: ValueCount[];
  datasets: { name: string; digest: string; runCount: number }[];
  params: { key: string }[];
  tags: { key: string }[];
};

const STATUS_ORDER = ['FINISHED', 'RUNNING', 'FAILED', 'KILLED', 'SCHEDULED'];

export function TableToolbar({ query, onChange, facets, error }: { query: TableQuery; onChange(query: TableQuery): void; facets: ToolbarFacets; error?: string | null }) {
  const [draft, setDraft] = useState(query.filter);
  useEffect(() => setDraft(query.filter), [query.filter]);
  const active = query.filter || query.statuses.length || query.users.length || query.digests.length;

  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ ...query, filter: draft.trim() });
  }
  const toggleStatus = (status: string) =>
    onChange({ ...query, statuses: query.statuses.includes(status) ? query.statuses.filter((s) => s !== status) : [...query.statuses, status] });
  const statuses = [...facets.statuses].sort((a, b) => STATUS_ORDER.indexOf(a.value) - STATUS_ORDER.indexOf(b.value));

  return (
    <div>
      <form className="toolbar" onSubmit={submit} role="search" aria-label="Filter runs" style={{ marginBottom: 8 }}>
        <input
          className="grow"
          name="filter"
          aria-label="Search filter"
          placeholder="metrics.accuracy > 0.9 and params.optimizer = 'adam'"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          style={{ fontFamily: 'var(--mono)', fontSize: 'var(--text-sm)' }}
          aria-invalid={!!error}
          aria-describedby={error ? 'filter-error' : undefined}
        />
        <button type="submit">Search</button>
        {active ? (
          <button type="button" className="ghost" onClick={() => onChange({ ...query, filter: '', statuses: [], users: [], digests: [] })}>
            Clear filters
          </button>
        ) : null}
      </form>
      {error && (
        <p id="filter-error" className="error small-text" role="alert">
          {error}
        </p>
      )}
      <div className="toolbar" aria-label="Quick filters">
        {statuses.map((status) => (
          <button
            key={status.value}
            type="button"
            className="chip"
            aria-pressed={query.statuses.includes(status.value)}
            onClick={() => toggleStatus(status.value)}
            title={`Only ${status.value.toLowerCase()} runs`}
          >
            {status.value.toLowerCase()} <span className="muted">{status.runCount}</span>
          </button>
        ))}
        {facets.users.length > 1 && (
          <select aria-label="User" value={query.users[0] ?? ''} onChange={(event) => onChange({ ...query, users: event.target.value ? [event.target.value] : [] })}>
            <option value="">All users</option>
            {facets.users.map((user) => (
              <option key={user.value} value={user.value}>
                {user.value} ({user.runCount})
              </option>
            ))}
          </select>
        )}
        {facets.datasets.length > 0 && (
          <select aria-label="Dataset" value={query.digests[0] ?? ''} onChange={(event) => onChange({ ...query, digests: event.target.value ? [event.target.value] : [] })}>
            <option value="">All datasets</option>
            {facets.datasets.map((dataset) => (
              <option key={dataset.digest} value={dataset.digest}>
                {dataset.name} @ {dataset.digest.slice(0, 12)} ({dataset.runCount})
              </option>
            ))}
          </select>
        )}
        <span className="sep" />
        <label className="inline" style={{ color: 'var(--muted)' }}>
          Group by
          <select aria-label="Group by" value={query.groupBy ?? ''} onChange={(event) => onChange({ ...query, groupBy: event.target.value || null })}>
            <option value="">Nothing</option>
            <option value="attributes.status">Status</option>
            <option value="attributes.user_id">User</option>
            {facets.params.map((param) => (
              <option key={param.key} value={`params.${param.key}`}>
                param: {param.key}
              </option>
            ))}
            {facets.tags.map((tag) => (
              <option key={tag.key} value={`tags.${tag.key}`}>
                tag: {tag.key}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
