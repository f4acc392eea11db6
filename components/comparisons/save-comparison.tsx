'use client';
// "Save comparison" on the compare page: keeps this set of runs and the page's view state
// (its URL query, other than the runs) under a name, to discuss and to share.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';

export function SaveComparison({ teamId, teamSlug, runIds }: { teamId: string; teamSlug: string; runIds: string[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const save = useMutation({
    mutationFn: (name: string) => {
      const view = Object.fromEntries([...new URLSearchParams(window.location.search)].filter(([key]) => key !== 'runs'));
      return graphqlRequest<{ saveComparison: { id: string } }>(
        `mutation Save($input: SaveComparisonInput!) { saveComparison(input: $input) { id } }`,
        { input: { teamId, name, runIds, view } },
      );
    },
    onSuccess: (data) => router.push(`/t/${teamSlug}/comparisons/${data.saveComparison.id}`),
  });
  if (runIds.length < 2) return null;
  if (!open) {
    return (
      <button className="secondary" onClick={() => setOpen(true)}>
        Save comparison…
      </button>
    );
  }
  return (
    <form
      className="inline dialog"
      aria-label="Save comparison"
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        save.mutate(String(new FormData(event.currentTarget).get('name') ?? ''));
      }}
    >
      <label style={{ flex: 1 }}>
        Name
        <input name="name" required maxLength={200} autoFocus placeholder="e.g. lr sweep: best three" />
      </label>
      <button type="submit" disabled={save.isPending}>
        Save
      </button>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {save.isError && <p className="error" role="alert">{save.error.message}</p>}
    </form>
  );
}
