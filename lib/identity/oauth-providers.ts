// Optional OAuth/OIDC sign-in, each provider enabled only when its variables are set.
// Nothing is contacted at start-up: the OIDC issuer's discovery document is fetched when
// someone signs in with it.
import type { Provider } from 'next-auth/providers';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';

export type OAuthEnvironmentVariable = { name: string; meaning: string };

/** Every variable that configures OAuth/OIDC sign-in (documented in the README). */
export const oauthEnvironmentVariables: readonly OAuthEnvironmentVariable[] = [
  { name: 'AUTH_GITHUB_ID', meaning: 'GitHub OAuth app client ID; with AUTH_GITHUB_SECRET enables "Sign in with GitHub".' },
  { name: 'AUTH_GITHUB_SECRET', meaning: 'GitHub OAuth app client secret.' },
  { name: 'AUTH_GOOGLE_ID', meaning: 'Google OAuth client ID; with AUTH_GOOGLE_SECRET enables "Sign in with Google".' },
  { name: 'AUTH_GOOGLE_SECRET', meaning: 'Google OAuth client secret.' },
  { name: 'AUTH_OIDC_ISSUER', meaning: 'Issuer URL of any OpenID Connect provider (Keycloak, Okta, Authentik, ...); with AUTH_OIDC_ID and AUTH_OIDC_SECRET enables it.' },
  { name: 'AUTH_OIDC_ID', meaning: 'OpenID Connect client ID.' },
  { name: 'AUTH_OIDC_SECRET', meaning: 'OpenID Connect client secret.' },
  { name: 'AUTH_OIDC_NAME', meaning: 'Label of the OpenID Connect button (default "SSO").' },
];

type Env = Record<string, string | undefined>;

function pair(env: Env, id: string, secret: string): { clientId: string; clientSecret: string } | null {
  const clientId = env[id]?.trim();
  const clientSecret = env[secret]?.trim();
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

/** The OAuth/OIDC providers the environment enables (redirect URI: <AUTH_URL>/api/auth/callback/<id>). */
export function oauthProviders(env: Env = process.env): Provider[] {
  const providers: Provider[] = [];
  const github = pair(env, 'AUTH_GITHUB_ID', 'AUTH_GITHUB_SECRET');
  if (github) providers.push(GitHub(github));
  const google = pair(env, 'AUTH_GOOGLE_ID', 'AUTH_GOOGLE_SECRET');
  if (google) providers.push(Google(google));
  const oidc = pair(env, 'AUTH_OIDC_ID', 'AUTH_OIDC_SECRET');
  const issuer = env.AUTH_OIDC_ISSUER?.trim();
  if (oidc && issuer) {
    providers.push({
      id: 'oidc',
      name: env.AUTH_OIDC_NAME?.trim() || 'SSO',
      type: 'oidc',
      issuer,
      ...oidc,
    });
  }
  return providers;
}

/** id and label of each enabled provider, for sign-in buttons (`signIn(id)`). */
export function oauthProviderButtons(env: Env = process.env): { id: string; name: string }[] {
  return oauthProviders(env).map((provider) => {
    const config = typeof provider === 'function' ? provider() : provider;
    return { id: config.id, name: config.name };
  });
}
