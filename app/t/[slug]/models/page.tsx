import { TopBar } from '@/components/top-bar';
import { ModelsList } from '@/components/registry/models-list';
import { requireTeamPage } from '@/components/server/require-user';

export default async function ModelsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team, role } = await requireTeamPage(slug, `/t/${slug}/models`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <h1>{team.name}: models</h1>
        <ModelsList teamSlug={team.slug} canWrite={role !== 'VIEWER'} />
      </main>
    </>
  );
}
