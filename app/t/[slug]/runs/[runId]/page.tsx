import { TopBar } from '@/components/top-bar';
import { PlotlyScript } from '@/components/charts/plotly-script';
import { RunDetails } from '@/components/runs/run-details';
import { requireRunPage } from '@/components/server/require-user';

export default async function RunPage({ params }: { params: Promise<{ slug: string; runId: string }> }) {
  const { slug, runId } = await params;
  // Another team's run, or one of the user's other teams' runs under this URL, is a 404.
  const { team, role } = await requireRunPage(slug, runId, `/t/${slug}/runs/${runId}`);
  return (
    <>
      <PlotlyScript />
      <TopBar teamSlug={team.slug} />
      <main>
        <RunDetails teamSlug={team.slug} runId={runId} canWrite={role !== 'VIEWER'} />
      </main>
    </>
  );
}
