'use client';
// The compare page: the compare view with its state in the URL query (runs, layout,
// switches, directions, charts), so the address bar always holds a link to this exact view.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { readCompareState, readRunIds, writeCompareState, type CompareState } from './compare-state';
import { CompareView } from './compare-view';

export function ComparePage() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = useMemo(() => new URLSearchParams(searchParams.toString()), [searchParams]);
  const runIds = useMemo(() => readRunIds(params), [params]);
  const fromUrl = useMemo(() => readCompareState(params), [params]);
  // The view answers a click at once; the URL follows (and wins when it changes, e.g. Back).
  const [state, setState] = useState<CompareState>(fromUrl);
  useEffect(() => setState(fromUrl), [fromUrl]);
  const change = (next: CompareState) => {
    setState(next);
    router.replace(`${pathname}?${writeCompareState(runIds, next)}`, { scroll: false });
  };
  return <CompareView runIds={runIds} state={state} onStateChange={change} />;
}
