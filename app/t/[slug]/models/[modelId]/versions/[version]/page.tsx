import { TopBar } from '@/components/top-bar';
import { VersionPage } from '@/components/registry/version-page';
import { requireModelVersionPage } from '@/components/server/require-user';

export default async function ModelVersionPage({ params }: { params: Promise<{ slug: string; modelId: string; version: string }> }) {
  const { slug, modelId, version } = await params;
  const { team } = await requireModelVersionPage(slug, modelId, version, `/t/${slug}/models/${modelId}/versions/${version}`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <VersionPage teamSlug={team.slug} modelId={modelId} version={Number(version)} />
      </main>
    </>
  );
}
