import { notFound } from 'next/navigation';
import { TopBar } from '@/components/top-bar';
import { RunDetails } from '@/components/runs/run-details';
import { requireTeamPage } from '@/components/server/require-user';
import { isAppError } from '@/lib/errors';
import { loadRunFor } from '@/lib/tracking/runs/load-run-for';

export default async function RunPage({ params }: { params: Promise<{ slug: string; runId: string }> }) {
  const { slug, runId } = await params;
  const { team, principal } = await requireTeamPage(slug, `/t/${slug}/runs/${runId}`);
  // A run of another team, or of another of the user's teams under this team's URL, is a 404
  // like a missing one (the GraphQL run query answers NOT_FOUND the same way).
  try {
    const run = await loadRunFor(principal, runId, 'team:read');
    if (run.teamId !== team.id) notFound();
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <RunDetails teamSlug={team.slug} runId={runId} />
      </main>
    </>
  );
}
