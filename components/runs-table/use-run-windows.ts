'use client';
// The rows of a virtualized runs table, fetched in windows of WINDOW_SIZE as they come into
// view (server-side paging by offset: Project.runWindow). The first window also gives the
// total, which sizes the scrollbar; rows not fetched yet are `undefined` (drawn as
// placeholders of the same height, so nothing jumps). Windows are cached per query.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { RunRow } from '@/lib/tracking/runs-table/run-row';
import { graphqlRequest } from '../graphql-request';
import { RUN_ROW_FIELDS, toRunRow, type GraphQLRun } from './run-rows';

export const WINDOW_SIZE = 100;

export type WindowVariables = {
  filter: string | null;
  orderBy: string[];
  quick: { statuses: string[]; users: string[]; datasetDigests: string[] };
  group?: { by: string; value: string | null } | null;
};

const WINDOW = `query RunWindow($id: ID!, $filter: String, $orderBy: [String!], $quick: RunQuickFilters, $group: RunGroupSelector, $offset: Int, $limit: Int) {
  project(id: $id) {
    runWindow(filter: $filter, orderBy: $orderBy, quick: $quick, group: $group, offset: $offset, limit: $limit) {
      totalCount offset runs { ${RUN_ROW_FIELDS} }
    }
  }
}`;

type WindowData = { totalCount: number; rows: RunRow[] };

export async function fetchRunWindow(projectId: string, variables: WindowVariables, offset: number, limit = WINDOW_SIZE): Promise<WindowData> {
  const data = await graphqlRequest<{ project: { runWindow: { totalCount: number; runs: GraphQLRun[] } } }>(WINDOW, {
    id: projectId,
    ...variables,
    group: variables.group ?? null,
    offset,
    limit,
  });
  return { totalCount: data.project.runWindow.totalCount, rows: data.project.runWindow.runs.map(toRunRow) };
}

export type RunWindows = {
  /** Every match (undefined until the first window arrives). */
  total: number | undefined;
  rowAt(index: number): RunRow | undefined;
  /** Asks for the windows covering rows [start, end]. */
  ensure(start: number, end: number): void;
  isError: boolean;
  error: Error | null;
  /** The first window is loading for a new query (the previous rows stay shown meanwhile). */
  isFetching: boolean;
};

export function useRunWindows(projectId: string, variables: WindowVariables, enabled = true): RunWindows {
  const key = useMemo(() => ['run-window', projectId, JSON.stringify(variables)], [projectId, variables]);
  const [wanted, setWanted] = useState<{ key: string; windows: number[] }>({ key: '', windows: [] });
  const keyText = key.join('\u0000');
  const extra = wanted.key === keyText ? wanted.windows : [];

  const first = useQuery({
    queryKey: [...key, 0],
    queryFn: () => fetchRunWindow(projectId, variables, 0),
    placeholderData: keepPreviousData,
    enabled,
  });
  const others = useQueries({
    queries: extra.map((window) => ({
      queryKey: [...key, window],
      queryFn: () => fetchRunWindow(projectId, variables, window * WINDOW_SIZE),
      staleTime: 30_000,
      enabled,
    })),
  });

  const windows = useMemo(() => {
    const map = new Map<number, RunRow[]>();
    if (first.data) map.set(0, first.data.rows);
    extra.forEach((window, i) => {
      const data = others[i]?.data;
      if (data) map.set(window, data.rows);
    });
    return map;
    // `others` is a new array each render; its data identities are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [first.data, extra, ...others.map((query) => query.data)]);

  const ensure = useCallback(
    (start: number, end: number) => {
      const needed: number[] = [];
      for (let w = Math.max(1, Math.floor(start / WINDOW_SIZE)); w <= Math.floor(Math.max(0, end) / WINDOW_SIZE); w++) needed.push(w);
      setWanted((current) => {
        const base = current.key === keyText ? current.windows : [];
        const missing = needed.filter((w) => !base.includes(w));
        return missing.length === 0 && current.key === keyText ? current : { key: keyText, windows: [...base, ...missing] };
      });
    },
    [keyText],
  );

  const rowAt = useCallback((index: number) => windows.get(Math.floor(index / WINDOW_SIZE))?.[index % WINDOW_SIZE], [windows]);
  const failed = first.error ?? others.find((query) => query.error)?.error ?? null;
  return {
    total: first.data?.totalCount,
    rowAt,
    ensure,
    isError: !!failed,
    error: failed,
    isFetching: first.isFetching && first.isPlaceholderData,
  };
}
