'use client';
// A share page of one model version: what it is (model name, number, stage, aliases, tags,
// description), what produced it (its source run's charts, params, metrics, tags, note and
// datasets), and, only when the link's creator allowed them, its model files and its comments.
// Nothing links into the team: no project, no model page, no other version, no history.
import { useQuery } from '@tanstack/react-query';
import { renderMarkdown } from '@/lib/markdown/render-markdown';
import { CommentsPanel } from '../comments/comments-panel';
import { MarkdownView } from '../comments/markdown-view';
import { FieldRow } from '../field-row';
import { graphqlRequest } from '../graphql-request';
import { AliasBadge, StageBadge } from '../registry/badges';
import { VersionFiles, type VersionFile } from '../registry/version-files';
import { personLabel, timeAgo, type Stage } from '../registry/format';
import type { MetricValue } from '../charts/metric-series';
import { DatasetsTable, type DatasetInputRow } from '../runs/datasets-table';
import { ErrorMessage } from '../runs/error-message';
import { formatTime } from '../runs/format';
import { KeyValueTable } from '../runs/key-value-table';
import { RunMetrics } from '../runs/run-metrics';

type KeyValue = { key: string; value: string };
type SharedVersionData = {
  modelVersion: {
    id: string;
    version: number;
    modelName: string;
    stage: Stage;
    aliases: string[];
    description: string | null;
    createdAt: string;
    createdBy: { email: string; name: string | null } | null;
    tags: KeyValue[];
    codeVersion: string | null;
    files?: VersionFile[];
    run: {
      id: string;
      name: string;
      status: string;
      startTime: string;
      endTime: string | null;
      user: string | null;
      note: string | null;
      params: KeyValue[];
      tags: KeyValue[];
      latestMetrics: { key: string; value: MetricValue; step: string; timestamp: string }[];
      datasets: DatasetInputRow[];
    } | null;
  };
};

const VERSION = `query SharedVersion($id: ID!, $files: Boolean!) {
  modelVersion(id: $id) {
    id version modelName stage aliases description createdAt
    createdBy { email name }
    tags { key value }
    codeVersion
    files @include(if: $files) { path size }
    run {
      id name status startTime endTime user note
      params { key value }
      tags(includeSystem: false) { key value }
      latestMetrics { key value step timestamp }
      datasets { context dataset { id name digest sourceType source } }
    }
  }
}`;

export function SharedVersion({ versionId, shared }: { versionId: string; shared: { includeComments: boolean; allowArtifacts: boolean } }) {
  const result = useQuery({
    queryKey: ['shared-version', versionId],
    queryFn: () => graphqlRequest<SharedVersionData>(VERSION, { id: versionId, files: shared.allowArtifacts }),
  });
  if (result.isPending) return <p>Loading…</p>;
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  const v = result.data.modelVersion;
  const run = v.run;

  return (
    <>
      <p className="muted" style={{ marginBottom: 0 }}>
        Model version
      </p>
      <h1 style={{ marginTop: '0.2rem' }} data-testid="version-name">
        {v.modelName} v{v.version} <StageBadge stage={v.stage} />
        {v.aliases.map((alias) => (
          <AliasBadge key={alias} alias={alias} />
        ))}
      </h1>
      {v.description && <p>{v.description}</p>}
      <table aria-label="Version overview">
        <tbody>
          <FieldRow label="Registered">
            {timeAgo(v.createdAt)} by {personLabel(v.createdBy)}
          </FieldRow>
          <FieldRow label="Trained by run">
            {run ? (
              <>
                {run.name}{' '}
                <span className="muted">
                  {run.status.toLowerCase()} · started {formatTime(run.startTime)}
                  {run.user && ` · by ${run.user}`}
                </span>
              </>
            ) : (
              <span className="muted">the run is gone</span>
            )}
          </FieldRow>
          {v.codeVersion && (
            <FieldRow label="Code version">
              <code>{v.codeVersion}</code>
            </FieldRow>
          )}
        </tbody>
      </table>

      {run?.note && (
        <section aria-label="Description">
          <h2>About the run</h2>
          <MarkdownView html={renderMarkdown(run.note)} testId="run-note" />
        </section>
      )}

      {run && (
        <>
          <h2>Metrics</h2>
          <RunMetrics runId={run.id} metrics={run.latestMetrics} />

          <h2>Parameters</h2>
          <KeyValueTable label="Parameters" rows={run.params} empty="No parameters logged." />

          <h2>Data</h2>
          <DatasetsTable inputs={run.datasets} empty="The run logged no datasets." />
        </>
      )}

      <h2>Tags</h2>
      <KeyValueTable label="Version tags" rows={v.tags} empty="No tags on the version." />
      {run && run.tags.length > 0 && (
        <div style={{ marginTop: '0.8rem' }}>
          <KeyValueTable label="Run tags" rows={run.tags} empty="" />
        </div>
      )}

      {v.files && run && (
        <>
          <h2>Model files</h2>
          <VersionFiles runId={run.id} files={v.files} />
        </>
      )}

      {shared.includeComments && (
        <>
          <h2>Comments</h2>
          <CommentsPanel targetType="MODEL_VERSION" targetId={v.id} teamSlug={null} canWrite={false} />
        </>
      )}
    </>
  );
}
