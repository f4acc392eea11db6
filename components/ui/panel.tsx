// A bordered box with a title row (title left, small actions right): chart panels, side
// sections, settings groups.
import type { ReactNode } from 'react';

export function Panel({ title, actions, children, testId, label, wide }: { title: ReactNode; actions?: ReactNode; children: ReactNode; testId?: string; label?: string; wide?: boolean }) {
  return (
    <section className={`panel ${wide ? 'wide' : ''}`} data-testid={testId} aria-label={label}>
      <div className="panel-head">
        <div className="panel-title">{title}</div>
        {actions && <div style={{ display: 'flex', gap: 4, alignItems: 'center' }}>{actions}</div>}
      </div>
      <div className="panel-body">{children}</div>
    </section>
  );
}
