import { Suspense } from 'react';
import { TopBar } from '@/components/top-bar';
import { PlotlyScript } from '@/components/charts/plotly-script';
import { ProjectView } from '@/components/projects/project-view';
import { requireProjectPage } from '@/components/server/require-user';

export default async function ProjectPage({ params }: { params: Promise<{ slug: string; projectId: string }> }) {
  const { slug, projectId } = await params;
  const { team } = await requireProjectPage(slug, projectId, `/t/${slug}/projects/${projectId}`);
  return (
    <>
      <PlotlyScript />
      <TopBar teamSlug={team.slug} />
      <main className="wide">
        <Suspense>
          <ProjectView teamSlug={team.slug} projectId={projectId} />
        </Suspense>
      </main>
    </>
  );
}
