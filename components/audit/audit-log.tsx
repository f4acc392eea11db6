'use client';
// The audit trail of a team (or, without teamId, of the instance): filters by actor, action
// and target, pages of 50 with "Load more", and a CSV export of everything the filters match.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import styles from './audit-log.module.css';

type AuditEvent = {
  id: string;
  action: string;
  description: string | null;
  createdAt: string;
  actorId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  token: { name: string; prefix: string } | null;
  teamId: string | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  metadata: Record<string, unknown>;
  clientAddress: string | null;
};
type Page = { auditEvents: { edges: { node: AuditEvent }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
type Filter = { actor: string; action: string; target: string };

const EVENTS = `query AuditEvents($teamId: ID, $filter: AuditEventFilter, $after: String) {
  auditEvents(teamId: $teamId, filter: $filter, first: 50, after: $after) {
    edges { node { id action description createdAt actorId actorEmail actorName token { name prefix } teamId targetType targetId targetLabel metadata clientAddress } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const ACTIONS = `{ auditActions { name description } }`;

const EMPTY: Filter = { actor: '', action: '', target: '' };

function compact(filter: Filter): Partial<Filter> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value.trim() !== '')) as Partial<Filter>;
}

/** Action names grouped by their noun, with "all <noun> events" (the prefix) first. */
function actionGroups(actions: { name: string; description: string }[]) {
  const groups = new Map<string, { name: string; description: string }[]>();
  for (const action of actions) {
    const noun = action.name.split('.')[0];
    groups.set(noun, [...(groups.get(noun) ?? []), action]);
  }
  return [...groups];
}

/** Metadata as short "key: value" pairs; nested objects (a policy before and after) inline. */
function details(event: AuditEvent): string {
  const show = (value: unknown): string => {
    if (value === null || value === undefined) return 'none';
    if (typeof value !== 'object') return String(value);
    if (Array.isArray(value)) return value.map(show).join(', ');
    return `{${Object.entries(value).map(([key, inner]) => `${key} ${show(inner)}`).join(', ')}}`;
  };
  return Object.entries(event.metadata ?? {})
    .filter(([key]) => key !== 'via')
    .map(([key, value]) => `${key}: ${show(value)}`)
    .join(' · ');
}

export function AuditLog({ teamId }: { teamId?: string }) {
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const actions = useQuery({ queryKey: ['audit-actions'], queryFn: () => graphqlRequest<{ auditActions: { name: string; description: string }[] }>(ACTIONS) });
  const events = useInfiniteQuery({
    queryKey: ['audit-events', teamId ?? null, filter],
    queryFn: ({ pageParam }) => graphqlRequest<Page>(EVENTS, { teamId: teamId ?? null, filter: compact(filter), after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.auditEvents.pageInfo.hasNextPage ? last.auditEvents.pageInfo.endCursor : null),
  });
  const rows = events.data?.pages.flatMap((page) => page.auditEvents.edges.map((edge) => edge.node)) ?? [];
  const exportParams = new URLSearchParams({ ...(teamId ? { teamId } : {}), ...compact(filter) });

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilter(draft);
  }

  return (
    <section>
      <form className={styles.filters} onSubmit={apply} aria-label="Filter the audit log">
        <label>
          Actor
          <input value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} placeholder="email or user id" />
        </label>
        <label>
          Action
          <select value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">All actions</option>
            {actionGroups(actions.data?.auditActions ?? []).map(([noun, list]) => (
              <optgroup key={noun} label={noun}>
                <option value={`${noun}.`}>All {noun} events</option>
                {list.map((action) => (
                  <option key={action.name} value={action.name} title={action.description}>
                    {action.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          Target
          <input value={draft.target} onChange={(e) => setDraft({ ...draft, target: e.target.value })} placeholder="id, or Run, User, ApiToken…" />
        </label>
        <button type="submit">Filter</button>
        {(filter.actor || filter.action || filter.target) && (
          <button type="button" className="secondary" onClick={() => { setDraft(EMPTY); setFilter(EMPTY); }}>
            Clear
          </button>
        )}
        <a className={styles.export} href={`/api/audit-events.csv?${exportParams}`} download>
          Export CSV
        </a>
      </form>
      {events.isError && <p className="error" role="alert">{events.error.message}</p>}
      <table className={styles.log}>
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Who</th>
            <th>What</th>
            <th>Target</th>
            <th>From</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((event) => (
            <tr key={event.id} data-action={event.action}>
              <td className={styles.time}>
                <time dateTime={event.createdAt}>{event.createdAt.replace('T', ' ').slice(0, 19)}</time>
              </td>
              <td className={styles.who}>
                {event.actorEmail ?? <span className="muted">{event.metadata?.via === 'admin-cli' ? 'admin CLI' : 'system'}</span>}
                {event.token && <div className="muted">token {event.token.name} ({event.token.prefix}…)</div>}
              </td>
              <td>
                <code className={event.action.includes('failed') || event.action.endsWith('purge') ? styles.alert : undefined}>{event.action}</code>
                {event.description && <div className={styles.description}>{event.description}</div>}
              </td>
              <td>
                {event.targetType && <span className="muted">{event.targetType} </span>}
                {event.targetLabel ?? <code className={styles.id}>{event.targetId}</code>}
              </td>
              <td className={styles.address}>{event.clientAddress ?? '—'}</td>
              <td className={styles.details}>{details(event)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.isSuccess && rows.length === 0 && <p className="muted">No events match.</p>}
      {events.hasNextPage && (
        <p>
          <button className="secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
            {events.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </p>
      )}
    </section>
  );
}
