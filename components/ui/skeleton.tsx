// Loading placeholders with the size of what is coming, so the page does not jump when it
// arrives. Screen readers hear "Loading" once.
import type { CSSProperties } from 'react';

export function Skeleton({ width = '100%', height = 14, style }: { width?: number | string; height?: number | string; style?: CSSProperties }) {
  return <span className="skeleton" aria-hidden style={{ display: 'block', width, height, ...style }} />;
}

/** A block of `rows` table-row-high bars (the default loading state of lists and tables). */
export function SkeletonRows({ rows = 6, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-label={label} style={{ display: 'grid', gap: 10, padding: '8px 0' }}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={14} width={`${90 - ((i * 17) % 30)}%`} />
      ))}
    </div>
  );
}

/** A chart-sized placeholder. */
export function SkeletonChart({ height = 240 }: { height?: number }) {
  return (
    <div role="status" aria-label="Loading chart" style={{ height, display: 'flex', alignItems: 'flex-end', gap: 6, padding: 12 }}>
      {[40, 65, 50, 80, 60, 90, 70].map((h, i) => (
        <Skeleton key={i} height={`${h}%`} style={{ flex: 1 }} />
      ))}
    </div>
  );
}

/** A whole page loading: breadcrumbs, a title, then rows (the shape of every page header). */
export function PageSkeleton({ label = 'Loading', rows = 10 }: { label?: string; rows?: number }) {
  return (
    <div role="status" aria-label={label}>
      <Skeleton width={160} height={12} />
      <Skeleton width={260} height={26} style={{ margin: '8px 0 16px' }} />
      <SkeletonRows rows={rows} label="" />
    </div>
  );
}
