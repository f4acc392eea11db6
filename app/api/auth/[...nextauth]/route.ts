// Auth.js endpoints: sign-in (credentials and OAuth callbacks), sign-out, session, csrf.
// Run inside the request's context so Auth.js's events can audit the client address.
import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/identity/auth.ts';
import { withAuthRequest } from '@/lib/identity/auth-request.ts';

export const GET = (request: NextRequest) => withAuthRequest(request, () => handlers.GET(request));
export const POST = (request: NextRequest) => withAuthRequest(request, () => handlers.POST(request));
