import { TopBar } from '@/components/top-bar';
import { RunsTable } from '@/components/projects/runs-table';
import { requireProjectPage } from '@/components/server/require-user';

export default async function ProjectPage({ params }: { params: Promise<{ slug: string; projectId: string }> }) {
  const { slug, projectId } = await params;
  const { team } = await requireProjectPage(slug, projectId, `/t/${slug}/projects/${projectId}`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <RunsTable projectId={projectId} />
      </main>
    </>
  );
}
