import Link from 'next/link';
import { SignInForm } from '@/components/auth/sign-in-form';
import { OAuthButtons } from '@/components/auth/oauth-buttons';
import { oauthProviderButtons } from '@/lib/identity/oauth-providers';

const errorMessages: Record<string, string> = {
  InviteOnly: 'This Cairn instance is invite-only: ask a team admin for an invitation to your email address.',
  OAuthAccountNotLinked: 'An account with this email already signs in with a password. Sign in with your password.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; invite?: string; error?: string }>;
}) {
  const { callbackUrl, invite, error } = await searchParams;
  const signUpHref = invite ? `/sign-up?invite=${encodeURIComponent(invite)}` : '/sign-up';
  const target = safeCallback(callbackUrl);
  return (
    <main className="narrow">
      <h1>Sign in to Cairn</h1>
      {error && (
        <p className="error" role="alert">
          {errorMessages[error] ?? 'Sign-in failed.'}
        </p>
      )}
      <SignInForm callbackUrl={target} />
      <OAuthButtons providers={oauthProviderButtons()} callbackUrl={target} />
      <p className="muted">
        New here? <Link href={signUpHref}>Create an account</Link>
      </p>
    </main>
  );
}

/** Only same-site paths: never redirect to another origin after sign-in. */
function safeCallback(url?: string): string {
  return url && url.startsWith('/') && !url.startsWith('//') ? url : '/';
}
