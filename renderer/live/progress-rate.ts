// Rows per second and time left of an index build, from the `progress` events (about five a
// second while building). The rate is measured over a sliding window, not since the start: a
// build slows down when the writer is busy and speeds up again, and the time left should follow.

export interface ProgressSample {
  at: number;
  indexedRows: number;
}

export interface ProgressView {
  indexedRows: number;
  totalRows: number;
  building: boolean;
  /** 0..1 */
  fraction: number;
  /** Null until two samples a useful time apart. */
  rowsPerSec: number | null;
  /** Seconds left at the current rate (null while the rate is unknown). */
  secondsLeft: number | null;
}

/** Seconds of samples the rate is measured over. */
export const RATE_WINDOW_MS = 5000;
/** Below this span the rate is noise (one batch can land in a few ms). */
const MIN_SPAN_MS = 400;

/** The samples to keep after adding one: the window, plus the one just before it as its start. */
export function addSample(samples: ProgressSample[], next: ProgressSample): ProgressSample[] {
  const last = samples[samples.length - 1];
  // Fewer rows than before: the index is being rebuilt, and the old samples mean nothing now.
  if (last && (next.indexedRows < last.indexedRows || next.at < last.at)) return [next];
  const out = [...samples, next];
  const cut = next.at - RATE_WINDOW_MS;
  let first = 0;
  while (first < out.length - 2 && out[first + 1].at <= cut) first++;
  return out.slice(first);
}

export function progressView(
  samples: ProgressSample[],
  p: { indexedRows: number; totalRows: number; building: boolean },
): ProgressView {
  const total = Math.max(p.totalRows, p.indexedRows);
  const fraction = total > 0 ? Math.min(1, p.indexedRows / total) : p.building ? 0 : 1;
  let rowsPerSec: number | null = null;
  if (samples.length >= 2) {
    const a = samples[0];
    const b = samples[samples.length - 1];
    if (b.at - a.at >= MIN_SPAN_MS) rowsPerSec = ((b.indexedRows - a.indexedRows) * 1000) / (b.at - a.at);
  }
  const secondsLeft =
    p.building && rowsPerSec !== null && rowsPerSec > 0 ? Math.max(0, (total - p.indexedRows) / rowsPerSec) : null;
  return { indexedRows: p.indexedRows, totalRows: total, building: p.building, fraction, rowsPerSec, secondsLeft };
}

/** "about 1 min 20 s left", "a few seconds left". */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null) return 'estimating time left…';
  if (seconds < 5) return 'a few seconds left';
  if (seconds < 60) return `about ${Math.round(seconds)} s left`;
  if (seconds < 3600) {
    const m = Math.floor(seconds / 60);
    const s = Math.round((seconds % 60) / 10) * 10;
    return `about ${m} min${s && s < 60 ? ` ${s} s` : ''} left`;
  }
  const h = Math.floor(seconds / 3600);
  return `about ${h} h ${Math.round((seconds % 3600) / 60)} min left`;
}
