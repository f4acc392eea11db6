'use client';
// The top bar's inbox link with the number of unread notifications, kept current live.
import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import { useLiveTopics } from '../live/live-events';

export function InboxLink() {
  const queryClient = useQueryClient();
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
    <Link href="/inbox" aria-label={count ? `Inbox, ${count} unread` : 'Inbox'} data-testid="inbox-link">
      Inbox {count > 0 && <span className="count-badge" data-testid="unread-count">{count}</span>}
    </Link>
  );
}
