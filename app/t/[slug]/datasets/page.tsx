import { TopBar } from '@/components/top-bar';
import { DatasetsList } from '@/components/lineage/datasets-list';
import { requireTeamPage } from '@/components/server/require-user';

export default async function DatasetsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team } = await requireTeamPage(slug, `/t/${slug}/datasets`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <h1>{team.name}: datasets</h1>
        <DatasetsList teamSlug={team.slug} />
      </main>
    </>
  );
}
