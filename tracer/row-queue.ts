// The bounded hand-off between traced calls and the background writer. Pushing never blocks and
// never grows past its capacity: a full queue drops the row and counts it, so a stalled disk costs
// the app rows, not memory or latency.

/** One data_trace row, in column order (see SqliteSink's INSERT). Times are epoch ms (float). */
export type TraceRowTuple = [
  process: string,
  data: string,
  dataType: string,
  dataValue: string,
  timestampMs: number,
  status: 'OK' | 'ERROR',
  exception: string | null,
  traceId: string,
  spanId: string,
  parentSpanId: string | null,
  group: string,
  durationMs: number | null,
  memoryDelta: number | null,
  sourceFile: string | null,
  sourceLine: number | null,
];

export class RowQueue<T> {
  private items: T[] = [];
  readonly capacity: number;
  /** Rows refused because the queue was full, since the tracer started. */
  dropped = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get depth(): number {
    return this.items.length;
  }

  push(item: T): boolean {
    if (this.items.length >= this.capacity) {
      this.dropped++;
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** The oldest n items, left in place until `discard` confirms they were written. */
  peek(n: number): T[] {
    return this.items.length <= n ? this.items.slice() : this.items.slice(0, n);
  }

  discard(n: number): void {
    if (n >= this.items.length) this.items = [];
    else this.items.splice(0, n);
  }
}
