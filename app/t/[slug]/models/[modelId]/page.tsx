import { TopBar } from '@/components/top-bar';
import { ModelPage } from '@/components/registry/model-page';
import { requireModelPage } from '@/components/server/require-user';

export default async function RegisteredModelPage({ params }: { params: Promise<{ slug: string; modelId: string }> }) {
  const { slug, modelId } = await params;
  // Another team's model, or one of the user's other teams' models under this URL, is a 404.
  const { team } = await requireModelPage(slug, modelId, `/t/${slug}/models/${modelId}`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <ModelPage teamSlug={team.slug} modelId={modelId} />
      </main>
    </>
  );
}
