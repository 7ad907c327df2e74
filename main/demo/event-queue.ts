// Traces overlap in time (a slow checkout is still running when the next request starts), but a
// tracer appends rows in the order things happen. This min-heap merges the events of all open
// traces by timestamp so rowid order is time order, as in a real file.

import type { TraceEvent } from './trace-sim.ts';

interface Entry {
  ts: number;
  seq: number;
  event: TraceEvent;
}

export class EventQueue {
  private heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(event: TraceEvent): void {
    const h = this.heap;
    const e: Entry = { ts: event.ts, seq: this.seq++, event };
    let i = h.push(e) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }

  /** Hands out, oldest first, every event with ts < untilUs (or every event at all). */
  drain(untilUs: number, emit: (event: TraceEvent) => void): void {
    const h = this.heap;
    while (h.length > 0 && h[0].ts < untilUs) emit(this.pop());
  }

  private pop(): TraceEvent {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const c = l + 1 < h.length && before(h[l + 1], h[l]) ? l + 1 : l;
        if (!before(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top.event;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.seq < b.seq);
}
