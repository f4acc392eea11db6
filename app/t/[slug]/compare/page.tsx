import { TopBar } from '@/components/top-bar';
import { CompareView } from '@/components/runs/compare-view';
import { requireTeamPage } from '@/components/server/require-user';
import { SaveComparison } from '@/components/comparisons/save-comparison';

/** `?runs=a,b,c` (repeated `runs=` parameters are accepted too); duplicates dropped, order kept. */
function runIdsFrom(value: string | string[] | undefined): string[] {
  const raw = Array.isArray(value) ? value.join(',') : (value ?? '');
  return [...new Set(raw.split(',').map((id) => id.trim()).filter(Boolean))];
}

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ runs?: string | string[] }>;
}) {
  const { slug } = await params;
  const runIds = runIdsFrom((await searchParams).runs);
  const { team, role } = await requireTeamPage(slug, `/t/${slug}/compare?runs=${runIds.join(',')}`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main style={{ maxWidth: 1400 }}>
        {role !== 'VIEWER' && <SaveComparison teamId={team.id} teamSlug={team.slug} runIds={runIds} />}
        <CompareView runIds={runIds} />
      </main>
    </>
  );
}
