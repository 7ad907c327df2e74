// A titled panel that says, in words, why it shows no data: loading, an error from the engine,
// or an empty answer. Content stays mounted once loaded, so a reload never blanks it.
import type { ReactNode } from 'react';
import type { ApiError } from '../../db/api/inspector-api.ts';
import './panel.css';

export interface PanelProps {
  title: ReactNode;
  /** Right side of the title bar: a figure, a hint, a control. */
  aside?: ReactNode;
  loading?: boolean;
  error?: ApiError | null;
  /** A sentence saying why there is nothing to show (null when there is). */
  empty?: string | null;
  className?: string;
  children?: ReactNode;
  testId?: string;
}

export function Panel({ title, aside, loading, error, empty, className, children, testId }: PanelProps) {
  let body: ReactNode;
  if (loading)
    body = (
      <div className="panel-state" role="status">
        Loading…
      </div>
    );
  else if (error && !children) body = <ErrorNote error={error} />;
  else if (empty) body = <div className="panel-state">{empty}</div>;
  else body = children;
  return (
    <section
      className={className ? `panel ${className}` : 'panel'}
      data-testid={testId}
      aria-busy={loading || undefined}
    >
      <header className="panel-title">
        <h3>{title}</h3>
        {aside && <div className="panel-aside">{aside}</div>}
      </header>
      {error && children && !loading && <ErrorNote error={error} compact />}
      <div className="panel-body">{body}</div>
    </section>
  );
}

export function ErrorNote({ error, compact }: { error: ApiError; compact?: boolean }) {
  return (
    <div className={compact ? 'panel-error compact' : 'panel-error'} role="alert" data-kind={error.kind}>
      {compact ? 'Could not refresh: ' : ''}
      {error.message}
    </div>
  );
}
