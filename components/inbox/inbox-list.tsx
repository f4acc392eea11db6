'use client';
// The inbox: mentions, replies to your comments, comments on what you created, and approval
// requests (decided right here) and their outcomes, newest first; unread ones stand out.
// Opening one marks it read; "Mark all read" clears the count.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { MouseEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { PageSkeleton } from '../ui/skeleton';
import { RequestItem, type InboxEntry } from './request-item';

type Item = InboxEntry;
type Page = { viewer: { notifications: { edges: { node: Item }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } };

const INBOX = `query Inbox($after: String) {
  viewer { notifications(first: 30, after: $after) {
    edges { node { id kind summary path excerpt createdAt readAt team { name } request { id status decidedAt decidedBy { email name } } } }
    pageInfo { hasNextPage endCursor }
  } }
}`;
const MARK = `mutation Mark($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) }`;

export function InboxList() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: ['inbox'],
    queryFn: ({ pageParam }) => graphqlRequest<Page>(INBOX, { after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.viewer.notifications.pageInfo.hasNextPage ? last.viewer.notifications.pageInfo.endCursor : null),
  });
  const mark = useMutation({
    mutationFn: (variables: { ids?: string[]; all?: boolean }) => graphqlRequest(MARK, variables),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
      void queryClient.invalidateQueries({ queryKey: ['inbox-count'] });
    },
  });
  if (pages.isPending) return <PageSkeleton label="Loading inbox" rows={6} />;
  if (pages.isError) return <p className="error">{pages.error.message}</p>;
  const items = pages.data.pages.flatMap((page) => page.viewer.notifications.edges.map((edge) => edge.node));
  const unread = items.filter((item) => !item.readAt).length;
  const open = (item: Item) => (event: MouseEvent) => {
    event.preventDefault();
    if (!item.readAt) mark.mutate({ ids: [item.id] });
    router.push(item.path);
  };
  return (
    <>
      <PageHeader
        title="Inbox"
        meta={<span>{unread > 0 ? `${unread} unread` : 'All read'}</span>}
        actions={
          <button className="secondary" disabled={unread === 0 || mark.isPending} onClick={() => mark.mutate({ all: true })}>
            Mark all read
          </button>
        }
      />
      {items.length === 0 && (
        <EmptyState title="Nothing here yet">Mentions of you, replies to your comments, comments on your runs and requests waiting for your approval show up here.</EmptyState>
      )}
      <div data-testid="inbox" className={items.length ? 'panel' : undefined} style={{ overflow: 'hidden' }}>
        {items.map((item) =>
          item.request ? (
            <RequestItem
              key={item.id}
              item={{ ...item, request: item.request }}
              onOpen={open(item)}
              // Deciding settles the request's entries server-side: only the count needs refreshing.
              onDecided={() => void queryClient.invalidateQueries({ queryKey: ['inbox-count'] })}
            />
          ) : (
            <a
              key={item.id}
              href={item.path}
              className={`inbox-item${item.readAt ? '' : ' unread'}`}
              data-testid="notification"
              onClick={open(item)}
            >
              <div>
                <strong>{item.summary}</strong> <span className="muted">· {item.team.name} · {new Date(item.createdAt).toLocaleString()}</span>
              </div>
              {item.excerpt && <div className="muted" style={{ marginTop: '0.2rem' }}>{item.excerpt}</div>}
            </a>
          ),
        )}
      </div>
      {pages.hasNextPage && (
        <button className="secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          Older
        </button>
      )}
    </>
  );
}
