// GET /api/auth/signup-mode -> {mode: 'open' | 'invite', firstUser: boolean}, for the sign-up page.
import { errorResponse, jsonResponse } from '@/lib/identity/json-response.ts';
import { getSignupMode } from '@/lib/identity/signup-mode.ts';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    return jsonResponse(await getSignupMode());
  } catch (error) {
    return errorResponse(error);
  }
}
