'use client';
// The top bar's inbox link with the number of unread notifications, kept current live.
import { IntentLink } from '../ui/intent-link';
import { usePathname } from 'next/navigation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import { useLiveTopics } from '../live/live-events';

export function InboxLink() {
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const unread = useQuery({
    queryKey: ['inbox-count'],
    queryFn: () => graphqlRequest<{ viewer: { unreadNotificationCount: number } }>(`{ viewer { unreadNotificationCount } }`),
  });
  useLiveTopics(['inbox'], () => {
    void queryClient.invalidateQueries({ queryKey: ['inbox-count'] });
    void queryClient.invalidateQueries({ queryKey: ['inbox'] });
  }, 500);
  const count = unread.data?.viewer.unreadNotificationCount ?? 0;
  return (
    <IntentLink href="/inbox" aria-current={pathname === '/inbox' ? 'page' : undefined} aria-label={count ? `Inbox, ${count} unread` : 'Inbox'} data-testid="inbox-link">
      Inbox {count > 0 && <span className="count-badge" data-testid="unread-count">{count}</span>}
    </IntentLink>
  );
}
