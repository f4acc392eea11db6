import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TopBar } from '@/components/top-bar';
import { CompareView } from '@/components/runs/compare-view';
import { CommentsPanel } from '@/components/comments/comments-panel';
import { ShareDialog } from '@/components/sharing/share-dialog';
import { requireTeamPage } from '@/components/server/require-user';
import { loadComparisonFor } from '@/lib/comparisons/comparison-view';
import { isAppError } from '@/lib/errors';

/** A saved comparison: its runs side by side, its discussion, and sharing. */
export default async function ComparisonPage({ params }: { params: Promise<{ slug: string; comparisonId: string }> }) {
  const { slug, comparisonId } = await params;
  const { team, role, principal } = await requireTeamPage(slug, `/t/${slug}/comparisons/${comparisonId}`);
  const comparison = await loadComparisonFor(principal, comparisonId, 'team:read').catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  if (comparison.teamId !== team.id) notFound();
  const canWrite = role !== 'VIEWER';
  const query = new URLSearchParams({ ...comparison.view, runs: comparison.runIds.join(',') });
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main style={{ maxWidth: 1400 }}>
        <p className="muted" style={{ marginBottom: 0 }}>
          Saved comparison · <Link href={`/t/${team.slug}/compare?${query}`}>open in compare</Link>
        </p>
        <div style={{ display: 'flex', alignItems: 'center', gap: '1rem', flexWrap: 'wrap' }}>
          <h1 style={{ flex: 1 }} data-testid="comparison-name">
            {comparison.name}
          </h1>
          {canWrite && <ShareDialog targetType="COMPARISON" targetId={comparison.id} what="comparison" />}
        </div>
        <CompareView runIds={comparison.runIds} />
        <h2>Comments</h2>
        <CommentsPanel targetType="COMPARISON" targetId={comparison.id} teamSlug={team.slug} canWrite={canWrite} />
      </main>
    </>
  );
}
