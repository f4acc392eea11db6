'use client';
// A project's artifact retention: what the project stores, its policy in words, a form to set
// it (admins), and a dry-run preview of a draft or the saved policy: which runs would lose
// their artifacts now, which later, which keep them and why. Nothing is removed from here;
// the server's scheduled gc applies the saved policy.
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formatBytes } from '@/lib/storage/format-bytes';
import { graphqlRequest } from '../graphql-request';
import styles from './retention-settings.module.css';

type Policy = { keepTopN: number; metricKey: string | null; metricGoal: 'MAX' | 'MIN'; purgeAfterDays: number; enabled: boolean };
type SavedPolicy = Policy & { updatedAt: string; updatedBy: { email: string } | null };
type ProjectData = {
  project: {
    id: string;
    name: string;
    artifactStorage: { bytes: string; files: number; runsWithArtifacts: number };
    retentionPolicy: SavedPolicy | null;
    runs: { edges: { node: { latestMetrics: { key: string }[] } }[] };
  };
};
type PreviewRun = {
  runId: string;
  name: string;
  metric: number | string | null;
  rank: number | null;
  bytes: string;
  files: number;
  finishedAt: string;
  purgeAt: string | null;
  reason: string | null;
  versions: string[];
};
type Preview = { purge: PreviewRun[]; later: PreviewRun[]; kept: PreviewRun[]; bytesToFree: string; filesToFree: number; runsWithoutArtifacts: number; evaluatedAt: string };

const PROJECT = `query ProjectRetention($id: ID!) {
  project(id: $id) {
    id name
    artifactStorage { bytes files runsWithArtifacts }
    retentionPolicy { keepTopN metricKey metricGoal purgeAfterDays enabled updatedAt updatedBy { email } }
    runs(first: 50) { edges { node { latestMetrics { key } } } }
  }
}`;
const RUN_FIELDS = 'runId name metric rank bytes files finishedAt purgeAt reason versions';
const PREVIEW = `query RetentionPreview($id: ID!, $policy: RetentionPolicyInput) {
  retentionPreview(projectId: $id, policy: $policy) {
    evaluatedAt bytesToFree filesToFree runsWithoutArtifacts
    purge { ${RUN_FIELDS} } later { ${RUN_FIELDS} } kept { ${RUN_FIELDS} }
  }
}`;
const SET = `mutation SetRetention($id: ID!, $policy: RetentionPolicyInput) { setRetentionPolicy(projectId: $id, policy: $policy) { id } }`;

const DEFAULT_POLICY: Policy = { keepTopN: 5, metricKey: '', metricGoal: 'MAX', purgeAfterDays: 30, enabled: true };

export function describePolicy(policy: Policy): string {
  const top = policy.keepTopN > 0 ? `the top ${policy.keepTopN} run${policy.keepTopN === 1 ? '' : 's'} by ${policy.metricKey} (${policy.metricGoal === 'MAX' ? 'highest' : 'lowest'} is best) and ` : '';
  return `Keeps the artifacts of ${top}every run behind a registered model version; removes the other finished runs' artifacts ${policy.purgeAfterDays} day${policy.purgeAfterDays === 1 ? '' : 's'} after they end.`;
}

const day = (iso: string) => iso.slice(0, 10);
const metric = (value: PreviewRun['metric']) => (value === null ? '—' : typeof value === 'number' ? String(Number(value.toPrecision(6))) : value);

function reasonLabel(run: PreviewRun, policy: Policy): string {
  switch (run.reason) {
    case 'TOP_N':
      return `Top ${policy.keepTopN}`;
    case 'REGISTERED_MODEL_VERSION':
      return `Registered: ${run.versions.join(', ')}`;
    case 'RUNNING':
      return 'Still running';
    default:
      return run.purgeAt ? `Until ${day(run.purgeAt)}` : '';
  }
}

