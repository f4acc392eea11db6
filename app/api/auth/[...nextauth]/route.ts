// Auth.js endpoints: sign-in (credentials and OAuth callbacks), sign-out, session, csrf.
import { handlers } from '@/lib/identity/auth.ts';

export const { GET, POST } = handlers;
