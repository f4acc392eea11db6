// What a page shows when there is nothing yet: say what is missing and what to do next
// (a button, or the lines of code that fill it).
import type { ReactNode } from 'react';

export function EmptyState({ title, children, action, code }: { title: string; children?: ReactNode; action?: ReactNode; code?: string }) {
  return (
    <div className="empty-state" role="status">
      <div className="title">{title}</div>
      {children && <div>{children}</div>}
      {code && <pre>{code}</pre>}
      {action && <div style={{ marginTop: 'var(--space-3)' }}>{action}</div>}
    </div>
  );
}
