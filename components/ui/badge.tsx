// Small labels: a status, a count, a kind. Tones carry meaning (success, danger, warning,
// info); neutral otherwise. StatusBadge is the one way a run status is shown.
import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'success' | 'danger' | 'warning' | 'info';

export function Badge({ tone = 'neutral', dot, title, children }: { tone?: Tone; dot?: boolean; title?: string; children: ReactNode }) {
  return (
    <span className={`badge ${tone === 'neutral' ? '' : tone}`} title={title}>
      {dot && <span className="dot" aria-hidden />}
      {children}
    </span>
  );
}

const STATUS_TONES: Record<string, Tone> = { FINISHED: 'success', FAILED: 'danger', KILLED: 'warning', RUNNING: 'info', SCHEDULED: 'neutral' };

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={STATUS_TONES[status] ?? 'neutral'} dot>
      {status.toLowerCase()}
    </Badge>
  );
}
