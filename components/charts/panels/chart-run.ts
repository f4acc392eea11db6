// A run as the chart panels see it: its table row (params, latest metrics) and its colour.
import type { RunRow } from '@/lib/tracking/runs-table/run-row';
import { runColor } from '../run-colors';

export type ChartRun = { id: string; name: string; color: string; startTime: number; row: RunRow };

export function toChartRun(row: RunRow): ChartRun {
  return { id: row.id, name: row.name, color: runColor(row.id), startTime: row.startTime, row };
}

/** Plotly's shared look for panels: small type, tight margins, no legend (colours match the table). */
export const PANEL_LAYOUT = {
  margin: { l: 48, r: 12, t: 8, b: 36 },
  font: { size: 11 },
  showlegend: false,
  hovermode: 'closest' as const,
  xaxis: { automargin: true, gridcolor: '#eef1f4', zeroline: false },
  yaxis: { automargin: true, gridcolor: '#eef1f4', zeroline: false },
};
