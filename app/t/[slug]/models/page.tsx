import { TopBar } from '@/components/top-bar';
import { ModelsList } from '@/components/registry/models-list';
import { requireTeamPage } from '@/components/server/require-user';
import { PageHeader } from '@/components/ui/page-header';

export default async function ModelsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team, role } = await requireTeamPage(slug, `/t/${slug}/models`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <PageHeader title="Models" meta={<span>{team.name}&apos;s registered models: what is in production, who moved it, and why</span>} />
        <ModelsList teamSlug={team.slug} canWrite={role !== 'VIEWER'} />
      </main>
    </>
  );
}
