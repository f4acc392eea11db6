'use client';
// A dataset: where the data is, every digest of it in the team with the runs and model
// versions that used each (what changed, and who saw which data: pressure test 4), and its
// blast radius (the model versions downstream, production first).
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import { ErrorMessage } from '../runs/error-message';
import { runPath } from '../runs/format';
import { StageBadge } from '../registry/badges';
import { versionPath, type Stage } from '../registry/format';
import { lineagePath } from '../../lib/lineage/node-paths';

type VersionRef = { id: string; version: number; stage: Stage; model: { id: string; name: string } };
type Data = {
  dataset: {
    id: string;
    nodeId: string;
    name: string;
    digest: string;
    sourceType: string;
    source: string;
    location: string | null;
    schema: string | null;
    createdAt: string | null;
    digests: {
      digest: string;
      firstUsedAt: string;
      lastUsedAt: string;
      dataset: { id: string };
      runs: { id: string; name: string; status: string; user: string | null }[];
      modelVersions: VersionRef[];
      jobs: { id: string; namespace: string; name: string }[];
    }[];
    downstreamModelVersions: { depth: number; modelVersion: VersionRef }[];
  };
};

const QUERY = `query DatasetPage($id: ID!) {
  dataset(id: $id) {
    id nodeId name digest sourceType source location schema createdAt
    digests {
      digest firstUsedAt lastUsedAt dataset { id }
      runs { id name status user }
      modelVersions { id version stage model { id name } }
      jobs { id namespace name }
    }
    downstreamModelVersions { depth modelVersion { id version stage model { id name } } }
  }
}`;

const day = (iso: string) => new Date(iso).toLocaleDateString();

function VersionLink({ teamSlug, v }: { teamSlug: string; v: VersionRef }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Link href={versionPath(teamSlug, v.model.id, v.version)}>
        {v.model.name} v{v.version}
      </Link>{' '}
      <StageBadge stage={v.stage} />
    </span>
  );
}

export function DatasetPage({ teamSlug, datasetId }: { teamSlug: string; datasetId: string }) {
  const result = useQuery({ queryKey: ['dataset', datasetId], queryFn: () => graphqlRequest<Data>(QUERY, { id: datasetId }) });
  if (result.isPending) return <p>Loading…</p>;
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  const { dataset } = result.data;
  const downstream = [...dataset.downstreamModelVersions].sort((a, b) => Number(b.modelVersion.stage === 'PRODUCTION') - Number(a.modelVersion.stage === 'PRODUCTION') || a.depth - b.depth);
  const inProduction = downstream.filter((d) => d.modelVersion.stage === 'PRODUCTION').length;
  return (
    <>
      <p className="muted" style={{ marginBottom: 0 }}>
        <Link href={`/t/${teamSlug}/datasets`}>Datasets</Link> / {dataset.name}
      </p>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: '1rem', flexWrap: 'wrap' }}>
        <h1 style={{ marginTop: '0.2rem', flex: 1 }}>
          {dataset.name} <code style={{ fontSize: '0.9rem' }}>{dataset.digest || 'any version'}</code>
        </h1>
        <Link href={lineagePath(teamSlug, dataset.nodeId)}>Lineage graph</Link>
      </div>
      <div className="summary-cards">
        <div>
          <div className="label">Location</div>
          <div className="value" style={{ fontSize: '0.95rem', wordBreak: 'break-all' }}>{dataset.location ?? <span className="muted">unknown</span>}</div>
        </div>
        <div>
          <div className="label">Digests seen</div>
          <div className="value">{dataset.digests.length}</div>
        </div>
        <div>
          <div className="label">Model versions downstream</div>
          <div className="value">
            {downstream.length} {inProduction > 0 && <span className="badge stage-production">{inProduction} in production</span>}
          </div>
        </div>
      </div>

      <h2>Every digest, and what used it</h2>
      <table aria-label="Digests">
        <thead>
          <tr>
            <th>Digest</th>
            <th>Used</th>
            <th>Runs</th>
            <th>Model versions</th>
            <th>Jobs</th>
          </tr>
        </thead>
        <tbody>
          {dataset.digests.map((d) => (
            <tr key={d.dataset.id} style={d.dataset.id === dataset.id ? { background: '#fffbe6' } : undefined}>
              <td>
                <Link href={`/t/${teamSlug}/datasets/${d.dataset.id}`}>
                  <code>{d.digest || 'any version'}</code>
                </Link>
                {d.dataset.id === dataset.id && <span className="muted"> (this one)</span>}
              </td>
              <td className="muted" style={{ whiteSpace: 'nowrap' }}>
                {day(d.firstUsedAt)}
                {day(d.lastUsedAt) !== day(d.firstUsedAt) && ` – ${day(d.lastUsedAt)}`}
              </td>
              <td>
                {d.runs.length === 0 && <span className="muted">none</span>}
                {d.runs.map((r) => (
                  <div key={r.id}>
                    <Link href={runPath(teamSlug, r.id)}>{r.name}</Link> <span className="muted">{r.status.toLowerCase()}{r.user && ` · ${r.user}`}</span>
                  </div>
                ))}
              </td>
              <td>
                {d.modelVersions.length === 0 && <span className="muted">none</span>}
                {d.modelVersions.map((v) => (
                  <div key={v.id}>
                    <VersionLink teamSlug={teamSlug} v={v} />
                  </div>
                ))}
              </td>
              <td>
                {d.jobs.map((j) => (
                  <div key={j.id}>
                    <Link href={`/t/${teamSlug}/jobs/${j.id}`}>{j.name}</Link> <span className="muted">{j.namespace}</span>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Blast radius</h2>
      {downstream.length === 0 ? (
        <p className="muted">No model version was trained on this data, directly or through data derived from it.</p>
      ) : (
        <ul aria-label="Model versions downstream">
          {downstream.map((d) => (
            <li key={d.modelVersion.id}>
              <VersionLink teamSlug={teamSlug} v={d.modelVersion} /> <span className="muted">{d.depth} hops away</span>
            </li>
          ))}
        </ul>
      )}

      <h2>Source</h2>
      <p>
        <span className="muted">{dataset.sourceType}</span> <code style={{ wordBreak: 'break-all' }}>{dataset.source}</code>
      </p>
      {dataset.schema && (
        <details>
          <summary>Schema</summary>
          <pre style={{ whiteSpace: 'pre-wrap', fontSize: '0.85rem' }}>{dataset.schema}</pre>
        </details>
      )}
    </>
  );
}
