'use client';
// Header on signed-in pages: brand, team switcher, team navigation, inbox, account, sign-out.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { TeamSwitcher } from './teams/team-switcher';
import { InboxLink } from './inbox/inbox-link';

export function TopBar({ teamSlug }: { teamSlug?: string }) {
  const pathname = usePathname();
  const current = (section: string) => (pathname?.startsWith(`/t/${teamSlug}/${section}`) ? 'page' : undefined);
  return (
    <header className="topbar">
      <Link className="brand" href="/">
        Cairn
      </Link>
      <TeamSwitcher current={teamSlug} />
      <nav>
        {teamSlug && (
          <Link href={`/t/${teamSlug}/projects`} aria-current={current('projects')}>
            Projects
          </Link>
        )}
        {teamSlug && (
          <Link href={`/t/${teamSlug}/models`} aria-current={current('models')}>
            Models
          </Link>
        )}
        {teamSlug && (
          <Link href={`/t/${teamSlug}/datasets`} aria-current={current('datasets')}>
            Datasets
          </Link>
        )}
        {teamSlug && (
          <Link href={`/t/${teamSlug}/settings`} aria-current={current('settings')}>
            Team settings
          </Link>
        )}
      </nav>
      <InboxLink />
      <Link href="/account" aria-current={pathname === '/account' ? 'page' : undefined}>
        Account
      </Link>
      <button className="secondary" onClick={() => signOut({ redirectTo: '/sign-in' })}>
        Sign out
      </button>
    </header>
  );
}
