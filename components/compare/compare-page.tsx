'use client';
// The compare page: the compare view with its state in the URL query (runs, layout,
// switches, directions, charts), so the address bar always holds a link to this exact view.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { readCompareState, readRunIds, writeCompareState } from './compare-state';
import { CompareView } from './compare-view';

export function ComparePage() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = useMemo(() => new URLSearchParams(searchParams.toString()), [searchParams]);
  const runIds = useMemo(() => readRunIds(params), [params]);
  const state = useMemo(() => readCompareState(params), [params]);
  return <CompareView runIds={runIds} state={state} onStateChange={(next) => router.replace(`${pathname}?${writeCompareState(runIds, next)}`, { scroll: false })} />;
}
