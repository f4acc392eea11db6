import { TopBar } from '@/components/top-bar';
import { JobPage } from '@/components/lineage/job-page';
import { requireLineagePage } from '@/components/server/require-user';

export default async function Page({ params }: { params: Promise<{ slug: string; jobId: string }> }) {
  const { slug, jobId } = await params;
  const { team, node } = await requireLineagePage(slug, `job:${jobId}`, `/t/${slug}/jobs/${jobId}`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <JobPage teamSlug={team.slug} jobId={node.id} />
      </main>
    </>
  );
}
