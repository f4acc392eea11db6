'use client';
// A button that opens a small form anchored below it (Save comparison…, Share…), so a form
// in a page header's actions does not push the header around. Unlike Popover (a <details>
// menu), the trigger stays a real button and the panel is a dialog that keeps its state
// until closed (Close, Escape), since it may hold a link shown once.
import { useEffect, useRef, type ReactNode } from 'react';

export function AnchoredDialog({
  label,
  title,
  open,
  onOpenChange,
  width = 360,
  children,
}: {
  label: ReactNode;
  /** The dialog's accessible name. */
  title: string;
  open: boolean;
  onOpenChange(open: boolean): void;
  width?: number;
  children: ReactNode;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    function onKey(event: globalThis.KeyboardEvent) {
      if (event.key !== 'Escape') return;
      onOpenChange(false);
      trigger.current?.focus();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, onOpenChange]);
  return (
    <div className="popover align-right">
      <button ref={trigger} type="button" className="secondary" aria-expanded={open} onClick={() => onOpenChange(!open)}>
        {label}
      </button>
      {open && (
        <div className="popover-body dialog-body" role="dialog" aria-label={title} style={{ width, maxWidth: 'calc(100vw - 32px)' }}>
          {children}
        </div>
      )}
    </div>
  );
}
