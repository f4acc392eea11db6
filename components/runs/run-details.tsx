'use client';
// One run, as an MLflow / W&B user expects to see it: who ran what code when, its params,
// tags, datasets, metric charts and artifacts. System tags (mlflow.*) are shown as fields
// and kept apart from the user's own tags.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { graphqlRequest } from '../graphql-request';
import type { MetricValue } from '../charts/metric-series';
import { ArtifactBrowser, type ArtifactRow } from './artifact-browser';
import { formatDuration, formatTime, runPath } from './format';
import { KeyValueTable } from './key-value-table';
import { RunMetrics } from './run-metrics';
import { ErrorMessage } from './error-message';
import { metricHistoryExportUrl } from '@/lib/tracking/export/export-urls';
import { StatusBadge } from '../ui/badge';
import { PageHeader } from '../ui/page-header';
import { Skeleton, SkeletonRows } from '../ui/skeleton';

type KeyValue = { key: string; value: string };
type RunRef = { id: string; name: string; status: string };
type RunDetailsData = {
  run: {
    id: string;
    name: string;
    status: string;
    startTime: string;
    endTime: string | null;
    lifecycleStage: string;
    artifactUri: string;
    project: { id: string; name: string };
    params: KeyValue[];
    tags: KeyValue[];
    latestMetrics: { key: string; value: MetricValue; step: string; timestamp: string }[];
    datasets: {
      context: string | null;
      dataset: { id: string; name: string; digest: string; sourceType: string; source: string };
    }[];
    artifacts: ArtifactRow[];
    author: { email: string; name: string | null } | null;
    user: string | null;
    codeVersion: string | null;
    gitBranch: string | null;
    gitRepoUrl: string | null;
    entryPoint: string | null;
    sourceName: string | null;
    sourceType: string | null;
    note: string | null;
    parent: RunRef | null;
    children: RunRef[];
  };
};

const RUN = `query RunDetails($id: ID!) {
  run(id: $id) {
    id name status startTime endTime lifecycleStage artifactUri
    project { id name }
    params { key value }
    tags { key value }
    latestMetrics { key value step timestamp }
    datasets { context dataset { id name digest sourceType source } }
    artifacts { path size sha256 contentType createdAt }
    author { email name }
    user codeVersion gitBranch gitRepoUrl entryPoint sourceName sourceType note
    parent { id name status }
    children { id name status }
  }
}`;

export function RunDetails({ teamSlug, runId }: { teamSlug: string; runId: string }) {
  const result = useQuery({ queryKey: ['run', runId], queryFn: () => graphqlRequest<RunDetailsData>(RUN, { id: runId }) });
  if (result.isPending) {
    return (
      <div role="status" aria-label="Loading run">
        <Skeleton width={160} height={12} />
        <Skeleton width={260} height={26} style={{ margin: '8px 0 16px' }} />
        <SkeletonRows rows={10} />
      </div>
    );
  }
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  const { run } = result.data;
  const systemTags = run.tags.filter((tag) => tag.key.startsWith('mlflow.'));
  const userTags = run.tags.filter((tag) => !tag.key.startsWith('mlflow.'));
  const author = run.author ? (run.author.name ? `${run.author.name} <${run.author.email}>` : run.author.email) : null;

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Projects', href: `/t/${teamSlug}/projects` },
          { label: run.project.name, href: `/t/${teamSlug}/projects/${run.project.id}` },
        ]}
        title={run.name}
        meta={
          <>
            <StatusBadge status={run.status} />
            <span>started {formatTime(run.startTime)}</span>
            <span>{formatDuration(run.startTime, run.endTime)}</span>
            {run.user && <span>by {run.user}</span>}
          </>
        }
        actions={
          run.latestMetrics.length > 0 && (
            <a className="menu-item" style={{ border: '1px solid var(--line)', height: 32 }} href={metricHistoryExportUrl(run.id, null)} download>
              Download metrics (CSV)
            </a>
          )
        }
      />
      {run.lifecycleStage === 'DELETED' && (
        <p className="notice" role="status">
          This run is deleted. It can be restored with the MLflow client (restore_run).
        </p>
      )}
      <table aria-label="Run overview">
        <tbody>
          <Field label="Run ID">
            <code>{run.id}</code>
          </Field>
          <Field label="Status">
            <StatusBadge status={run.status} />
          </Field>
          <Field label="Started">{formatTime(run.startTime)}</Field>
          <Field label="Ended">{run.endTime ? formatTime(run.endTime) : <span className="muted">not yet</span>}</Field>
          <Field label="Duration">
            {formatDuration(run.startTime, run.endTime)}
            {!run.endTime && run.status === 'RUNNING' && <span className="muted"> (running)</span>}
          </Field>
          {run.user && <Field label="User">{run.user}</Field>}
          {author && <Field label="Logged by">{author}</Field>}
          {run.codeVersion && (
            <Field label="Code version">
              <code>{run.codeVersion}</code>
              {run.gitBranch && <span className="muted"> on {run.gitBranch}</span>}
              {run.gitRepoUrl && <span className="muted"> ({run.gitRepoUrl})</span>}
            </Field>
          )}
          {run.entryPoint && <Field label="Entry point">{run.entryPoint}</Field>}
          {run.sourceName && run.sourceName !== run.entryPoint && <Field label="Source">{run.sourceName}</Field>}
          {run.sourceType && <Field label="Source type">{run.sourceType.toLowerCase()}</Field>}
          {run.parent && (
            <Field label="Parent run">
              <Link href={runPath(teamSlug, run.parent.id)}>{run.parent.name}</Link>
            </Field>
          )}
          {run.children.length > 0 && (
            <Field label="Child runs">
              <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
                {run.children.map((child) => (
                  <li key={child.id}>
                    <Link href={runPath(teamSlug, child.id)}>{child.name}</Link>{' '}
                    <span className="muted">{child.status.toLowerCase()}</span>
                  </li>
                ))}
              </ul>
            </Field>
          )}
          <Field label="Artifact URI">
            <code>{run.artifactUri}</code>
          </Field>
        </tbody>
      </table>
      {run.note && (
        <>
          <h2>Description</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>{run.note}</p>
        </>
      )}

      <h2>Metrics</h2>
      <RunMetrics runId={run.id} metrics={run.latestMetrics} />

      <h2>Parameters</h2>
      <KeyValueTable label="Parameters" rows={run.params} empty="No parameters logged." />

      <h2>Tags</h2>
      <KeyValueTable label="Tags" rows={userTags} empty="No tags of your own." />
      {systemTags.length > 0 && (
        <details style={{ marginTop: '0.8rem' }}>
          <summary>System tags ({systemTags.length})</summary>
          <KeyValueTable label="System tags" rows={systemTags} empty="" />
        </details>
      )}

      <h2>Datasets</h2>
      {run.datasets.length === 0 ? (
        <p className="muted">No datasets logged (mlflow.log_input).</p>
      ) : (
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
            {run.datasets.map((input) => (
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
      )}

      <h2>Artifacts</h2>
      <ArtifactBrowser runId={run.id} artifacts={run.artifacts} />
    </>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row" style={{ width: '11rem' }}>
        {label}
      </th>
      <td>{children}</td>
    </tr>
  );
}
