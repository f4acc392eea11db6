// Auth.js (next-auth v5) configuration. Email + password through the credentials provider,
// optional OAuth/OIDC providers from the environment (lib/identity/oauth-providers.ts).
// Sessions are JWTs in the `authjs.session-token` cookie (the credentials provider requires
// the jwt strategy); the token's `sub` is the user id and `sv` the user's session version at
// sign-in, and route handlers decode the same cookie themselves (lib/identity/session-cookie.ts).
// When Auth.js refreshes a session (GET /api/auth/session) it checks the version too, so a
// session ended by "sign out everywhere" is cleared rather than renewed. The Prisma adapter
// only stores the users and linked accounts of OAuth sign-ins.
import { PrismaAdapter } from '@auth/prisma-adapter';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import type { Adapter, AdapterAccount, AdapterUser } from 'next-auth/adapters';
import Credentials from 'next-auth/providers/credentials';
import { db } from '../db/client.ts';
import { authenticateWithPassword } from './authenticate.ts';
import { recordSignInAttempt, SignInLockedError } from './sign-in-throttle.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { anonymous } from '../authz/principal.ts';
import { clientAddressOf } from '../http/client-address.ts';
import { authRequestAddress } from './auth-request.ts';

import { oauthProviders } from './oauth-providers.ts';
import { sessionMaxAge, sessionVersionOf } from './session-cookie.ts';
import { currentSessionVersion } from './session-version.ts';
import { oauthSignInAllowed } from './oauth-sign-in.ts';
import { hasAnyUser, lockSignups } from './signup-mode.ts';

/** Shown to the sign-in form as `code: 'locked'`. */
class AccountLocked extends CredentialsSignin {
  code = 'locked';
}

/** Re-issue the session cookie (sliding expiry) at most this often. */
const SESSION_UPDATE_AGE = 24 * 60 * 60;

/** Where a refused OAuth sign-up lands: the sign-in page shows why. */
export const INVITE_ONLY_ERROR_URL = '/sign-in?error=InviteOnly';

/** Columns of `accounts`: providers may return more token fields than the table has. */
const accountColumns = [
  'userId',
  'type',
  'provider',
  'providerAccountId',
  'refresh_token',
  'access_token',
  'expires_at',
  'token_type',
  'scope',
  'id_token',
  'session_state',
] as const;

export function cairnAdapter(): Adapter {
  // The generated Prisma 7 client is shape-compatible with what the adapter calls.
  const base = PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    ...base,
    getUserByEmail: (email) => base.getUserByEmail!(email.trim().toLowerCase()),
    // OAuth sign-up: like password sign-up, the first user of the instance becomes its admin.
    async createUser(user) {
      return db.$transaction(async (tx) => {
        await lockSignups(tx);
        const firstUser = !(await hasAnyUser(tx));
        return tx.user.create({
          data: {
            email: user.email.trim().toLowerCase(),
            name: user.name ?? null,
            image: user.image ?? null,
            emailVerified: user.emailVerified ?? null,
            isInstanceAdmin: firstUser,
          },
        });
      }) as Promise<AdapterUser>;
    },
    async linkAccount(account) {
      const data = Object.fromEntries(accountColumns.map((column) => [column, account[column]]).filter(([, v]) => v !== undefined));
      await db.account.create({ data: data as Parameters<typeof db.account.create>[0]['data'] });
      return account as AdapterAccount;
    },
  };
}

export const authConfig = {
  adapter: cairnAdapter(),
  logger: {
    // A wrong password is an answer, not a server error worth a stack trace in the log.
    error(error) {
      if (!(error instanceof CredentialsSignin) && error.name !== 'CredentialsSignin') console.error('[auth]', error);
    },
  },
  trustHost: true,
  session: { strategy: 'jwt', maxAge: sessionMaxAge(), updateAge: SESSION_UPDATE_AGE },
  pages: { signIn: '/sign-in' },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        try {
          const user = await authenticateWithPassword(credentials?.email, credentials?.password, { clientAddress: clientAddressOf(request.headers) });
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        } catch (error) {
          if (error instanceof SignInLockedError) throw new AccountLocked();
          throw error;
        }
      },
    }),
    ...oauthProviders(),
  ],
  events: {
    // Password sign-ins are audited as they are checked (authenticate.ts); these are the rest.
    async signIn({ user, account }) {
      if (!account || account.provider === 'credentials' || !user.id) return;
      await recordSignInAttempt({ userId: user.id, email: user.email ?? '', succeeded: true, provider: account.provider, clientAddress: authRequestAddress() });
    },
    async signOut(message) {
      const token = 'token' in message ? message.token : null;
      if (!token?.sub) return;
      // The user may be gone (deleted since signing in): nothing to attribute then.
      if ((await currentSessionVersion(token.sub)) === null) return;
      await recordAuditEvent(db, {
        principal: anonymous,
        actor: { userId: token.sub, email: typeof token.email === 'string' ? token.email : null },
        action: 'user.signed_out',
        targetType: 'User',
        targetId: token.sub,
        ip: authRequestAddress(),
      });
    },
  },
  callbacks: {
    async signIn({ user, account }) {
      if (!account || account.provider === 'credentials') return true;
      return (await oauthSignInAllowed(account.provider, account.providerAccountId, user.email)) || INVITE_ONLY_ERROR_URL;
    },
    async jwt({ token, user }) {
      if (user?.id) {
        // Signing in: the session carries the user's current version.
        token.sub = user.id;
        token.sv = (await currentSessionVersion(user.id)) ?? 0;
        return token;
      }
      // Refreshing: a session signed out everywhere (or of a deleted user) is cleared.
      if (!token.sub || (await currentSessionVersion(token.sub)) !== sessionVersionOf(token)) return null;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
