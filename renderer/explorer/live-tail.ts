// Live rows without moving what the user reads. The grid shows a snapshot (the filter's rows up to
// the moment it was taken); new rows only enter when the user is at the top with live on, or asks
// for them (the badge). Until then they are counted: the filter's count now minus the snapshot's.

export type LiveAction = 'advance' | 'badge' | 'idle';

export class LiveTail {
  /** Rows the snapshot shows, and the filter's latest count (snapshot + arrivals). */
  private shown = 0;
  private latest = 0;

  /** A new snapshot of `count` rows is on screen. */
  reset(count: number): void {
    this.shown = count;
    this.latest = count;
  }

  /** The filter's count now (from `traceCount` over the snapshot's start to now). */
  observe(count: number): void {
    this.latest = count;
  }

  get snapshotCount(): number {
    return this.shown;
  }

  /** Rows that arrived since the snapshot (never negative: a writer may delete old rows). */
  get pending(): number {
    return Math.max(0, this.latest - this.shown);
  }

  /**
   * Tailing at the top with live on: take the new rows in (they appear above, the top stays the
   * top). Scrolled away, paused, or reading an expanded trace (which new rows would push down):
   * leave the rows where they are and show a badge.
   */
  decide(opts: { live: boolean; atTop: boolean; reading?: boolean }): LiveAction {
    if (this.pending === 0) return 'idle';
    return opts.live && opts.atTop && !opts.reading ? 'advance' : 'badge';
  }
}

/** The badge's words: "1,234 new rows" (capped so a long pause stays readable). */
export function badgeLabel(pending: number): string {
  if (pending <= 0) return '';
  const n = pending > 999_999 ? `${Math.floor(pending / 1_000_000)}M+` : pending.toLocaleString('en-US');
  return `${n} new row${pending === 1 ? '' : 's'}`;
}
