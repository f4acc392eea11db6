'use client';
// One run, as an MLflow / W&B user expects to see it: who ran what code when, its params,
// tags, datasets, metric charts and artifacts. System tags (mlflow.*) are shown as fields
// and kept apart from the user's own tags.
import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FieldRow } from '../field-row';
import { graphqlRequest } from '../graphql-request';
import { CommentsPanel } from '../comments/comments-panel';
import { useLiveTopics } from '../live/live-events';
import { ShareDialog } from '../sharing/share-dialog';
import { RUN_DETAILS_QUERY } from './run-details-query';
import { RunNote } from './run-note';
import type { MetricValue } from '../charts/metric-series';
import { ArtifactBrowser, type ArtifactRow } from './artifact-browser';
import { formatDuration, formatTime, runPath } from './format';
import { DatasetsTable } from './datasets-table';
import { KeyValueTable } from './key-value-table';
import { RunMetrics } from './run-metrics';
import { ErrorMessage } from './error-message';
import { StageBadge } from '../registry/badges';
import { versionPath, type Stage } from '../registry/format';
import { metricHistoryExportUrl } from '@/lib/tracking/export/export-urls';
import { StatusBadge } from '../ui/badge';
import { PageHeader } from '../ui/page-header';
import { PageSkeleton } from '../ui/skeleton';
import { ReproducibilityPanel, type ReproducibilityReport } from '../lineage/reproducibility-panel';
import { lineagePath } from '../../lib/lineage/node-paths';

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
    /** Left out on share pages: the link shows the run, not its project. */
    project?: { id: string; name: string };
    params: KeyValue[];
    tags: KeyValue[];
    latestMetrics: { key: string; value: MetricValue; step: string; timestamp: string }[];
    datasets: {
      context: string | null;
      dataset: { id: string; name: string; digest: string; sourceType: string; source: string };
    }[];
    artifacts?: ArtifactRow[];
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
    /** Left out on share pages: a link to a run does not reach its model versions. */
    modelVersions?: VersionRef[];
    /** Left out on share pages: a link reaches no lineage. */
    reproducibility?: ReproducibilityReport;
    outputs?: { id: string; name: string; digest: string }[];
    usedModelVersions?: VersionRef[];
  };
};

export type RunDetailsProps = {
  /** The run's team; null on a share page (no links into the team). */
  teamSlug: string | null;
  runId: string;
  /** Whether the viewer may change the run (edit its note, comment, share it). */
  canWrite?: boolean;
  /** On a share page: what its link allows. */
  shared?: { includeComments: boolean; allowArtifacts: boolean };
};

