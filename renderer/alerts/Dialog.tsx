// A modal form over the tab: Escape or the backdrop closes it, focus starts in its first field.
import { useEffect, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
  testId?: string;
  wide?: boolean;
}

export function Dialog({ title, onClose, children, footer, testId, wide }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="al-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={wide ? 'al-dialog wide' : 'al-dialog'}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        ref={ref}
      >
        <header className="al-dialog-title">
          <h2>{title}</h2>
          <button type="button" className="al-icon-btn" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="al-dialog-body">{children}</div>
        <footer className="al-dialog-footer">{footer}</footer>
      </div>
    </div>
  );
}
