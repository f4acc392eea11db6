import Link from 'next/link';
import { SignInForm } from '@/components/auth/sign-in-form';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; invite?: string }> }) {
  const { callbackUrl, invite } = await searchParams;
  const signUpHref = invite ? `/sign-up?invite=${encodeURIComponent(invite)}` : '/sign-up';
  return (
    <main className="narrow">
      <h1>Sign in to Cairn</h1>
      <SignInForm callbackUrl={safeCallback(callbackUrl)} />
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
