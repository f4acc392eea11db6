// HTTP side of live streams: GET <route>?topics=a,b (also repeated topics=), errors as JSON
// `{ error: { code, message } }` with the status of the stable code (404 for anything the
// caller may not watch, 401 without a caller).
import type { Principal } from '../authz/index.ts';
import { unauthenticated } from '../errors.ts';
import { errorResponse } from '../identity/json-response.ts';
import { openLiveStream } from './live-stream.ts';

export function topicsOf(request: Request): string[] {
  return new URL(request.url).searchParams
    .getAll('topics')
    .flatMap((value) => value.split(','))
    .map((topic) => topic.trim())
    .filter(Boolean);
}

/** `resolve` finds the caller (null: not allowed at all); it is called again on every heartbeat. */
export async function liveStreamResponse(request: Request, resolve: () => Promise<Principal | null>): Promise<Response> {
  try {
    const principal = await resolve();
    if (!principal || principal.kind === 'anonymous') throw unauthenticated();
    return await openLiveStream({
      principal,
      topics: topicsOf(request),
      revalidate: async () => {
        const again = await resolve().catch(() => null);
        return again && again.kind !== 'anonymous' ? again : null;
      },
      signal: request.signal,
    });
  } catch (error) {
    return errorResponse(error);
  }
}
