import { headers } from 'next/headers';
import { Suspense } from 'react';
import { TopBar } from '@/components/top-bar';
import { PlotlyScript } from '@/components/charts/plotly-script';
import { ComparePage } from '@/components/compare/compare-page';
import { compareRequest, earlyRequestScript, MAX_COMPARED_RUNS } from '@/components/compare/compare-request';
import { readCompareState, readRunIds } from '@/components/compare/compare-state';
import { requireTeamPage } from '@/components/server/require-user';
import { nonceOfPolicy } from '@/lib/http/security-headers';

export default async function CompareRunsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) for (const one of [value ?? []].flat()) query.append(key, one);
  const { team, role } = await requireTeamPage(slug, `/t/${slug}/compare?${query}`);
  const runIds = readRunIds(query);
  // The page's CSP allows inline scripts carrying this response's nonce only.
  const nonce = nonceOfPolicy((await headers()).get('content-security-policy'));
  return (
    <>
      <PlotlyScript />
      {/* The view's one request starts with the HTML, not after the page's scripts have loaded.
          A classic inline script: it runs when parsed, once the stylesheet above it is in (served
          precompressed, it arrives first); an async module script, tried before, only ran after
          the parser's last task, ~0.1 s later in cold loads. */}
      {runIds.length > 0 && runIds.length <= MAX_COMPARED_RUNS && (
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: earlyRequestScript(compareRequest(runIds, readCompareState(query), false)) }} />
      )}
      <TopBar teamSlug={team.slug} />
      <main className="wide">
        <Suspense>
          <ComparePage saveTo={role !== 'VIEWER' ? { teamId: team.id, teamSlug: team.slug } : null} />
        </Suspense>
      </main>
    </>
  );
}
