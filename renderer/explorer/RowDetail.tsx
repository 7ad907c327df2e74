// One row in full: every field, and the value and exception whole (the `row` operation returns
// them uncut), in monospace with a Copy button each.
import { useState } from 'react';
import type { StaleThreshold, StaleVariable, TraceRow } from '../../db/api/inspector-api.ts';
import { formatTimestamp } from './cell-format.ts';
import { ThresholdEditor } from '../ui/ThresholdEditor.tsx';
import { formatDuration } from './waterfall-layout.ts';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (an insecure origin, a headless browser): the old way still works.
    const t = document.createElement('textarea');
    t.value = text;
    t.style.position = 'fixed';
    t.style.opacity = '0';
    document.body.append(t);
    t.select();
    const ok = document.execCommand('copy');
    t.remove();
    return ok;
  }
}

function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="btn small"
      aria-label={`Copy ${what}`}
      onClick={() =>
        void copyText(text).then((ok) => {
          setState(ok ? 'done' : 'failed');
          setTimeout(() => setState('idle'), 1500);
        })
      }
    >
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

export interface RowDetailProps {
  row: TraceRow | null;
  loading: boolean;
  error: string | null;
  stale: StaleVariable | null;
  /** The process opens the Code Inspector on that function. */
  onOpenCode: (process: string) => void;
  /** The trace id filters the list to that trace. */
  onFilterTrace: (traceId: string) => void;
  /** The variable's values over time (#/timeline). */
  onOpenTimeline?: (process: string, data: string) => void;
  /** Sets the stale threshold of the row's variable (null: the default); an error sentence or null. */
  onThreshold?: (process: string, data: string, threshold: StaleThreshold | null) => Promise<string | null>;
}

export function RowDetail({
  row,
  loading,
  error,
  stale,
  onOpenCode,
  onFilterTrace,
  onOpenTimeline,
  onThreshold,
}: RowDetailProps) {
  if (!row) {
    return (
      <section className="pane row-detail" aria-label="Row detail">
        <div className="pane-head">
          <span className="pane-title">Row</span>
        </div>
        <div className="pane-empty">
          {error ?? (loading ? 'Loading the row…' : 'Select a row to see its value and exception in full.')}
        </div>
      </section>
    );
  }
  const fields: [string, React.ReactNode][] = [
    ['Data', <span className="mono">{row.data ?? '—'}</span>],
    ['Type', <span className="mono">{row.dataType ?? '—'}</span>],
    [
      'Time',
      <span className="mono" title={row.timestamp ?? undefined}>
        {formatTimestamp(row.ts, row.timestamp)}
      </span>,
    ],
    ['Group', row.group ?? <span className="muted">(none)</span>],
    ['Duration', formatDuration(row.durationMs)],
    ['Call', formatDuration(row.callDurationMs ?? null)],
    ['Memory Δ', row.memoryDelta === null ? '—' : `${row.memoryDelta.toLocaleString('en-US')} B`],
    [
      'Trace',
      row.traceId ? (
        <button
          type="button"
          className="link-button mono"
          title="Show only this trace's rows"
          onClick={() => onFilterTrace(row.traceId!)}
        >
          {row.traceId}
        </button>
      ) : (
        <span className="mono">—</span>
      ),
    ],
    [
      'Span',
      <span className="mono">
        {row.spanId ?? '—'}
        {row.parentSpanId ? <span className="muted"> ← {row.parentSpanId}</span> : null}
      </span>,
    ],
  ];
  return (
    <section className="pane row-detail" aria-label="Row detail">
      <div className="pane-head">
        <span className="pane-title">Row</span>
        <span className="mono muted">#{row.id}</span>
        <button
          type="button"
          className="link-button mono detail-process"
          title={`Open ${row.process} in the Code Inspector`}
          onClick={() => onOpenCode(row.process)}
        >
          {row.process}
        </button>
        <span className={row.status === 'ERROR' ? 'status-pill err' : 'status-pill ok'}>{row.status}</span>
        {stale && (
          <span
            className="stale-tag"
            title={`Unchanged for ${stale.runLength} values in a row (threshold ${stale.threshold})`}
          >
            stale ×{stale.runLength}
          </span>
        )}
        {stale && onThreshold && row.data !== null && (
          <ThresholdEditor
            process={row.process}
            data={row.data}
            threshold={stale.threshold}
            onSave={(t) => onThreshold(row.process, row.data!, t)}
          />
        )}
        {row.data !== null && onOpenTimeline && (
          <button
            type="button"
            className="chip small"
            title={`${row.data} of ${row.process} over time`}
            onClick={() => onOpenTimeline(row.process, row.data!)}
          >
            Timeline
          </button>
        )}
      </div>
      <div className="detail-body">
        <dl className="detail-fields">
          {fields.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <div className="detail-block">
          <div className="detail-block-head">
            <span>Value</span>
            <span className="muted">{row.valueLength.toLocaleString('en-US')} chars</span>
            <span className="spacer" />
            {row.dataValue !== null && <CopyButton text={row.dataValue} what="value" />}
          </div>
          <pre className="detail-pre" data-testid="detail-value">
            {row.dataValue ?? 'null'}
          </pre>
        </div>
        {row.exception !== null && (
          <div className="detail-block">
            <div className="detail-block-head">
              <span className="err-text">Exception</span>
              <span className="spacer" />
              <CopyButton text={row.exception} what="exception" />
            </div>
            <pre className="detail-pre err-pre" data-testid="detail-exception">
              {row.exception}
            </pre>
          </div>
        )}
      </div>
    </section>
  );
}
