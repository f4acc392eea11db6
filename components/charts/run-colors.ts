// One colour per run, the same wherever the run appears (table dot, every chart, the
// compare view, a shared link): picked from the run id, not from a position that changes
// with sorting. 20 colours readable on white (d3's category10 and ten darker, distinct hues).
export const RUN_PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#e6550d', '#0b7a75', '#5254a3', '#636363', '#ad494a',
] as const;

/** FNV-1a over the id: stable, cheap, spreads the hex ids of MLflow runs evenly. */
export function runColor(runId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) {
    hash ^= runId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return RUN_PALETTE[(hash >>> 0) % RUN_PALETTE.length];
}
