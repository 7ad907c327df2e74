// The index build as a bar with rows/s and time left: compact in the header, with a sentence on
// the Overview. Drawn only while the index is being built.
import type { ProgressView } from '../live/progress-rate.ts';
import { formatTimeLeft } from '../live/progress-rate.ts';
import { formatCount } from '../format/figures.ts';
import './index-progress.css';

export function IndexProgressBar({ view, compact }: { view: ProgressView | null; compact?: boolean }) {
  if (!view?.building) return null;
  const pct = Math.floor(view.fraction * 100);
  const rate = view.rowsPerSec === null ? null : `${formatCount(view.rowsPerSec, { compact: true })} rows/s`;
  const figures = `${formatCount(view.indexedRows, { compact: true })} of ${formatCount(view.totalRows, { compact: true })} rows`;
  const words = [figures, rate, formatTimeLeft(view.secondsLeft)].filter(Boolean).join(' · ');
  return (
    <div
      className={compact ? 'index-progress compact' : 'index-progress'}
      data-testid={compact ? 'header-index-progress' : 'overview-index-progress'}
      title={compact ? `Building the index: ${words}` : undefined}
    >
      {!compact && (
        <div className="index-progress-head">
          <strong>Building the index</strong>
          <span className="muted">
            Everything works meanwhile; counts and charts fill in as it goes. The trace file is only read.
          </span>
        </div>
      )}
      <div
        className="index-progress-track"
        role="progressbar"
        aria-label="Index build"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={words}
      >
        <div className="index-progress-fill" style={{ width: `${Math.max(1, pct)}%` }} />
      </div>
      <span className="index-progress-text mono">{compact ? `${pct}% · ${rate ?? '…'}` : `${pct}% · ${words}`}</span>
    </div>
  );
}
