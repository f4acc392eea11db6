'use client';
// The discussion of a run, a saved comparison or a model version: threads (a comment and its replies), reply,
// edit and delete where allowed, new comments appearing live. Read-only on share pages.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { graphqlRequest } from '../graphql-request';
import { useLiveTopics } from '../live/live-events';
import { CommentEditor, type Mentionable } from './comment-editor';
import { MarkdownView } from './markdown-view';
import { SkeletonRows } from '../ui/skeleton';

type Comment = {
  id: string;
  body: string | null;
  bodyHtml: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  author: { email: string; name: string | null } | null;
  viewerCanEdit: boolean;
  viewerCanDelete: boolean;
};
type Thread = { comment: Comment; replies: Comment[] };

const FIELDS = 'id body bodyHtml createdAt editedAt deletedAt author { email name } viewerCanEdit viewerCanDelete';
const THREADS = `query Comments($type: CommentTargetType!, $id: ID!) {
  comments(targetType: $type, targetId: $id) { comment { ${FIELDS} } replies { ${FIELDS} } }
}`;
const MEMBERS = `query Members($slug: String!) { team(slug: $slug) { members { user { email name } } } }`;

export type CommentsPanelProps = {
  targetType: 'RUN' | 'COMPARISON' | 'MODEL_VERSION';
  targetId: string;
  /** The team's slug, to mention its members; null on a share page (read-only). */
  teamSlug: string | null;
  canWrite: boolean;
};

export function CommentsPanel({ targetType, targetId, teamSlug, canWrite }: CommentsPanelProps) {
  const queryClient = useQueryClient();
  const queryKey = ['comments', targetType, targetId];
  const threads = useQuery({ queryKey, queryFn: () => graphqlRequest<{ comments: Thread[] }>(THREADS, { type: targetType, id: targetId }) });
  const members = useQuery({
    queryKey: ['members', teamSlug],
    queryFn: () => graphqlRequest<{ team: { members: { user: Mentionable }[] } }>(MEMBERS, { slug: teamSlug }),
    enabled: canWrite && !!teamSlug,
    staleTime: 60_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  useLiveTopics([`thread:${targetType}:${targetId}`], () => void refresh(), 300);

  // Opening a link to a comment (#comment-<id>) scrolls to it once the thread is there.
  useEffect(() => {
    if (!threads.data || !window.location.hash.startsWith('#comment-')) return;
    document.getElementById(window.location.hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [threads.data]);

  const add = useMutation({
    mutationFn: (input: { body: string; parentId?: string }) =>
      graphqlRequest(`mutation Add($input: AddCommentInput!) { addComment(input: $input) { id } }`, {
        input: { targetType, targetId, ...input },
      }),
    onSuccess: refresh,
  });
  const people = members.data?.team.members.map((m) => m.user) ?? [];
  const [composerKey, setComposerKey] = useState(0);

  if (threads.isPending) return <SkeletonRows rows={3} label="Loading comments" />;
  if (threads.isError) return <p className="error">{threads.error.message}</p>;
  const list = threads.data.comments;

  return (
    <section aria-label="Comments" data-testid="comments">
      {list.length === 0 && <p className="muted">No comments yet.{canWrite ? ' Start the discussion below.' : ''}</p>}
      {list.map((thread) => (
        <article key={thread.comment.id} className="thread">
          <CommentItem comment={thread.comment} members={people} onChanged={refresh} />
          {thread.replies.map((reply) => (
            <div key={reply.id} className="reply">
              <CommentItem comment={reply} members={people} onChanged={refresh} />
            </div>
          ))}
          {canWrite && !thread.comment.deletedAt && (
            <ReplyBox members={people} pending={add.isPending} onReply={(body) => add.mutateAsync({ body, parentId: thread.comment.id })} />
          )}
        </article>
      ))}
      {canWrite && (
        <div style={{ marginTop: '1rem' }}>
          <CommentEditor
            key={composerKey}
            label="New comment"
            members={people}
            submitLabel="Comment"
            pending={add.isPending}
            onSubmit={(body) => add.mutate({ body }, { onSuccess: () => setComposerKey((k) => k + 1) })}
          />
        </div>
      )}
      {add.isError && <p className="error" role="alert">{add.error.message}</p>}
    </section>
  );
}

function ReplyBox({ members, pending, onReply }: { members: Mentionable[]; pending: boolean; onReply: (body: string) => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button className="secondary small" onClick={() => setOpen(true)}>
        Reply
      </button>
    );
  }
  return (
    <div className="reply">
      <CommentEditor label="Reply" members={members} submitLabel="Reply" pending={pending} autoFocus onCancel={() => setOpen(false)} onSubmit={(body) => void onReply(body).then(() => setOpen(false))} />
    </div>
  );
}

function CommentItem({ comment, members, onChanged }: { comment: Comment; members: Mentionable[]; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const edit = useMutation({
    mutationFn: (body: string) => graphqlRequest(`mutation Edit($input: EditCommentInput!) { editComment(input: $input) { id } }`, { input: { id: comment.id, body } }),
    onSuccess: () => {
      setEditing(false);
      onChanged();
    },
  });
  const remove = useMutation({
    mutationFn: () => graphqlRequest(`mutation Delete($id: ID!) { deleteComment(id: $id) { id } }`, { id: comment.id }),
    onSuccess: onChanged,
  });
  if (comment.deletedAt) {
    return (
      <div className="comment deleted" id={`comment-${comment.id}`}>
        <p className="muted">Comment deleted.</p>
      </div>
    );
  }
  const who = comment.author ? comment.author.name || comment.author.email : 'A former member';
  return (
    <div className="comment" id={`comment-${comment.id}`} data-testid="comment">
      <div className="comment-meta">
        <strong>{who}</strong>{' '}
        <time dateTime={comment.createdAt} className="muted">
          {new Date(comment.createdAt).toLocaleString()}
        </time>
        {comment.editedAt && (
          <span className="muted" title={`Edited ${new Date(comment.editedAt).toLocaleString()}`}>
            {' '}
            · edited
          </span>
        )}
        <span style={{ flex: 1 }} />
        {comment.viewerCanEdit && !editing && (
          <button className="link" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {comment.viewerCanDelete && !editing && (
          <button className="link danger" onClick={() => window.confirm('Delete this comment?') && remove.mutate()}>
            Delete
          </button>
        )}
      </div>
      {editing ? (
        <CommentEditor label="Edit comment" members={members} initial={comment.body ?? ''} submitLabel="Save" pending={edit.isPending} onCancel={() => setEditing(false)} onSubmit={(body) => edit.mutate(body)} />
      ) : (
        <MarkdownView html={comment.bodyHtml ?? ''} />
      )}
      {(edit.isError || remove.isError) && <p className="error">{(edit.error ?? remove.error)?.message}</p>}
    </div>
  );
}
