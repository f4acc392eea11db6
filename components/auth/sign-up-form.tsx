'use client';
// Sign-up: POST /api/auth/signup (first user becomes instance admin; invite-only after
// that unless CAIRN_SIGNUP=open), then sign in with the same credentials.
import { useQuery } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { NewPasswordField } from './new-password-field';

type SignupMode = { mode: 'open' | 'invite'; firstUser: boolean };

export function SignUpForm({ inviteToken }: { inviteToken?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [account, setAccount] = useState({ email: '', name: '' });
  const mode = useQuery({
    queryKey: ['signup-mode'],
    queryFn: async () => (await (await fetch('/api/auth/signup-mode')).json()) as SignupMode,
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    const response = await fetch('/api/auth/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, name: String(form.get('name') ?? '') || undefined, inviteToken }),
    });
    const payload = (await response.json().catch(() => ({}))) as { teamSlug?: string; error?: { message: string } };
    if (!response.ok) {
      setPending(false);
      setError(payload.error?.message ?? 'Sign-up failed');
      return;
    }
    await signIn('credentials', { email, password, redirect: false });
    router.push(payload.teamSlug ? `/t/${payload.teamSlug}/projects` : '/teams/new');
    router.refresh();
  }

  const inviteOnly = mode.data?.mode === 'invite' && !inviteToken;
  return (
    <>
      {mode.data?.firstUser && <p className="notice">You are the first user: you will be this instance&apos;s administrator.</p>}
      {inviteToken && <p className="notice">You are joining a team by invitation.</p>}
      {inviteOnly && (
        <p className="notice">This Cairn instance is invite-only: ask a team admin for an invitation link.</p>
      )}
      <form className="stack" onSubmit={onSubmit}>
        <label>
          Name
          <input name="name" autoComplete="name" onChange={(event) => setAccount({ ...account, name: event.target.value })} />
        </label>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required onChange={(event) => setAccount({ ...account, email: event.target.value })} />
        </label>
        <NewPasswordField accountWords={[account.email, account.name]} />
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" disabled={pending || inviteOnly}>
          Create account
        </button>
      </form>
    </>
  );
}
