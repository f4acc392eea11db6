import { TopBar } from '@/components/top-bar';
import { ProjectsList } from '@/components/projects/projects-list';
import { requireTeamPage } from '@/components/server/require-user';

export default async function ProjectsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team, role } = await requireTeamPage(slug, `/t/${slug}/projects`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <ProjectsList teamSlug={team.slug} canWrite={role !== 'VIEWER'} />
      </main>
    </>
  );
}
