'use client';
// One button per OAuth/OIDC provider the server's environment enables.
import { signIn } from 'next-auth/react';

export function OAuthButtons({ providers, callbackUrl }: { providers: { id: string; name: string }[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <div className="stack" style={{ display: 'flex', flexDirection: 'column', gap: '0.5rem', marginTop: '1rem' }}>
      {providers.map((provider) => (
        <button key={provider.id} className="secondary" onClick={() => signIn(provider.id, { redirectTo: callbackUrl })}>
          Sign in with {provider.name}
        </button>
      ))}
    </div>
  );
}
