// The top of every page: where you are (breadcrumbs), what this is (title, a line of
// facts), and what you can do here (actions on the right). One look for all pages.
// Breadcrumbs prefetch on intent (IntentLink): on sight, every page load rendered its parents' pages.
import { IntentLink } from './intent-link';
import type { ReactNode } from 'react';

export type Crumb = { label: string; href?: string };

export function PageHeader({ crumbs, title, meta, actions, children }: { crumbs?: Crumb[]; title: ReactNode; meta?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div style={{ minWidth: 0 }}>
        {crumbs && crumbs.length > 0 && (
          <nav className="crumbs" aria-label="Breadcrumbs">
            {crumbs.map((crumb, i) => (
              <span key={i}>
                {i > 0 && ' / '}
                {crumb.href ? <IntentLink href={crumb.href}>{crumb.label}</IntentLink> : crumb.label}
              </span>
            ))}
          </nav>
        )}
        <h1>{title}</h1>
        {meta && <div className="meta">{meta}</div>}
        {children}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}
