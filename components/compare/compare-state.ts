// The compare view's whole state (its shape: compareStateSchema in view-shapes.ts), kept in
// the URL query so a view can be linked and reloaded: the runs, the layout, the "only
// differences" switch, the direction of each metric the person set, and the chart panels.
// A saved comparison keeps the same state as JSON. Pure; tested beside.
import { chartPanelsSchema, compareStateSchema, type ChartPanel, type CompareState } from '@/lib/tracking/runs-table/view-shapes';

export type { CompareState };
export type Direction = CompareState['directions'][string];
export type CompareLayout = CompareState['layout'];

export const DEFAULT_COMPARE_STATE: CompareState = compareStateSchema.parse({});

/** Up to this many runs are shown as columns side by side in the automatic layout; more as rows. */
export const AUTO_COLUMNS_MAX = 6;

/** `runs=a,b,c` (repeated `runs=` too); duplicates dropped, order kept. */
export function readRunIds(params: URLSearchParams): string[] {
  const raw = params.getAll('runs').join(',');
  return [...new Set(raw.split(',').map((id) => id.trim()).filter(Boolean))];
}

function decodePanels(text: string | null): ChartPanel[] | null {
  if (!text) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    const parsed = chartPanelsSchema.safeParse({ panels: json });
    return parsed.success ? parsed.data.panels : null;
  } catch {
    return null;
  }
}

function encodePanels(panels: readonly ChartPanel[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(panels));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function readCompareState(params: URLSearchParams): CompareState {
  const layout = params.get('layout');
  const directions: Record<string, Direction> = {};
  for (const entry of params.getAll('dir')) {
    const match = /^(max|min):(.+)$/s.exec(entry);
    if (match) directions[match[2]] = match[1] as Direction;
  }
  return {
    layout: layout === 'rows' || layout === 'columns' ? layout : 'auto',
    onlyDifferences: params.get('diff') === '1',
    directions,
    panels: decodePanels(params.get('charts')),
  };
}

/** The query string of a view: runs first, then only what differs from the defaults. */
export function writeCompareState(runIds: readonly string[], state: CompareState): string {
  const params = new URLSearchParams();
  params.set('runs', runIds.join(','));
  if (state.layout !== 'auto') params.set('layout', state.layout);
  if (state.onlyDifferences) params.set('diff', '1');
  for (const [key, direction] of Object.entries(state.directions)) params.append('dir', `${direction}:${key}`);
  if (state.panels) params.set('charts', encodePanels(state.panels));
  return params.toString();
}
