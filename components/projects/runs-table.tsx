'use client';
// A project's runs: filter with MLflow's search syntax, sort, and see params and
// latest metrics side by side (the spreadsheet people keep by hand, kept for them).
// Run names open the run page; ticked runs open side by side on the compare page.
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { useLiveTopics } from '../live/live-events';

type KeyValue = { key: string; value: string };
type Metric = { key: string; value: number | string; step: string };
type RunRow = {
  id: string;
  name: string;
  status: string;
  startTime: string;
  user: string | null;
  codeVersion: string | null;
  params: KeyValue[];
  latestMetrics: Metric[];
  commentCount: number;
};
type RunsData = {
  project: {
    id: string;
    name: string;
    description: string | null;
    runs: { totalCount?: number; edges: { node: RunRow }[] };
  };
};

const RUNS = `query ProjectRuns($id: ID!, $filter: String, $orderBy: [String!]) {
  project(id: $id) {
    id name description
    runs(first: 100, filter: $filter, orderBy: $orderBy) {
      edges { node { id name status startTime user codeVersion commentCount params { key value } latestMetrics { key value step } } }
    }
  }
}`;

export function RunsTable({ projectId }: { projectId: string }) {
  const [filter, setFilter] = useState('');
  const [orderBy, setOrderBy] = useState<string[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { slug } = useParams<{ slug: string }>();
  const router = useRouter();
  const runs = useQuery({
    queryKey: ['runs', projectId, filter, orderBy],
    queryFn: () => graphqlRequest<RunsData>(RUNS, { id: projectId, filter: filter || null, orderBy }),
  });
  // New runs, status changes, deletions: refetch while the page is open.
  const queryClient = useQueryClient();
  useLiveTopics([`project:${projectId}`], () => void queryClient.invalidateQueries({ queryKey: ['runs', projectId] }));

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilter(String(new FormData(event.currentTarget).get('filter') ?? ''));
  }

  const rows = runs.data?.project.runs.edges.map((edge) => edge.node) ?? [];
  const paramKeys = [...new Set(rows.flatMap((run) => run.params.map((p) => p.key)))].sort();
  const metricKeys = [...new Set(rows.flatMap((run) => run.latestMetrics.map((m) => m.key)))].sort();
  const toggle = (runId: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(runId);
      else next.delete(runId);
      return next;
    });
  const allSelected = rows.length > 0 && rows.every((run) => selected.has(run.id));
  const compare = () => router.push(`/t/${slug}/compare?runs=${[...selected].join(',')}`);
  const sortBy = (column: string) =>
    setOrderBy((current) => [current[0] === `${column} DESC` ? `${column} ASC` : `${column} DESC`]);

  return (
    <>
      <h1>{runs.data?.project.name ?? 'Project'}</h1>
      {runs.data?.project.description && <p className="muted">{runs.data.project.description}</p>}
      <form className="inline" onSubmit={onFilter} aria-label="Filter runs">
        <label style={{ flex: 1 }}>
          Filter
          <input name="filter" placeholder="metrics.accuracy > 0.9 and params.max_depth = '5'" defaultValue={filter} />
        </label>
        <button type="submit">Search</button>
      </form>
      {runs.isError && (
        <p className="error" role="alert">
          {runs.error.message}
        </p>
      )}
      {runs.isPending ? (
        <p>Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No runs match. Log runs with the MLflow client: MLFLOW_TRACKING_URI=this server.</p>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <p style={{ display: 'flex', gap: '0.6rem', alignItems: 'center' }}>
            <button onClick={compare} disabled={selected.size < 2} title="Tick two or more runs to compare them">
              Compare
            </button>
            <span className="muted">{selected.size} selected</span>
          </p>
          <table data-testid="runs-table">
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label="Select all runs"
                    checked={allSelected}
                    onChange={(event) => rows.forEach((run) => toggle(run.id, event.target.checked))}
                  />
                </th>
                <th>Run</th>
                <th>Status</th>
                <th>
                  <button className="secondary" onClick={() => sortBy('attributes.start_time')}>
                    Started
                  </button>
                </th>
                <th>User</th>
                <th>Code</th>
                <th title="Comments">Comments</th>
                {paramKeys.map((key) => (
                  <th key={`p-${key}`}>
                    <button className="secondary" onClick={() => sortBy(`params.\`${key}\``)}>
                      {key}
                    </button>
                  </th>
                ))}
                {metricKeys.map((key) => (
                  <th key={`m-${key}`}>
                    <button className="secondary" onClick={() => sortBy(`metrics.\`${key}\``)}>
                      {key}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => (
                <tr key={run.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${run.name}`}
                      checked={selected.has(run.id)}
                      onChange={(event) => toggle(run.id, event.target.checked)}
                    />
                  </td>
                  <td title={run.id}>
                    <Link href={`/t/${slug}/runs/${run.id}`}>{run.name}</Link>
                  </td>
                  <td>{run.status.toLowerCase()}</td>
                  <td>{new Date(Number(run.startTime)).toLocaleString()}</td>
                  <td>{run.user}</td>
                  <td>
                    <code>{run.codeVersion?.slice(0, 8)}</code>
                  </td>
                  <td>{run.commentCount > 0 && <Link href={`/t/${slug}/runs/${run.id}#comments`}>{run.commentCount}</Link>}</td>
                  {paramKeys.map((key) => (
                    <td key={`p-${key}`}>{run.params.find((p) => p.key === key)?.value}</td>
                  ))}
                  {metricKeys.map((key) => (
                    <td key={`m-${key}`}>{formatMetric(run.latestMetrics.find((m) => m.key === key)?.value)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function formatMetric(value: number | string | undefined): string {
  if (value === undefined) return '';
  const n = Number(value);
  return Number.isFinite(n) ? String(Number(n.toPrecision(5))) : String(value);
}
