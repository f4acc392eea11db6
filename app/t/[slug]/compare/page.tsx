import { Suspense } from 'react';
import { TopBar } from '@/components/top-bar';
import { ComparePage } from '@/components/compare/compare-page';
import { requireTeamPage } from '@/components/server/require-user';

export default async function CompareRunsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) for (const one of [value ?? []].flat()) query.append(key, one);
  const { team, role } = await requireTeamPage(slug, `/t/${slug}/compare?${query}`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main className="wide">
        <Suspense>
          <ComparePage saveTo={role !== 'VIEWER' ? { teamId: team.id, teamSlug: team.slug } : null} />
        </Suspense>
      </main>
    </>
  );
}
