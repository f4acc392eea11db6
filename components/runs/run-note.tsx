'use client';
// The run's description: MLflow's mlflow.note.content tag, rendered as Markdown like
// comments, editable by members (saving writes the tag, so MLflow clients see it too).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { renderMarkdown } from '@/lib/markdown/render-markdown';
import { graphqlRequest } from '../graphql-request';
import { CommentEditor } from '../comments/comment-editor';
import { MarkdownView } from '../comments/markdown-view';

export function RunNote({ runId, note, canWrite }: { runId: string; note: string | null; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const save = useMutation({
    mutationFn: (text: string) => graphqlRequest(`mutation Note($id: ID!, $note: String!) { setRunNote(runId: $id, note: $note) { id } }`, { id: runId, note: text }),
    onSuccess: () => {
      setEditing(false);
      void queryClient.invalidateQueries({ queryKey: ['run', runId] });
    },
  });
  if (!note && !canWrite) return null;
  return (
    <section aria-label="Description">
      <h2 style={{ display: 'flex', alignItems: 'baseline', gap: '0.6rem' }}>
        Description
        {canWrite && !editing && (
          <button className="link" onClick={() => setEditing(true)}>
            {note ? 'Edit' : 'Add a description'}
          </button>
        )}
      </h2>
      {editing ? (
        <CommentEditor label="Description" members={[]} initial={note ?? ''} submitLabel="Save description" pending={save.isPending} onCancel={() => setEditing(false)} onSubmit={(text) => save.mutate(text)} />
      ) : note ? (
        <MarkdownView html={renderMarkdown(note)} testId="run-note" />
      ) : (
        <p className="muted">No description. It is MLflow&apos;s run note (mlflow.note.content).</p>
      )}
      {save.isError && <p className="error" role="alert">{save.error.message}</p>}
    </section>
  );
}
