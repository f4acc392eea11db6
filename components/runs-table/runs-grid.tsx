'use client';
// The runs table: TanStack Table owns the column model (headers, sizes, resizing, sort
// state; the server sorts), TanStack Virtual draws only the rows in view, so
// 10,000 runs scroll as smoothly as 10. Rows are items: runs, group headers (with their
// aggregates) and "show more" rows of an open group. Keyboard: the table is one tab stop;
// arrow keys, Page Up/Down, Home/End move the focused row, Space selects it, Enter opens it
// (or opens/closes a group).
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { columnResizingFeature, columnSizingFeature, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type ColumnSizingState, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { attributeColumn, cellType, cellValue, columnLabel, columnOrderBy, type RunRow } from '@/lib/tracking/runs-table/run-row';
import { splitColumnId } from '@/lib/tracking/runs-table/view-shapes';
import { formatMetricValue } from '../charts/metric-series';
import { runColor } from '../charts/run-colors';
import { formatDuration } from '../runs/format';
import { StatusBadge } from '../ui/badge';
import { Skeleton } from '../ui/skeleton';

export type RunGroupItem = { value: string | null; runCount: number; metrics: { key: string; count: number; min: number | null; max: number | null; mean: number | null }[] };

export type GridItem =
  | { kind: 'run'; key: string; index: number; row: RunRow | undefined; depth?: number }
  | { kind: 'group'; key: string; group: RunGroupItem; label: string; expanded: boolean }
  | { kind: 'more'; key: string; group: RunGroupItem; shown: number };

export type RunsGridProps = {
  columns: readonly string[];
  widths: Readonly<Record<string, number>>;
  onWidthsChange(widths: Record<string, number>): void;
  sort: { column: string; desc: boolean } | null;
  onSortChange(sort: { column: string; desc: boolean } | null): void;
  itemCount: number;
  itemAt(index: number): GridItem;
  onRangeChange(start: number, end: number): void;
  selected: ReadonlySet<string>;
  onToggle(runId: string, selected: boolean): void;
  onToggleGroup(value: string | null): void;
  onShowMore(value: string | null): void;
  header: { checked: boolean; indeterminate: boolean; onChange(checked: boolean): void; label: string };
  runHref(runId: string): string;
  height: number | string;
};

const features = tableFeatures({ columnSizingFeature, columnResizingFeature, rowSortingFeature });
const NAME_COLUMN = 'attributes.run_name';
const NO_ROWS: GridItem[] = [];
const ROW_HEIGHT = 34;

function defaultWidth(columnId: string): number {
  const type = cellType(columnId);
  if (columnId === NAME_COLUMN) return 220;
  if (type === 'time') return 150;
  if (type === 'status') return 110;
  if (type === 'number' || type === 'duration') return 110;
  return 130;
}

function formatCell(row: RunRow, columnId: string, runHref: (runId: string) => string): ReactNode {
  const value = cellValue(row, columnId);
  const { kind, key } = splitColumnId(columnId);
  const anchor = kind === 'attributes' ? attributeColumn(key)?.runPageAnchor : undefined;
  // A count that leads to its section of the run page (comments): a link when there is any.
  if (anchor) return typeof value === 'number' && value > 0 ? <Link href={`${runHref(row.id)}#${anchor}`} tabIndex={-1}>{value}</Link> : null;
  if (value === null || value === '') return <span className="muted">–</span>;
  switch (cellType(columnId)) {
    case 'status':
      return <StatusBadge status={String(value)} />;
    case 'time':
      return new Date(value as number).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
    case 'duration':
      return formatDuration('0', String(value));
    case 'number':
      return formatMetricValue(value as number);
    default: {
      const text = String(value);
      return kind === 'attributes' && key === 'code_version' ? <code title={text}>{text.slice(0, 10)}</code> : <span className="truncate" title={text}>{text}</span>;
    }
  }
}

/** A group row's cell: the mean of a metric over the group (min–max on hover). */
function groupCell(group: RunGroupItem, columnId: string): ReactNode {
  const { kind, key } = splitColumnId(columnId);
  if (kind !== 'metrics') return null;
  const aggregate = group.metrics.find((metric) => metric.key === key);
  if (!aggregate || aggregate.mean === null) return <span className="muted">–</span>;
  return (
    <span title={`mean of ${aggregate.count} runs; min ${formatMetricValue(aggregate.min)}, max ${formatMetricValue(aggregate.max)}`}>
      <span className="muted small-text">μ </span>
      {formatMetricValue(aggregate.mean)}
    </span>
  );
}

export function RunsGrid(props: RunsGridProps) {
  const { columns, widths, sort, itemCount, itemAt, selected, header } = props;
  const router = useRouter();
  const scroller = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(0);

  const columnDefs = useMemo<ColumnDef<typeof features, GridItem>[]>(
    () =>
      [NAME_COLUMN, ...columns.filter((id) => id !== NAME_COLUMN)].map((id) => ({
        id,
        header: columnLabel(id),
        // Cells are drawn from the items; an accessor is what marks a column sortable for TanStack.
        accessorFn: () => null,
        size: widths[id] ?? defaultWidth(id),
        minSize: 60,
        maxSize: 1200,
        enableSorting: columnOrderBy(id) !== null,
      })),
    // Widths are read once per column set; resizing goes through the table's own state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [columns],
  );
  const [sizing, setSizing] = useState<ColumnSizingState>({});
  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort.column, desc: sort.desc }] : []), [sort]);
  const table = useTable({
    features,
    columns: columnDefs,
    // Rows are not the table's: they arrive window by window and TanStack Virtual draws them.
    data: NO_ROWS,
    manualSorting: true,
    enableSortingRemoval: true,
    sortDescFirst: true,
    columnResizeMode: 'onChange',
    state: { sorting, columnSizing: sizing },
    onColumnSizingChange: setSizing,
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      props.onSortChange(next[0] ? { column: next[0].id, desc: next[0].desc } : null);
    },
  });

  // Save widths when a resize ends (not on every pixel).
  const resizing = table.state.columnResizing?.isResizingColumn;
  useEffect(() => {
    if (resizing || Object.keys(sizing).length === 0) return;
    props.onWidthsChange({ ...widths, ...sizing });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resizing]);

  const virtualizer = useVirtualizer({
    count: itemCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const first = virtualItems[0]?.index ?? 0;
  const last = virtualItems.at(-1)?.index ?? 0;
  useEffect(() => {
    props.onRangeChange(first, last);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [first, last, itemCount]);
  useEffect(() => {
    if (focused >= itemCount && itemCount > 0) setFocused(itemCount - 1);
  }, [focused, itemCount]);

  const headerGroup = table.getHeaderGroups()[0];
  const totalWidth = table.getTotalSize() + 36;

  function activate(index: number, openRun: boolean) {
    const item = itemAt(index);
    if (item.kind === 'group') props.onToggleGroup(item.group.value);
    else if (item.kind === 'more') props.onShowMore(item.group.value);
    else if (item.row) {
      if (openRun) router.push(props.runHref(item.row.id));
      else props.onToggle(item.row.id, !selected.has(item.row.id));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if ((event.target as HTMLElement) !== scroller.current) return; // keys inside a header button or checkbox are theirs
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (event.key in moves) {
      event.preventDefault();
      const next = Math.max(0, Math.min(itemCount - 1, focused + moves[event.key]));
      setFocused(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (itemCount > 0) activate(focused, event.key === 'Enter');
    }
  }

  const cellStyle = (id: string) => ({ width: table.getColumn(id)?.getSize() ?? defaultWidth(id) });
  const rowId = (index: number) => `runs-grid-row-${index}`;

  return (
    <div
      ref={scroller}
      className="grid-scroller"
      style={{ height: props.height }}
      tabIndex={0}
      role="grid"
      aria-label="Runs"
      aria-rowcount={itemCount + 1}
      aria-colcount={columnDefs.length + 1}
      aria-activedescendant={itemCount > 0 ? rowId(focused) : undefined}
      data-testid="runs-table"
      onKeyDown={onKeyDown}
    >
      <div className="grid" style={{ width: totalWidth }}>
        <div className="grid-head" role="row" aria-rowindex={1}>
          <div className="head-cell sticky" style={{ width: 36, justifyContent: 'center' }} role="columnheader">
            <input
              type="checkbox"
              aria-label={header.label}
              title={header.label}
              checked={header.checked}
              ref={(element) => {
                if (element) element.indeterminate = header.indeterminate;
              }}
              onChange={(event) => header.onChange(event.target.checked)}
            />
          </div>
          {headerGroup.headers.map((h) => {
            const id = h.column.id;
            const sorted = h.column.getIsSorted();
            const numeric = ['number', 'duration'].includes(cellType(id));
            return (
              <div
                key={h.id}
                className={`head-cell ${numeric ? 'num' : ''} ${id === NAME_COLUMN ? 'sticky' : ''}`}
                style={{ width: h.getSize(), ...(id === NAME_COLUMN ? { left: 36 } : {}) }}
                role="columnheader"
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                title={id}
              >
                {h.column.getCanSort() ? (
                  <button className="sort" onClick={h.column.getToggleSortingHandler()} aria-label={`Sort by ${columnLabel(id)}`}>
                    {columnLabel(id)}
                    {sorted ? (sorted === 'desc' ? ' ↓' : ' ↑') : ''}
                  </button>
                ) : (
                  <span>{columnLabel(id)}</span>
                )}
                <div
                  className={`resizer ${h.column.getIsResizing() ? 'active' : ''}`}
                  onMouseDown={h.getResizeHandler()}
                  onTouchStart={h.getResizeHandler()}
                  role="separator"
                  aria-label={`Resize ${columnLabel(id)}`}
                />
              </div>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((virtual) => {
            const item = itemAt(virtual.index);
            const isFocused = virtual.index === focused;
            const common = {
              id: rowId(virtual.index),
              role: 'row',
              'aria-rowindex': virtual.index + 2,
              className: `grid-row ${item.kind === 'group' ? 'group-row' : ''} ${isFocused ? 'focused' : ''}`,
              style: { transform: `translateY(${virtual.start}px)`, width: totalWidth },
              onMouseDown: () => setFocused(virtual.index),
            };
            if (item.kind === 'group') {
              return (
                <div key={item.key} {...common} aria-expanded={item.expanded} data-testid="group-row">
                  <div className="cell sticky" style={{ width: 36 }} />
                  <div className="cell sticky" style={{ ...cellStyle(NAME_COLUMN), left: 36 }} role="gridcell">
                    <button className="link" onClick={() => props.onToggleGroup(item.group.value)} aria-label={`${item.expanded ? 'Close' : 'Open'} group ${item.label}`} tabIndex={-1}>
                      {item.expanded ? '▾' : '▸'}
                    </button>
                    <span className="truncate" title={item.label}>
                      {item.label}
                    </span>
                    <span className="badge">{item.group.runCount}</span>
                  </div>
                  {columns.filter((id) => id !== NAME_COLUMN).map((id) => (
                    <div key={id} className={`cell ${cellType(id) === 'number' ? 'num' : ''}`} style={cellStyle(id)} role="gridcell">
                      {groupCell(item.group, id)}
                    </div>
                  ))}
                </div>
              );
            }
            if (item.kind === 'more') {
              return (
                <div key={item.key} {...common}>
                  <div className="cell" style={{ width: 36 }} />
                  <div className="cell" role="gridcell" style={{ paddingLeft: 28 }}>
                    <button className="link" tabIndex={-1} onClick={() => props.onShowMore(item.group.value)}>
                      Show more ({item.shown} of {item.group.runCount})
                    </button>
                  </div>
                </div>
              );
            }
            const row = item.row;
            const isSelected = !!row && selected.has(row.id);
            return (
              <div key={item.key} {...common} aria-selected={isSelected} data-run-id={row?.id}>
                <div className="cell sticky" style={{ width: 36, justifyContent: 'center' }} role="gridcell">
                  {row && (
                    <input type="checkbox" tabIndex={-1} aria-label={`Select ${row.name}`} checked={isSelected} onChange={(event) => props.onToggle(row.id, event.target.checked)} />
                  )}
                </div>
                {row ? (
                  <>
                    <div className="cell sticky" style={{ ...cellStyle(NAME_COLUMN), left: 36, paddingLeft: item.depth ? 28 : undefined }} role="gridcell">
                      <span className="color-dot" style={{ background: runColor(row.id) }} aria-hidden />
                      <Link href={props.runHref(row.id)} tabIndex={-1} className="truncate" title={`${row.name} (${row.id})`}>
                        {row.name}
                      </Link>
                    </div>
                    {columns.filter((id) => id !== NAME_COLUMN).map((id) => (
                      <div key={id} className={`cell ${['number', 'duration'].includes(cellType(id)) ? 'num' : ''}`} style={cellStyle(id)} role="gridcell">
                        {formatCell(row, id, props.runHref)}
                      </div>
                    ))}
                  </>
                ) : (
                  <div className="cell" style={{ width: totalWidth - 36 }} role="gridcell" aria-label="Loading">
                    <Skeleton width="60%" height={12} />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
