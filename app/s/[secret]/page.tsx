// A share link's page: whoever holds the link (signed in or not) sees the run or saved
// comparison it names, read-only, and nothing else. Every open is counted and audited. No
// referrer leaves the page (the secret is in its URL) and search engines are asked not to
// index it (also sent as headers, see next.config.ts).
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { PlotlyScript } from '@/components/charts/plotly-script';
import { SharedView } from '@/components/sharing/shared-view';
import { ShareScope } from '@/components/sharing/share-scope';
import { currentPrincipal } from '@/lib/identity/current-principal';
import { openShareLink } from '@/lib/sharing/open-share-link';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Shared from Cairn',
  robots: { index: false, follow: false, nocache: true },
  referrer: 'no-referrer',
};

export default async function SharePage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const requestHeaders = await headers();
  const viewer = await currentPrincipal();
  const share = await openShareLink(secret, {
    ip: requestHeaders.get('x-forwarded-for')?.split(',')[0]?.trim() || null,
    signedInUserId: viewer.kind === 'user' ? viewer.userId : null,
  });
  if (!share) notFound(); // not-found.tsx beside this page: "this link is no longer valid"
  return (
    <>
      <PlotlyScript />
      <div className="share-banner" role="note">
        <strong>Cairn</strong> · a read-only view shared with you. It shows only what was shared.
      </div>
      {/* As wide as the team's own page of the same thing: the compare page is wide, a run's page is not. */}
      <main className={share.target.type === 'COMPARISON' ? 'wide' : undefined}>
        <ShareScope secret={secret}>
          <SharedView />
        </ShareScope>
      </main>
    </>
  );
}