export function RunDetails({ teamSlug, runId, canWrite = false, shared }: RunDetailsProps) {
  const queryClient = useQueryClient();
  const result = useQuery({
    queryKey: ['run', runId],
    queryFn: () => graphqlRequest<RunDetailsData>(RUN_DETAILS_QUERY, { id: runId, shared: !!shared, artifacts: !shared || shared.allowArtifacts }),
  });
  // Points, status, tags and the note change while the run trains: refetch as they arrive.
  useLiveTopics([`run:${runId}`], () => {
    void queryClient.invalidateQueries({ queryKey: ['run', runId] });
    void queryClient.invalidateQueries({ queryKey: ['metric-histories', runId] });
  });
  if (result.isPending) return <PageSkeleton label="Loading run" />;
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  const { run } = result.data;
  const systemTags = run.tags.filter((tag) => tag.key.startsWith('mlflow.'));
  const userTags = run.tags.filter((tag) => !tag.key.startsWith('mlflow.'));
  const author = run.author ? (run.author.name ? `${run.author.name} <${run.author.email}>` : run.author.email) : null;

  const showComments = !shared || shared.includeComments;
  return (
    <>
      <PageHeader
        crumbs={
          run.project && teamSlug
            ? [
                { label: 'Projects', href: `/t/${teamSlug}/projects` },
                { label: run.project.name, href: `/t/${teamSlug}/projects/${run.project.id}` },
              ]
            : undefined
        }
        title={run.name}
        meta={
          <>
            <StatusBadge status={run.status} />
            {run.status === 'RUNNING' && (
              <span title="Charts and metrics update as the run logs them" data-testid="live">
                <span className="live-dot" />
                live
              </span>
            )}
            <span>started {formatTime(run.startTime)}</span>
            <span>{formatDuration(run.startTime, run.endTime)}</span>
            {run.user && <span>by {run.user}</span>}
          </>
        }
        actions={
          <>
            {/* Exports need a member's session or a token: a share link does not export. */}
            {run.latestMetrics.length > 0 && !shared && (
              <a className="button secondary" href={metricHistoryExportUrl(run.id, null)} download>
                Download metrics (CSV)
              </a>
            )}
            {!shared && teamSlug && <Link className="button secondary" href={lineagePath(teamSlug, `run:${run.id}`)}>Lineage graph</Link>}
            {canWrite && !shared && <ShareDialog targetType="RUN" targetId={run.id} what="run" />}
          </>
        }
      />
      {run.lifecycleStage === 'DELETED' && (
        <p className="notice" role="status">
          This run is deleted. It can be restored with the MLflow client (restore_run).
        </p>
      )}
      <table aria-label="Run overview">
        <tbody>
          <FieldRow label="Run ID">
            <code>{run.id}</code>
          </FieldRow>
          <FieldRow label="Status">
            <StatusBadge status={run.status} />
          </FieldRow>
          <FieldRow label="Started">{formatTime(run.startTime)}</FieldRow>
          <FieldRow label="Ended">{run.endTime ? formatTime(run.endTime) : <span className="muted">not yet</span>}</FieldRow>
          <FieldRow label="Duration">
            {formatDuration(run.startTime, run.endTime)}
            {!run.endTime && run.status === 'RUNNING' && <span className="muted"> (running)</span>}
          </FieldRow>
          {run.user && <FieldRow label="User">{run.user}</FieldRow>}
          {author && <FieldRow label="Logged by">{author}</FieldRow>}
          {run.codeVersion && (
            <FieldRow label="Code version">
              <code>{run.codeVersion}</code>
              {run.gitBranch && <span className="muted"> on {run.gitBranch}</span>}
              {run.gitRepoUrl && <span className="muted"> ({run.gitRepoUrl})</span>}
            </FieldRow>
          )}
          {run.entryPoint && <FieldRow label="Entry point">{run.entryPoint}</FieldRow>}
          {run.sourceName && run.sourceName !== run.entryPoint && <FieldRow label="Source">{run.sourceName}</FieldRow>}
          {run.sourceType && <FieldRow label="Source type">{run.sourceType.toLowerCase()}</FieldRow>}
          {run.parent && teamSlug && (
            <FieldRow label="Parent run">
              <Link href={runPath(teamSlug, run.parent.id)}>{run.parent.name}</Link>
            </FieldRow>
          )}
          {run.children.length > 0 && teamSlug && (
            <FieldRow label="Child runs">
              <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
                {run.children.map((child) => (
                  <li key={child.id}>
                    <Link href={runPath(teamSlug, child.id)}>{child.name}</Link>{' '}
                    <span className="muted">{child.status.toLowerCase()}</span>
                  </li>
                ))}
              </ul>
            </FieldRow>
          )}
          {run.modelVersions && run.modelVersions.length > 0 && teamSlug && (
            <FieldRow label="Registered as">
              <VersionLinks teamSlug={teamSlug} versions={run.modelVersions} />
            </FieldRow>
          )}
          {run.usedModelVersions && run.usedModelVersions.length > 0 && teamSlug && (
            <FieldRow label="Used model">
              <VersionLinks teamSlug={teamSlug} versions={run.usedModelVersions} />
            </FieldRow>
          )}
          <FieldRow label="Artifact URI">
            <code>{run.artifactUri}</code>
          </FieldRow>
        </tbody>
      </table>
      <RunNote runId={run.id} note={run.note} canWrite={canWrite && !shared} />

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

      {run.reproducibility && (
        <>
          <h2>Reproducibility</h2>
          <ReproducibilityPanel report={run.reproducibility} subject="run" />
        </>
      )}

      <h2>Datasets</h2>
      <DatasetsTable inputs={run.datasets} empty="No datasets logged (mlflow.log_input)." teamSlug={shared ? null : teamSlug} />
      {run.outputs && run.outputs.length > 0 && teamSlug && (
        <p>
          Wrote:{' '}
          {run.outputs.map((d, i) => (
            <span key={d.id}>
              {i > 0 && ', '}
              <Link href={`/t/${teamSlug}/datasets/${d.id}`}>{d.name}</Link> <code>{d.digest}</code>
            </span>
          ))}
        </p>
      )}

      {run.artifacts && (
        <>
          <h2>Artifacts</h2>
          <ArtifactBrowser runId={run.id} artifacts={run.artifacts} />
        </>
      )}

      {showComments && (
        <>
          <h2 id="comments">Comments</h2>
          <CommentsPanel targetType="RUN" targetId={run.id} teamSlug={shared ? null : teamSlug} canWrite={canWrite && !shared} />
        </>
      )}
    </>
  );
}

type VersionRef = { version: number; stage: Stage; model: { id: string; name: string } };

/** Model versions as links with their stage: the ones a run was registered as, or used. */
function VersionLinks({ teamSlug, versions }: { teamSlug: string; versions: VersionRef[] }) {
  return (
    <>
      {versions.map((mv) => (
        <div key={`${mv.model.id}-${mv.version}`}>
          <Link href={versionPath(teamSlug, mv.model.id, mv.version)}>
            {mv.model.name} v{mv.version}
          </Link>{' '}
          <StageBadge stage={mv.stage} />
        </div>
      ))}
    </>
  );
}
