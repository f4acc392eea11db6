'use client';
// "Share" on a run, a saved comparison or a model version: a read-only link for people without
// an account, with an expiry and whether comments and artifact downloads (a version's: its model
// files) come along. The link is shown once (only its hash is kept); team settings list and
// revoke links.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { ShownOnce } from '../teams/shown-once';
import { AnchoredDialog } from '../ui/anchored-dialog';

const CREATE = `mutation Share($input: CreateShareLinkInput!) { createShareLink(input: $input) { url shareLink { id expiresAt } } }`;

type ShareTarget = 'RUN' | 'COMPARISON' | 'MODEL_VERSION';

/** What the visitor sees, in the dialog's words. */
const SHOWS: Record<ShareTarget, string> = {
  RUN: 'charts, params, metrics, tags, notes',
  COMPARISON: 'charts, params, metrics, tags, notes',
  MODEL_VERSION: "its stage, tags, and its run's charts, params, metrics and note; never the model's other versions or history",
};

export function ShareDialog({ targetType, targetId, what }: { targetType: ShareTarget; targetId: string; what: string }) {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (input: { expiresInDays: number | null; includeComments: boolean; allowArtifacts: boolean }) =>
      graphqlRequest<{ createShareLink: { url: string } }>(CREATE, { input: { targetType, targetId, ...input } }),
    onSuccess: (data) => setUrl(`${window.location.origin}${data.createShareLink.url}`),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = String(form.get('expiry'));
    create.mutate({
      expiresInDays: days === 'never' ? null : Number(days),
      includeComments: form.get('includeComments') === 'on',
      allowArtifacts: form.get('allowArtifacts') === 'on',
    });
  }

  return (
    <AnchoredDialog label="Share…" title={`Share this ${what}`} open={open} onOpenChange={setOpen} width={440}>
      <p className="small-text" style={{ marginTop: 0 }}>
        <strong>Share this {what}</strong> with people outside the team: they see this {what} read-only ({SHOWS[targetType]}) and
        nothing else of the team.
      </p>
      <form className="stack" onSubmit={onSubmit}>
        <label>
          Link expires
          <select name="expiry" defaultValue="30">
            <option value="1">in 1 day</option>
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="never">never</option>
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" name="includeComments" /> Include comments
        </label>
        <label className="inline">
          <input type="checkbox" name="allowArtifacts" /> {targetType === 'MODEL_VERSION' ? 'Allow downloading the model files' : 'Allow artifact downloads'}
        </label>
        <div style={{ display: 'flex', gap: 'var(--space-2)' }}>
          <button type="submit" disabled={create.isPending}>
            Create link
          </button>
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </form>
      {create.isError && (
        <p className="error" role="alert">
          {create.error.message}
        </p>
      )}
      <ShownOnce message="Copy this link now: it is shown once. Revoke it any time in team settings." value={url} testId="share-url" />
    </AnchoredDialog>
  );
}
