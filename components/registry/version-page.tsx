'use client';
// One model version, traced to what produced it, in one page: the source run (with its code
// version, params, metrics and datasets with digests), the files to download, where the
// MLflow client loads it from, its stage, aliases and history.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { FieldRow } from '../field-row';
import { graphqlRequest } from '../graphql-request';
import { ErrorMessage } from '../runs/error-message';
import { artifactDownloadUrl, formatBytes, runPath } from '../runs/format';
import { DatasetsTable } from '../runs/datasets-table';
import { KeyValueTable } from '../runs/key-value-table';
import { AliasBadge, StageBadge } from './badges';
import { modelPath, modelsPath, personLabel, stageLabel, timeAgo, type Stage } from './format';

type VersionData = {
  registeredModel: {
    id: string;
    name: string;
    version: {
      id: string;
      version: number;
      stage: Stage;
      description: string | null;
      source: string;
      downloadUri: string;
      loggedModelId: string | null;
      aliases: string[];
      tags: { key: string; value: string }[];
      createdAt: string;
      createdBy: { email: string; name: string | null } | null;
      run: { id: string; name: string; status: string; user: string | null; startTime: string } | null;
      project: { id: string; name: string } | null;
      codeVersion: string | null;
      params: { key: string; value: string }[];
      metrics: { key: string; value: number | string; step: string }[];
      datasets: { context: string | null; dataset: { id: string; name: string; digest: string; sourceType: string; source: string } }[];
      files: { path: string; size: string }[];
      history: { id: string; kind: string; fromStage: Stage | null; toStage: Stage | null; alias: string | null; rollback: boolean; automatic: boolean; comment: string | null; createdAt: string; actor: { email: string; name: string | null } | null }[];
    } | null;
  };
};

const VERSION = `query VersionPage($id: ID!, $version: Int!) {
  registeredModel(id: $id) {
    id name
    version(version: $version) {
      id version stage description source downloadUri loggedModelId aliases createdAt
      tags { key value }
      createdBy { email name }
      run { id name status user startTime }
      project { id name }
      codeVersion
      params { key value }
      metrics { key value step }
      datasets { context dataset { id name digest sourceType source } }
      files { path size }
      history { id kind fromStage toStage alias rollback automatic comment createdAt actor { email name } }
    }
  }
}`;

export function VersionPage({ teamSlug, modelId, version }: { teamSlug: string; modelId: string; version: number }) {
  const result = useQuery({ queryKey: ['model-version', modelId, version], queryFn: () => graphqlRequest<VersionData>(VERSION, { id: modelId, version }) });
  if (result.isPending) return <p>Loading…</p>;
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  const model = result.data.registeredModel;
  const v = model.version;
  if (!v) return <ErrorMessage>Version {version} of {model.name} does not exist (or was deleted).</ErrorMessage>;
  const loadUri = `models:/${model.name}/${v.version}`;

  return (
    <>
      <p className="muted" style={{ marginBottom: 0 }}>
        <Link href={modelsPath(teamSlug)}>Models</Link> / <Link href={modelPath(teamSlug, model.id)}>{model.name}</Link> / v{v.version}
      </p>
      <h1 style={{ marginTop: '0.2rem' }}>
        {model.name} v{v.version} <StageBadge stage={v.stage} />
        {v.aliases.map((alias) => (
          <AliasBadge key={alias} alias={alias} />
        ))}
      </h1>
      {v.description && <p>{v.description}</p>}
      <table aria-label="Version overview">
        <tbody>
          <FieldRow label="Source run">
            {v.run ? (
              <>
                <Link href={runPath(teamSlug, v.run.id)}>{v.run.name}</Link>{' '}
                <span className="muted">
                  {v.run.status.toLowerCase()}
                  {v.run.user && ` · by ${v.run.user}`}
                  {v.project && (
                    <>
                      {' · in '}
                      <Link href={`/t/${teamSlug}/projects/${v.project.id}`}>{v.project.name}</Link>
                    </>
                  )}
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
          <FieldRow label="Registered">
            {timeAgo(v.createdAt)} by {personLabel(v.createdBy)}
          </FieldRow>
          <FieldRow label="Load it with">
            <code>mlflow.pyfunc.load_model(&quot;{loadUri}&quot;)</code>
            {v.aliases[0] && (
              <div>
                <code>mlflow.pyfunc.load_model(&quot;models:/{model.name}@{v.aliases[0]}&quot;)</code>
              </div>
            )}
          </FieldRow>
          <FieldRow label="Source">
            <code>{v.source}</code>
          </FieldRow>
          <FieldRow label="Download URI">
            <code>{v.downloadUri}</code>
          </FieldRow>
          {v.loggedModelId && (
            <FieldRow label="Logged model">
              <code>{v.loggedModelId}</code>
            </FieldRow>
          )}
        </tbody>
      </table>

      <h2>Metrics of the source run</h2>
      {v.metrics.length === 0 ? (
        <p className="muted">No metrics.</p>
      ) : (
        <table aria-label="Metrics">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Value</th>
              <th>Step</th>
            </tr>
          </thead>
          <tbody>
            {v.metrics.map((metric) => (
              <tr key={metric.key}>
                <td>{metric.key}</td>
                <td>{String(metric.value)}</td>
                <td className="muted">{metric.step}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Parameters</h2>
      <KeyValueTable label="Parameters" rows={v.params} empty="No parameters." />

      <h2>Data</h2>
      <DatasetsTable inputs={v.datasets} empty="The source run logged no datasets (mlflow.log_input)." />

      <h2>Files</h2>
      {v.files.length === 0 ? (
        <p className="muted">No files stored by Cairn at the download URI.</p>
      ) : (
        <table aria-label="Files">
          <thead>
            <tr>
              <th>File</th>
              <th>Size</th>
            </tr>
          </thead>
          <tbody>
            {v.files.map((file) => (
              <tr key={file.path}>
                <td>
                  <a href={artifactDownloadUrl(v.run!.id, file.path)} download>
                    {file.path}
                  </a>
                </td>
                <td>{formatBytes(file.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>History</h2>
      {v.history.length === 0 ? (
        <p className="muted">Not moved since it was registered.</p>
      ) : (
        <ol className="timeline" aria-label="Version history">
          {v.history.map((entry) => (
            <li key={entry.id} className={entry.automatic ? 'automatic' : entry.rollback ? 'rollback' : ''}>
              {entry.kind === 'STAGE' ? (
                <>
                  {stageLabel(entry.fromStage)} → <StageBadge stage={entry.toStage!} />
                </>
              ) : entry.kind === 'ALIAS_SET' ? (
                <>
                  <AliasBadge alias={entry.alias!} /> set
                </>
              ) : (
                <>
                  <AliasBadge alias={entry.alias!} /> removed
                </>
              )}
              {entry.rollback && <span className="badge flag">rollback</span>}
              <span className="when">
                {' '}
                by {personLabel(entry.actor)} · {timeAgo(entry.createdAt)}
              </span>
              {entry.comment && <span className="why">“{entry.comment}”</span>}
            </li>
          ))}
        </ol>
      )}

      <h2>Tags</h2>
      <KeyValueTable label="Version tags" rows={v.tags} empty="No tags." />
    </>
  );
}
