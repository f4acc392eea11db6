'use client';
// A Markdown editor for comments and notes: write / preview tabs (the preview renders exactly
// as the server will), and @-mention autocomplete of team members (typing `@` and part of a
// name or email; arrows and Enter or Tab pick; the mention is written as @<email>).
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { renderMarkdown } from '@/lib/markdown/render-markdown';
import { MarkdownView } from './markdown-view';

export type Mentionable = { email: string; name: string | null };

const MAX_SUGGESTIONS = 6;

/** The `@query` being typed right before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|[\s(])@([^\s@()]*)$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[2].length - 1, query: match[2].toLowerCase() } : null;
}

export function CommentEditor({
  members,
  initial = '',
  submitLabel,
  pending,
  onSubmit,
  onCancel,
  label,
  autoFocus,
}: {
  members: readonly Mentionable[];
  initial?: string;
  submitLabel: string;
  pending?: boolean;
  onSubmit: (body: string) => void;
  onCancel?: () => void;
  label: string;
  autoFocus?: boolean;
}) {
  const [body, setBody] = useState(initial);
  const [preview, setPreview] = useState(false);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);

  const typing = mentionQuery(body, caret);
  const suggestions = useMemo(() => {
    if (!typing) return [];
    return members
      .filter((m) => m.email.toLowerCase().includes(typing.query) || (m.name ?? '').toLowerCase().includes(typing.query))
      .slice(0, MAX_SUGGESTIONS);
  }, [members, typing?.query, typing !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  const mentionNames = useMemo(() => new Map(members.map((m) => [m.email.toLowerCase(), m.name || m.email])), [members]);

  function pick(member: Mentionable) {
    if (!typing) return;
    const inserted = `@${member.email} `;
    const next = body.slice(0, typing.start) + inserted + body.slice(caret);
    const position = typing.start + inserted.length;
    setBody(next);
    setCaret(position);
    setActive(0);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(position, position);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((current) => (current + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(suggestions[Math.min(active, suggestions.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        setCaret(-1);
        return;
      }
    }
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && body.trim()) {
      event.preventDefault();
      onSubmit(body);
    }
  }

  return (
    <div className="comment-editor">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={!preview} className={preview ? 'secondary' : ''} onClick={() => setPreview(false)}>
          Write
        </button>
        <button type="button" role="tab" aria-selected={preview} className={preview ? '' : 'secondary'} onClick={() => setPreview(true)}>
          Preview
        </button>
      </div>
      {preview ? (
        <div className="preview">
          {body.trim() ? <MarkdownView html={renderMarkdown(body, mentionNames)} /> : <p className="muted">Nothing to preview.</p>}
        </div>
      ) : (
        <div style={{ position: 'relative' }}>
          <textarea
            ref={area}
            aria-label={label}
            value={body}
            rows={4}
            autoFocus={autoFocus}
            placeholder="Markdown; @ to mention a teammate"
            onChange={(event) => {
              setBody(event.target.value);
              setCaret(event.target.selectionStart);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            onClick={(event) => setCaret(event.currentTarget.selectionStart)}
            onKeyUp={(event) => {
              if (!['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(event.key)) setCaret(event.currentTarget.selectionStart);
            }}
            style={{ width: '100%' }}
          />
          {suggestions.length > 0 && (
            <ul className="mention-suggestions" role="listbox" aria-label="Mention a teammate">
              {suggestions.map((member, i) => (
                <li
                  key={member.email}
                  role="option"
                  aria-selected={i === active}
                  onMouseDown={(event) => {
                    event.preventDefault();
                    pick(member);
                  }}
                >
                  <strong>{member.name || member.email}</strong> <span className="muted">{member.email}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div style={{ display: 'flex', gap: '0.5rem', marginTop: '0.4rem' }}>
        <button type="button" disabled={pending || !body.trim()} onClick={() => onSubmit(body)}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
