'use client';
// Header on signed-in pages: brand, team switcher, team navigation, inbox, account, sign-out.
import { IntentLink } from './ui/intent-link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { TeamSwitcher } from './teams/team-switcher';
import { InboxLink } from './inbox/inbox-link';

export function TopBar({ teamSlug }: { teamSlug?: string }) {
  const pathname = usePathname();
  const current = (section: string) => (pathname?.startsWith(`/t/${teamSlug}/${section}`) ? 'page' : undefined);
  return (
    <header className="topbar">
      <IntentLink className="brand" href="/">
        Cairn
      </IntentLink>
      <TeamSwitcher current={teamSlug} />
      <nav>
        {teamSlug && (
          <IntentLink href={`/t/${teamSlug}/projects`} aria-current={current('projects')}>
            Projects
          </IntentLink>
        )}
        {teamSlug && (
          <IntentLink href={`/t/${teamSlug}/models`} aria-current={current('models')}>
            Models
          </IntentLink>
        )}
        {teamSlug && (
          <IntentLink href={`/t/${teamSlug}/datasets`} aria-current={current('datasets')}>
            Datasets
          </IntentLink>
        )}
        {teamSlug && (
          <IntentLink href={`/t/${teamSlug}/settings`} aria-current={current('settings')}>
            Team settings
          </IntentLink>
        )}
      </nav>
      <InboxLink />
      <IntentLink href="/account" aria-current={pathname === '/account' ? 'page' : undefined}>
        Account
      </IntentLink>
      <button className="secondary" onClick={() => signOut({ redirectTo: '/sign-in' })}>
        Sign out
      </button>
    </header>
  );
}