export function RetentionSettings({ projectId, teamSlug, canManage }: { projectId: string; teamSlug: string; canManage: boolean }) {
  const queryClient = useQueryClient();
  const project = useQuery({ queryKey: ['project-retention', projectId], queryFn: () => graphqlRequest<ProjectData>(PROJECT, { id: projectId }) });
  const [draft, setDraft] = useState<Policy | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const saved = project.data?.project.retentionPolicy ?? null;
  const form: Policy = draft ?? (saved ? { ...saved, metricKey: saved.metricKey ?? '' } : DEFAULT_POLICY);
  const toInput = (policy: Policy) => ({ ...policy, metricKey: policy.metricKey || null });

  const preview = useMutation({
    mutationFn: (policy: Policy | null) => graphqlRequest<{ retentionPreview: Preview }>(PREVIEW, { id: projectId, policy: policy && toInput(policy) }),
  });
  const save = useMutation({
    mutationFn: (policy: Policy | null) => graphqlRequest(SET, { id: projectId, policy: policy && toInput(policy) }),
    onSuccess: (_data, policy) => {
      setDraft(null);
      setNotice(policy ? 'Policy saved. The server applies it at its next garbage collection (hourly by default).' : 'Policy removed: this project keeps every artifact.');
      void queryClient.invalidateQueries({ queryKey: ['project-retention', projectId] });
    },
  });

  if (project.isPending) return <p>Loading…</p>;
  if (project.isError) return <p className="error">{project.error.message}</p>;
  const { artifactStorage } = project.data.project;
  const metricKeys = [...new Set(project.data.project.runs.edges.flatMap((edge) => edge.node.latestMetrics.map((m) => m.key)))].sort();
  const update = (change: Partial<Policy>) => {
    setNotice(null);
    setDraft({ ...form, ...change });
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(form);
  };
  const shown = preview.data?.retentionPreview;
  const error = save.error ?? preview.error;

  return (
    <>
      <section>
        <h2>Artifact storage</h2>
        <p>
          <strong>{formatBytes(artifactStorage.bytes)}</strong> in {artifactStorage.files} files of {artifactStorage.runsWithArtifacts} runs.
        </p>
      </section>

      <section>
        <h2>Retention policy</h2>
        {saved ? (
          <p className={styles.policy} data-testid="saved-policy">
            {describePolicy(saved)} {!saved.enabled && <span className={styles.off}>Disabled: not applied.</span>}
            <span className="muted">
              {' '}
              Set {day(saved.updatedAt)}
              {saved.updatedBy ? ` by ${saved.updatedBy.email}` : ''}.
            </span>
          </p>
        ) : (
          <p className={styles.policy} data-testid="saved-policy">
            No policy: this project keeps every artifact until its runs are deleted.
          </p>
        )}
        <p className="muted">
          Run metadata (parameters, metrics, tags) always stays; a run whose artifacts were removed gets the tag <code>cairn.artifacts.purged</code>.
          Files of a registered model version are never removed while the version exists.
        </p>

        <form className={styles.form} onSubmit={submit} aria-label="Retention policy">
          <fieldset disabled={!canManage}>
            <label>
              Keep the top
              <input type="number" min={0} max={10000} value={form.keepTopN} onChange={(e) => update({ keepTopN: Number(e.target.value) })} aria-label="Runs to keep" />
            </label>
            <label>
              runs by metric
              <input list="retention-metric-keys" value={form.metricKey ?? ''} onChange={(e) => update({ metricKey: e.target.value })} placeholder="val_acc" aria-label="Metric" />
              <datalist id="retention-metric-keys">
                {metricKeys.map((key) => (
                  <option key={key} value={key} />
                ))}
              </datalist>
            </label>
            <label>
              best is
              <select value={form.metricGoal} onChange={(e) => update({ metricGoal: e.target.value as Policy['metricGoal'] })} aria-label="Best is">
                <option value="MAX">highest</option>
                <option value="MIN">lowest</option>
              </select>
            </label>
            <label>
              remove the rest after (days)
              <input type="number" min={0} max={3650} value={form.purgeAfterDays} onChange={(e) => update({ purgeAfterDays: Number(e.target.value) })} aria-label="Days" />
            </label>
            <label className={styles.check}>
              <input type="checkbox" checked={form.enabled} onChange={(e) => update({ enabled: e.target.checked })} /> Enabled
            </label>
          </fieldset>
          <div className={styles.actions}>
            <button type="button" className="secondary" onClick={() => preview.mutate(canManage || !saved ? form : null)} disabled={preview.isPending}>
              {preview.isPending ? 'Previewing…' : 'Preview (dry run)'}
            </button>
            {canManage && (
              <button type="submit" disabled={save.isPending}>
                Save policy
              </button>
            )}
            {canManage && saved && (
              <button type="button" className="danger" onClick={() => save.mutate(null)} disabled={save.isPending}>
                Remove policy
              </button>
            )}
          </div>
          {!canManage && <p className="muted">Only team admins and owners can change the policy.</p>}
        </form>
        {error && <p className="error" role="alert">{error.message}</p>}
        {notice && <p className="notice" role="status">{notice}</p>}
      </section>

      {shown && (
        <section className={styles.preview} aria-label="Preview">
          <h2>Preview</h2>
          <p className={styles.summary}>
            Would free <strong>{formatBytes(shown.bytesToFree)}</strong> now: {shown.filesToFree} files of {shown.purge.length} runs. {shown.kept.length} runs keep
            their artifacts{shown.later.length > 0 && `, ${shown.later.length} lose them later`}.
            <span className="muted"> Nothing has been removed.</span>
          </p>
          <RunTable title="Would be removed now" runs={shown.purge} teamSlug={teamSlug} policy={form} kind="purge" />
          <RunTable title="Kept" runs={shown.kept} teamSlug={teamSlug} policy={form} kind="kept" />
          {shown.later.length > 0 && <RunTable title="Removed later" runs={shown.later} teamSlug={teamSlug} policy={form} kind="later" />}
        </section>
      )}
    </>
  );
}

function RunTable({ title, runs, teamSlug, policy, kind }: { title: string; runs: PreviewRun[]; teamSlug: string; policy: Policy; kind: 'purge' | 'kept' | 'later' }) {
  return (
    <>
      <h3>
        {title} <span className="muted">({runs.length})</span>
      </h3>
      {runs.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table className={styles.runs} data-kind={kind}>
          <thead>
            <tr>
              <th>Run</th>
              <th className={styles.number}>{policy.metricKey || 'Metric'}</th>
              <th className={styles.number}>Rank</th>
              <th className={styles.number}>Files</th>
              <th className={styles.number}>Size</th>
              <th>Ended</th>
              {kind !== 'purge' && <th>Why</th>}
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.runId}>
                <td>
                  <Link href={`/t/${teamSlug}/runs/${run.runId}`}>{run.name}</Link>
                </td>
                <td className={styles.number}>{metric(run.metric)}</td>
                <td className={styles.number}>{run.rank ?? '—'}</td>
                <td className={styles.number}>{run.files}</td>
                <td className={styles.number}>{formatBytes(run.bytes)}</td>
                <td>{day(run.finishedAt)}</td>
                {kind !== 'purge' && (
                  <td>
                    <span className={styles.reason} data-reason={run.reason}>
                      {reasonLabel(run, policy)}
                    </span>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
