// Calls behind a chart selection, slowest first: each opens its trace, expanded, in the Explorer.
import type { ReactNode } from 'react';
import { formatCount, formatMs } from '../format/figures.ts';
import { formatClock } from '../format/time.ts';

export interface ListedCall {
  id: number;
  ts: number;
  durationMs: number | null;
  error: boolean;
  traceId: string | null;
}

export function CallList({
  title,
  total,
  calls,
  onOpen,
}: {
  title: ReactNode;
  total: number;
  calls: ListedCall[];
  onOpen: (traceId: string) => void;
}) {
  return (
    <div className="shape-calls-box" data-testid="shape-calls">
      <div className="muted">
        {title}: {formatCount(total)} calls{total > calls.length ? `, the ${calls.length} slowest shown` : ''}
      </div>
      <ul className="shape-calls">
        {calls.map((c) => (
          <li key={c.id}>
            <span className="mono">{formatMs(c.durationMs)}</span>
            <span className="muted">{formatClock(c.ts)}</span>
            {c.traceId ? (
              <a
                href="#"
                className={c.error ? 'err mono' : 'mono'}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(c.traceId!);
                }}
              >
                {c.error ? '✖ ' : ''}trace {c.traceId}
              </a>
            ) : (
              <span className="muted">no trace id</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
