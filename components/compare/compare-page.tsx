'use client';
// The compare page: the compare view with its state in the URL query (runs, layout,
// switches, directions, charts), so the address bar always holds a link to this exact view.
// Members can save the view as a comparison (the same state, under a name).
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { SaveComparison } from '../comparisons/save-comparison';
import { readCompareState, readRunIds, writeCompareState, type CompareState } from './compare-state';
import { CompareView } from './compare-view';
import { useUrlState } from '../ui/use-url-state';

export function ComparePage({ saveTo }: { saveTo: { teamId: string; teamSlug: string } | null }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = useMemo(() => new URLSearchParams(searchParams.toString()), [searchParams]);
  const runIds = useMemo(() => readRunIds(params), [params]);
  const fromUrl = useMemo(() => readCompareState(params), [params]);
  const [state, change] = useUrlState(fromUrl, useCallback((next: CompareState) => `${pathname}?${writeCompareState(runIds, next)}`, [pathname, runIds]));
  return (
    <CompareView
      runIds={runIds}
      state={state}
      onStateChange={change}
      actions={
        <>
          {saveTo && <SaveComparison teamId={saveTo.teamId} teamSlug={saveTo.teamSlug} runIds={runIds} state={state} />}
          <CopyLink />
        </>
      }
    />
  );
}

function CopyLink() {
  const [copied, setCopied] = useState(false);
  return (
    <button
      className="secondary"
      onClick={() => {
        void navigator.clipboard?.writeText(window.location.href).then(() => setCopied(true));
        setTimeout(() => setCopied(false), 2000);
      }}
      title="The link keeps the runs, the layout, the directions and the charts"
    >
      {copied ? 'Link copied' : 'Copy link'}
    </button>
  );
}
