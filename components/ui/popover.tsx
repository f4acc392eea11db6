'use client';
// A button that opens a small panel (column chooser, export menu, add-chart menu). Built on
// <details>, so it works from the keyboard; Escape and a click outside close it.
import { useEffect, useRef, type ReactNode } from 'react';

export function Popover({ label, children, align = 'left', buttonClass = 'secondary', testId }: { label: ReactNode; children: ReactNode | ((close: () => void) => ReactNode); align?: 'left' | 'right'; buttonClass?: string; testId?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const close = () => {
    if (ref.current) ref.current.open = false;
  };
  useEffect(() => {
    function onPointer(event: MouseEvent) {
      if (ref.current?.open && !ref.current.contains(event.target as Node)) close();
    }
    function onKey(event: globalThis.KeyboardEvent) {
      if (event.key === 'Escape' && ref.current?.open) {
        close();
        (ref.current.querySelector('summary') as HTMLElement | null)?.focus();
      }
    }
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, []);
  return (
    <details ref={ref} className={`popover ${align === 'right' ? 'align-right' : ''}`} data-testid={testId}>
      <summary className={buttonClass}>{label}</summary>
      <div className="popover-body">{typeof children === 'function' ? children(close) : children}</div>
    </details>
  );
}
