'use client';
// An inbox entry about an approval request: what the member asks for and why, and, while it
// waits, Approve and Reject right there (the same mutations as the model page's requests);
// once decided, who decided and when. The requester's own entries say how it ended.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MouseEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { DecisionForm } from '../registry/model-page';
import { personLabel, timeAgo } from '../registry/format';

export type InboxRequest = {
  id: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';
  decidedAt: string | null;
  decidedBy: { email: string; name: string | null } | null;
};

/** An inbox entry as the inbox lists it (`request`: for entries about approval requests). */
export type InboxEntry = {
  id: string;
  kind: string;
  summary: string;
  path: string;
  excerpt: string | null;
  createdAt: string;
  readAt: string | null;
  team: { name: string };
  request: InboxRequest | null;
};

const APPROVE = `mutation Approve($input: DecideTransitionRequestInput!) { approveTransitionRequest(input: $input) { id status } }`;
const REJECT = `mutation Reject($input: DecideTransitionRequestInput!) { rejectTransitionRequest(input: $input) { id status } }`;

const OUTCOME: Record<InboxRequest['status'], string> = { PENDING: 'Waiting for a decision', APPROVED: 'Approved', REJECTED: 'Rejected', CANCELLED: 'Cancelled' };

export function RequestItem({ item, onOpen, onDecided }: { item: InboxEntry & { request: InboxRequest }; onOpen: (event: MouseEvent) => void; onDecided: () => void }) {
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: ({ document, comment }: { document: string; comment: string }) => graphqlRequest(document, { input: { id: item.request.id, comment: comment || null } }),
    onSuccess: onDecided,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['inbox'] }),
  });
  const { request } = item;
  const waiting = item.kind === 'APPROVAL_REQUEST' && request.status === 'PENDING';
  return (
    <div className={`inbox-item${item.readAt ? '' : ' unread'}`} data-testid="notification">
      <div>
        {/* Looks like the inbox's other entries (whole-row links); the decision form sits below it. */}
        <a href={item.path} onClick={onOpen} style={{ color: 'inherit', textDecoration: 'none' }}>
          <strong>{item.summary}</strong>
        </a>{' '}
        <span className="muted">· {item.team.name} · {new Date(item.createdAt).toLocaleString()}</span>
      </div>
      {item.excerpt && <div className="muted" style={{ marginTop: '0.2rem' }}>“{item.excerpt}”</div>}
      {waiting ? (
        <div style={{ marginTop: '0.4rem' }} aria-label="Decide the request" role="group">
          <DecisionForm
            onApprove={(comment) => decide.mutate({ document: APPROVE, comment })}
            onReject={(comment) => decide.mutate({ document: REJECT, comment })}
          />
        </div>
      ) : (
        item.kind === 'APPROVAL_REQUEST' && (
          <div style={{ marginTop: '0.2rem' }} data-testid="request-outcome">
            <span className={`badge${request.status === 'APPROVED' ? ' stage-production' : ''}`}>{OUTCOME[request.status]}</span>
            {request.decidedBy && <span className="muted"> by {personLabel(request.decidedBy)}</span>}
            {request.decidedAt && <span className="muted"> · {timeAgo(request.decidedAt)}</span>}
          </div>
        )
      )}
      {decide.isError && (
        <p className="error" role="alert">
          {decide.error.message}
        </p>
      )}
    </div>
  );
}
