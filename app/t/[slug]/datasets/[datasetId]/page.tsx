import { TopBar } from '@/components/top-bar';
import { DatasetPage } from '@/components/lineage/dataset-page';
import { requireDatasetPage } from '@/components/server/require-user';

export default async function Page({ params }: { params: Promise<{ slug: string; datasetId: string }> }) {
  const { slug, datasetId } = await params;
  const { team, dataset } = await requireDatasetPage(slug, datasetId, `/t/${slug}/datasets/${datasetId}`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <DatasetPage teamSlug={team.slug} datasetId={dataset.id} />
      </main>
    </>
  );
}
