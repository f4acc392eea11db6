'use client';
// The signed-in person's own security: change the password (which ends every session; this
// page signs straight back in with the new one), end every session at once, and see recent
// sign-ins with where they came from.
import { useMutation, useQuery } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { NewPasswordField } from '../auth/new-password-field';
import styles from './account-settings.module.css';

type SecurityEvent = { id: string; action: string; createdAt: string; clientAddress: string | null; metadata: { provider?: string; reason?: string } };

const EVENTS = `{ viewer { securityEvents(first: 15) { id action createdAt clientAddress metadata } } }`;

const LABELS: Record<string, string> = {
  'user.signed_in': 'Signed in',
  'user.sign_in_failed': 'Failed sign-in',
  'user.signed_out': 'Signed out',
  'user.sign_out_everywhere': 'Signed out everywhere',
  'user.password_change': 'Password changed',
  'user.password_reset': 'Password set by an operator',
};

export function AccountSettings({ email }: { email: string }) {
  const router = useRouter();
  const [changed, setChanged] = useState(false);
  const events = useQuery({ queryKey: ['security-events'], queryFn: () => graphqlRequest<{ viewer: { securityEvents: SecurityEvent[] } }>(EVENTS) });

  const changePassword = useMutation({
    mutationFn: async (input: { currentPassword: string; newPassword: string }) => {
      await graphqlRequest(`mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) }`, { input });
      // Every session ended, this one too: sign in again with the new password.
      await signIn('credentials', { email, password: input.newPassword, redirect: false });
    },
    onSuccess: () => {
      setChanged(true);
      void events.refetch();
    },
  });
  const signOutEverywhere = useMutation({
    mutationFn: () => graphqlRequest(`mutation { signOutEverywhere }`),
    onSuccess: () => {
      router.push('/sign-in');
      router.refresh();
    },
  });

  function onChangePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setChanged(false);
    changePassword.mutate({ currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') });
  }

  return (
    <div className={styles.grid}>
      <section>
        <h2>Password</h2>
        <form className="stack" onSubmit={onChangePassword} aria-label="Change password">
          <label>
            Current password
            <input name="currentPassword" type="password" autoComplete="current-password" required />
          </label>
          <NewPasswordField name="newPassword" label="New password" accountWords={[email]} />
          {changePassword.isError && <p className="error" role="alert">{changePassword.error.message}</p>}
          {changed && <p className="notice" role="status">Password changed. Your other sessions have ended.</p>}
          <button type="submit" disabled={changePassword.isPending}>
            Change password
          </button>
        </form>
      </section>

      <section>
        <h2>Sessions</h2>
        <p>
          Lost a laptop, or signed in on a shared computer? End every session of your account, in every browser and on every
          device, this one included.
        </p>
        <p className="muted">API tokens are not sessions: revoke them in each team&apos;s settings.</p>
        {signOutEverywhere.isError && <p className="error" role="alert">{signOutEverywhere.error.message}</p>}
        <button
          className="danger"
          disabled={signOutEverywhere.isPending}
          onClick={() => {
            if (window.confirm('Sign out of every browser and device, including this one?')) signOutEverywhere.mutate();
          }}
        >
          Sign out everywhere
        </button>
      </section>

      <section className={styles.wide}>
        <h2>Recent activity</h2>
        {events.isError && <p className="error">{events.error.message}</p>}
        <table>
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>What</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {events.data?.viewer.securityEvents.map((event) => (
              <tr key={event.id}>
                <td className={styles.time}>{event.createdAt.replace('T', ' ').slice(0, 19)}</td>
                <td className={event.action === 'user.sign_in_failed' ? 'error' : undefined}>
                  {LABELS[event.action] ?? event.action}
                  {event.metadata?.provider && event.metadata.provider !== 'credentials' && ` (${event.metadata.provider})`}
                  {event.metadata?.reason === 'locked' && ' (account locked)'}
                </td>
                <td className={styles.address}>{event.clientAddress ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
