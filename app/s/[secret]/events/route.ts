// Live updates for a share link's page. EventSource cannot send headers, so the link's secret
// comes from the path, as in the page's own URL; a dead link is a 404.
import { liveStreamResponse } from '@/lib/events/live-stream-http.ts';
import { resolveShareLink } from '@/lib/sharing/resolve-share-link.ts';
import { notFound } from '@/lib/errors.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  return liveStreamResponse(request, async () => {
    const share = await resolveShareLink(secret);
    if (!share) throw notFound('Share link');
    return share;
  });
}
