'use client';
// Header on signed-in pages: brand, team switcher, team navigation, inbox, account, sign-out.
import Link from 'next/link';
import { signOut } from 'next-auth/react';
import { TeamSwitcher } from './teams/team-switcher';
import { InboxLink } from './inbox/inbox-link';

export function TopBar({ teamSlug }: { teamSlug?: string }) {
  return (
    <header className="topbar">
      <Link className="brand" href="/">
        Cairn
      </Link>
      <TeamSwitcher current={teamSlug} />
      <nav>
        {teamSlug && <Link href={`/t/${teamSlug}/projects`}>Projects</Link>}
        {teamSlug && <Link href={`/t/${teamSlug}/models`}>Models</Link>}
        {teamSlug && <Link href={`/t/${teamSlug}/settings`}>Team settings</Link>}
      </nav>
      <InboxLink />
      <Link href="/account">Account</Link>
      <button className="secondary" onClick={() => signOut({ redirectTo: '/sign-in' })}>
        Sign out
      </button>
    </header>
  );
}
