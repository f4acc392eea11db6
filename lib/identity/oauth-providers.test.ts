import { describe, expect, it } from 'vitest';
import { oauthEnvironmentVariables, oauthProviderButtons, oauthProviders } from './oauth-providers.ts';

describe('oauthProviders', () => {
  it('enables nothing without configuration, or with half of a pair', () => {
    expect(oauthProviders({})).toEqual([]);
    expect(oauthProviders({ AUTH_GITHUB_ID: 'id' })).toEqual([]);
    expect(oauthProviders({ AUTH_GOOGLE_SECRET: 'secret' })).toEqual([]);
    expect(oauthProviders({ AUTH_OIDC_ID: 'id', AUTH_OIDC_SECRET: 'secret' })).toEqual([]); // no issuer
    expect(oauthProviders({ AUTH_GITHUB_ID: ' ', AUTH_GITHUB_SECRET: 'secret' })).toEqual([]);
  });

  it('enables each provider whose variables are set', () => {
    const env = {
      AUTH_GITHUB_ID: 'gh-id',
      AUTH_GITHUB_SECRET: 'gh-secret',
      AUTH_GOOGLE_ID: 'g-id',
      AUTH_GOOGLE_SECRET: 'g-secret',
      AUTH_OIDC_ISSUER: 'https://sso.example.com/realms/lab',
      AUTH_OIDC_ID: 'o-id',
      AUTH_OIDC_SECRET: 'o-secret',
      AUTH_OIDC_NAME: 'Lab SSO',
    };
    expect(oauthProviderButtons(env)).toEqual([
      { id: 'github', name: 'GitHub' },
      { id: 'google', name: 'Google' },
      { id: 'oidc', name: 'Lab SSO' },
    ]);
    const oidc = oauthProviders(env)[2] as { type: string; issuer: string; clientId: string; clientSecret: string };
    expect(oidc).toMatchObject({ type: 'oidc', issuer: env.AUTH_OIDC_ISSUER, clientId: 'o-id', clientSecret: 'o-secret' });
    const github = oauthProviders(env)[0] as { options?: { clientId?: string } };
    expect(github.options?.clientId).toBe('gh-id');
    expect(oauthProviderButtons({ ...env, AUTH_OIDC_NAME: undefined })[2].name).toBe('SSO');
  });

  it('documents every variable it reads', () => {
    const names = oauthEnvironmentVariables.map((variable) => variable.name);
    for (const name of ['AUTH_GITHUB_ID', 'AUTH_GITHUB_SECRET', 'AUTH_GOOGLE_ID', 'AUTH_GOOGLE_SECRET', 'AUTH_OIDC_ISSUER', 'AUTH_OIDC_ID', 'AUTH_OIDC_SECRET', 'AUTH_OIDC_NAME']) {
      expect(names).toContain(name);
    }
    for (const variable of oauthEnvironmentVariables) expect(variable.meaning.length).toBeGreaterThan(10);
  });
});
