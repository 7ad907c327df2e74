import type { IndexEvent } from './messages.ts';

/** Issue 14: a building index tells the UI how far it got at least every second. */
const BEAT_MS = 500;

/**
 * While the indexer runs one long statement (the duration indexes created at the end of a first
 * build: one sort of every row, seconds at 10M rows), its thread cannot post anything. It says so
 * on the progress event before (`longStep`), and the host repeats that event until the indexer's
 * next one, so the UI never waits more than a beat for a sign of life.
 */
export class ProgressBeat {
  private timer: NodeJS.Timeout | null = null;
  private readonly repeat: () => boolean;

  /** `repeat` re-sends the last progress event; false when its database is closed (the beat stops). */
  constructor(repeat: () => boolean) {
    this.repeat = repeat;
  }

  /** Every event of the indexer: a progress event with longStep starts the beat, any other stops it. */
  onEvent(e: IndexEvent): void {
    this.stop();
    if (e.type !== 'progress' || !e.longStep) return;
    this.timer = setInterval(() => {
      if (!this.repeat()) this.stop();
    }, BEAT_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
