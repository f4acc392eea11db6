'use client';
// "Save comparison…" on the compare page: keeps this set of runs and the compare view's state
// (layout, switches, metric directions, chart panels) under a name, to discuss and to share.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { CompareState } from '../compare/compare-state';
import { graphqlRequest } from '../graphql-request';
import { AnchoredDialog } from '../ui/anchored-dialog';

export function SaveComparison({ teamId, teamSlug, runIds, state }: { teamId: string; teamSlug: string; runIds: readonly string[]; state: CompareState }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const save = useMutation({
    mutationFn: (name: string) =>
      graphqlRequest<{ saveComparison: { id: string } }>(`mutation Save($input: SaveComparisonInput!) { saveComparison(input: $input) { id } }`, {
        input: { teamId, name, runIds, view: state },
      }),
    onSuccess: (data) => router.push(`/t/${teamSlug}/comparisons/${data.saveComparison.id}`),
  });
  if (runIds.length < 2) return null;
  return (
    <AnchoredDialog label="Save comparison…" title="Save comparison" open={open} onOpenChange={setOpen}>
      <form
        className="stack"
        aria-label="Save comparison"
        onSubmit={(event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          save.mutate(String(new FormData(event.currentTarget).get('name') ?? ''));
        }}
      >
        <p className="muted small-text" style={{ margin: 0 }}>
          Keeps these {runIds.length} runs and this view (layout, directions, charts) under a name, with its own page and discussion.
        </p>
        <label>
          Name
          <input name="name" required maxLength={200} autoFocus placeholder="e.g. lr sweep: best three" />
        </label>
        <div style={{ display: 'flex', gap: 'var(--space-2)' }}>
          <button type="submit" disabled={save.isPending}>
            Save
          </button>
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
        {save.isError && (
          <p className="error" role="alert">
            {save.error.message}
          </p>
        )}
      </form>
    </AnchoredDialog>
  );
}
