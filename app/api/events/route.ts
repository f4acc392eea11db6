// Live updates for signed-in pages (session cookie), API tokens and share pages (X-Cairn-Share):
// server-sent events, see lib/events/live-stream.ts.
import { resolvePrincipal } from '@/lib/authz/resolve-principal.ts';
import { liveStreamResponse } from '@/lib/events/live-stream-http.ts';

export const dynamic = 'force-dynamic';

export const GET = (request: Request) => liveStreamResponse(request, () => resolvePrincipal(request));
