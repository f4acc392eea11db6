// One colour per run, the same wherever the run appears (table dot, every chart, the
// compare view, a shared link): picked from the run id, not from a position that changes
// with sorting. 24 colours readable on white, ordered so neighbours differ.
export const RUN_PALETTE = [
  '#1f77b4', '#e8590c', '#2b8a3e', '#c92a2a', '#7048e8', '#8c564b', '#d6336c', '#495057',
  '#b08900', '#0c8599', '#4263eb', '#74b816', '#9c36b5', '#f76707', '#099268', '#a61e4d',
  '#5f3dc4', '#e67700', '#1864ab', '#2f9e44', '#862e9c', '#c2255c', '#0b7285', '#5c940d',
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
