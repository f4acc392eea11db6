// POST /api/auth/signup {email, password, name?, inviteToken?}
//   201 {user: {id, email, name}, teamSlug: string | null}
//   400 BAD_USER_INPUT, 403 FORBIDDEN (invite-only), 409 ALREADY_EXISTS: {error: {code, message}}
// The client then signs in with next-auth's signIn('credentials').
import { readJsonBody } from '@/lib/http/read-json.ts';
import { errorResponse, jsonResponse } from '@/lib/identity/json-response.ts';
import { signUp } from '@/lib/identity/sign-up.ts';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 16_384;

export async function POST(request: Request): Promise<Response> {
  try {
    const body = (await readJsonBody(request, { maxBytes: MAX_BODY_BYTES })) as Record<string, unknown>;
    const { user, teamSlug } = await signUp({
      email: body.email as string,
      password: body.password as string,
      name: body.name as string | undefined,
      inviteToken: body.inviteToken as string | undefined,
    });
    return jsonResponse({ user: { id: user.id, email: user.email, name: user.name }, teamSlug: teamSlug ?? null }, 201);
  } catch (error) {
    return errorResponse(error);
  }
}
