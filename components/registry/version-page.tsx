'use client';
// One model version, traced to what produced it, in one page: the source run (with its code
// version, params, metrics and datasets with digests), the files to download, where the
// MLflow client loads it from, its stage, aliases and history; the team's discussion of it,
// and a share link for people outside the team.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { CommentsPanel } from '../comments/comments-panel';
import { FieldRow } from '../field-row';
import { graphqlRequest } from '../graphql-request';
import { ErrorMessage } from '../runs/error-message';
import { runPath } from '../runs/format';
import { KeyValueTable } from '../runs/key-value-table';
import { ShareDialog } from '../sharing/share-dialog';
import { AliasBadge, StageBadge } from './badges';
import { VersionFiles } from './version-files';
import { modelPath, modelsPath, personLabel, stageLabel, timeAgo, versionPath, type Stage } from './format';
import { PageHeader } from '../ui/page-header';
import { PageSkeleton } from '../ui/skeleton';
import { ReproducibilityPanel, type ReproducibilityReport } from '../lineage/reproducibility-panel';
import { REPRODUCIBILITY_FIELDS } from '../lineage/reproducibility-fields';
import { lineagePath } from '../../lib/lineage/node-paths';

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
      nodeId: string;
      fineTunedFrom: { version: number; model: { id: string; name: string } }[];
      trainingData: { context: string | null; depth: number; dataset: { id: string; name: string; digest: string; location: string | null }; run: { id: string; name: string }; viaVersion: { version: number } }[];
      reproducibility: ReproducibilityReport | null;
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
      nodeId
      fineTunedFrom { version model { id name } }
      trainingData { context depth dataset { id name digest location } run { id name } viaVersion { version } }
      ${REPRODUCIBILITY_FIELDS}
    }
  }
}`;

/** `canWrite`: the viewer may comment on the version and share it (members and above). */
export function VersionPage({ teamSlug, modelId, version, canWrite = false }: { teamSlug: string; modelId: string; version: number; canWrite?: boolean }) {
  const result = useQuery({ queryKey: ['model-version', modelId, version], queryFn: () => graphqlRequest<VersionData>(VERSION, { id: modelId, version }) });
  if (result.isPending) return <PageSkeleton label="Loading model version" />;
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  const model = result.data.registeredModel;
  const v = model.version;
  if (!v) return <ErrorMessage>Version {version} of {model.name} does not exist (or was deleted).</ErrorMessage>;
  const loadUri = `models:/${model.name}/${v.version}`;

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Models', href: modelsPath(teamSlug) },
          { label: model.name, href: modelPath(teamSlug, model.id) },
        ]}
        title={`${model.name} v${v.version}`}
        meta={
          <>
            <span>
              <StageBadge stage={v.stage} />
              {v.aliases.map((alias) => (
                <AliasBadge key={alias} alias={alias} />
              ))}
            </span>
            <span>
              registered {timeAgo(v.createdAt)} by {personLabel(v.createdBy)}
            </span>
          </>
        }
        actions={
          <>
            <Link className="button secondary" href={lineagePath(teamSlug, v.nodeId)}>Lineage graph</Link>
            {canWrite && <ShareDialog targetType="MODEL_VERSION" targetId={v.id} what="model version" />}
          </>
        }
      >
        {v.description && <p className="muted" style={{ margin: '4px 0 0' }}>{v.description}</p>}
      </PageHeader>
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
          {v.fineTunedFrom.length > 0 && (
            <FieldRow label="Fine-tuned from">
              {v.fineTunedFrom.map((base) => (
                <Link key={`${base.model.id}-${base.version}`} href={versionPath(teamSlug, base.model.id, base.version)}>
                  {base.model.name} v{base.version}
                </Link>
              ))}
            </FieldRow>
          )}
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

      <h2>Training data</h2>
      {v.trainingData.length === 0 ? (
        <p className="muted">No training data recorded: log it in the training run with mlflow.log_input.</p>
      ) : (
        <table aria-label="Training data">
          <thead>
            <tr>
              <th>Dataset</th>
              <th>Digest</th>
              <th>Read by</th>
              <th>For</th>
              <th>Location</th>
            </tr>
          </thead>
          <tbody>
            {v.trainingData.map((t) => (
              <tr key={`${t.dataset.id}-${t.run.id}`}>
                <td>
                  <Link href={`/t/${teamSlug}/datasets/${t.dataset.id}`}>{t.dataset.name}</Link> {t.context && <span className="muted">({t.context})</span>}
                </td>
                <td>
                  <code>{t.dataset.digest}</code>
                </td>
                <td>
                  <Link href={runPath(teamSlug, t.run.id)}>{t.run.name}</Link>
                </td>
                <td>{t.viaVersion.version === v.version ? 'this version' : `v${t.viaVersion.version} (fine-tuned from)`}</td>
                <td className="muted" style={{ wordBreak: 'break-all' }}>{t.dataset.location}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {v.reproducibility && (
        <>
          <h2>Reproducibility</h2>
          <ReproducibilityPanel report={v.reproducibility} subject="version" />
        </>
      )}

      <h2>Files</h2>
      <VersionFiles runId={v.run?.id ?? null} files={v.files} />

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

      <h2 id="comments">Comments</h2>
      <CommentsPanel targetType="MODEL_VERSION" targetId={v.id} teamSlug={teamSlug} canWrite={canWrite} />
    </>
  );
}
