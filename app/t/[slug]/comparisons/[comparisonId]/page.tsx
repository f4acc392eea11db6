import { notFound } from 'next/navigation';
import { TopBar } from '@/components/top-bar';
import { PlotlyScript } from '@/components/charts/plotly-script';
import { CommentsPanel } from '@/components/comments/comments-panel';
import { SavedComparisonView } from '@/components/comparisons/saved-comparison-view';
import { formatTime } from '@/components/runs/format';
import { ShareDialog } from '@/components/sharing/share-dialog';
import { requireTeamPage } from '@/components/server/require-user';
import { loadComparisonFor } from '@/lib/comparisons/comparison-view';
import { isAppError } from '@/lib/errors';

/** A saved comparison: its runs in the saved view, its discussion, and sharing. */
export default async function ComparisonPage({ params }: { params: Promise<{ slug: string; comparisonId: string }> }) {
  const { slug, comparisonId } = await params;
  const { team, role, principal } = await requireTeamPage(slug, `/t/${slug}/comparisons/${comparisonId}`);
  const comparison = await loadComparisonFor(principal, comparisonId, 'team:read').catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  if (comparison.teamId !== team.id) notFound();
  const canWrite = role !== 'VIEWER';
  return (
    <>
      <PlotlyScript />
      <TopBar teamSlug={team.slug} />
      <main className="wide">
        <SavedComparisonView
          comparison={comparison}
          teamSlug={team.slug}
          meta={<span>saved comparison · {formatTime(String(comparison.createdAt.getTime()))}</span>}
          actions={canWrite && <ShareDialog targetType="COMPARISON" targetId={comparison.id} what="comparison" />}
        />
        <h2 id="comments">Comments</h2>
        <CommentsPanel targetType="COMPARISON" targetId={comparison.id} teamSlug={team.slug} canWrite={canWrite} />
      </main>
    </>
  );
}
