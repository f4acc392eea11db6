'use client';
// A saved comparison rendered from its stored view state. On the team's page the view can be
// rearranged for a look (not saved: "Open in compare" carries it to the compare page, where
// it can be saved anew); on a share page it is read-only.
import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { writeCompareState, type CompareState } from '../compare/compare-state';
import { CompareView } from '../compare/compare-view';

export type SavedComparison = { id: string; name: string; runIds: string[]; view: CompareState };

export function SavedComparisonView({
  comparison,
  meta,
  teamSlug,
  actions,
}: {
  comparison: SavedComparison;
  meta: ReactNode;
  /** The team's pages; null on a share page (read-only, no links into the team). */
  teamSlug: string | null;
  actions?: ReactNode;
}) {
  const [state, setState] = useState<CompareState>(comparison.view);
  return (
    <CompareView
      runIds={comparison.runIds}
      state={state}
      onStateChange={teamSlug ? setState : undefined}
      title={<span data-testid="comparison-name">{comparison.name}</span>}
      meta={meta}
      actions={
        teamSlug && (
          <>
            <Link className="button secondary" href={`/t/${teamSlug}/compare?${writeCompareState(comparison.runIds, state)}`}>
              Open in compare
            </Link>
            {actions}
          </>
        )
      }
    />
  );
}
