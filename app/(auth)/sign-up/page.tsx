import Link from 'next/link';
import { SignUpForm } from '@/components/auth/sign-up-form';

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invite?: string }> }) {
  const { invite } = await searchParams;
  return (
    <main className="narrow">
      <h1>Create your Cairn account</h1>
      <SignUpForm inviteToken={invite} />
      <p className="muted">
        Already have an account?{' '}
        <Link href={invite ? `/sign-in?callbackUrl=${encodeURIComponent(`/invite/${invite}`)}` : '/sign-in'}>Sign in</Link>
      </p>
    </main>
  );
}
