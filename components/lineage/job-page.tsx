'use client';
// A job another system reported through OpenLineage: its latest run, what it reads and writes.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import { ErrorMessage } from '../runs/error-message';
import { lineagePath } from '../../lib/lineage/node-paths';

type DatasetRef = { id: string; name: string; digest: string };
type Data = { lineageJob: { id: string; namespace: string; name: string; facets: Record<string, unknown>; lastRunId: string | null; lastEventType: string | null; lastEventTime: string | null; inputs: DatasetRef[]; outputs: DatasetRef[] } };

const QUERY = `query JobPage($id: ID!) { lineageJob(id: $id) { id namespace name facets lastRunId lastEventType lastEventTime inputs { id name digest } outputs { id name digest } } }`;

function Datasets({ teamSlug, rows }: { teamSlug: string; rows: DatasetRef[] }) {
  if (rows.length === 0) return <p className="muted">None reported.</p>;
  return (
    <ul>
      {rows.map((d) => (
        <li key={d.id}>
          <Link href={`/t/${teamSlug}/datasets/${d.id}`}>{d.name}</Link> {d.digest && <code>{d.digest}</code>}
        </li>
      ))}
    </ul>
  );
}

export function JobPage({ teamSlug, jobId }: { teamSlug: string; jobId: string }) {
  const result = useQuery({ queryKey: ['job', jobId], queryFn: () => graphqlRequest<Data>(QUERY, { id: jobId }) });
  if (result.isPending) return <p>Loading…</p>;
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  const job = result.data.lineageJob;
  return (
    <>
      <p className="muted" style={{ marginBottom: 0 }}>
        Job reported through OpenLineage · {job.namespace}
      </p>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: '1rem' }}>
        <h1 style={{ marginTop: '0.2rem', flex: 1 }}>{job.name}</h1>
        <Link href={lineagePath(teamSlug, `job:${job.id}`)}>Lineage graph</Link>
      </div>
      <p>
        Latest run: {job.lastRunId ? <><code>{job.lastRunId}</code> {job.lastEventType?.toLowerCase()} {job.lastEventTime && `at ${new Date(job.lastEventTime).toLocaleString()}`}</> : <span className="muted">none reported</span>}
      </p>
      <h2>Reads</h2>
      <Datasets teamSlug={teamSlug} rows={job.inputs} />
      <h2>Writes</h2>
      <Datasets teamSlug={teamSlug} rows={job.outputs} />
      {Object.keys(job.facets).length > 0 && (
        <details>
          <summary>Facets ({Object.keys(job.facets).join(', ')})</summary>
          <pre style={{ whiteSpace: 'pre-wrap', fontSize: '0.85rem' }}>{JSON.stringify(job.facets, null, 2)}</pre>
        </details>
      )}
    </>
  );
}
