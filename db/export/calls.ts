// Rows (oldest first) to calls: rows sharing (trace_id, span_id) are one call, as the contract
// says; a call is complete at its row with a duration (its final row). Only calls still running
// are held, and at most MAX_OPEN of them: a writer that never finishes its calls cannot make an
// export grow without bound (the oldest is then emitted as it stands).
import type { TraceRow } from '../api/types.ts';
import { nanosOfRow } from '../otlp/nanos.ts';

export interface Call {
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  process: string;
  group: string | null;
  /** Start (the first row's time) in epoch nanoseconds. */
  startNs: bigint;
  durationMs: number | null;
  status: 'OK' | 'ERROR';
  rows: TraceRow[];
}

const MAX_OPEN = 100_000;

function newCall(r: TraceRow): Call {
  return {
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    process: r.process,
    group: r.group,
    startNs: nanosOfRow(r.timestamp, r.ts ?? 0),
    durationMs: null,
    status: 'OK',
    rows: [],
  };
}

export class CallAssembler {
  private readonly open = new Map<string, Call>();

  /** Adds a row; returns the calls it completed (zero or one, or one evicted). */
  add(r: TraceRow): Call[] {
    if (r.spanId === null) {
      const c = newCall(r);
      c.rows.push(r);
      c.durationMs = r.durationMs;
      c.status = r.status;
      return [c];
    }
    const key = `${r.traceId ?? ''}\u0000${r.spanId}`;
    let c = this.open.get(key);
    const done: Call[] = [];
    if (!c) {
      c = newCall(r);
      this.open.set(key, c);
      if (this.open.size > MAX_OPEN) {
        const [oldest, call] = this.open.entries().next().value!;
        this.open.delete(oldest);
        done.push(call);
      }
    }
    c.rows.push(r);
    if (r.status === 'ERROR') c.status = 'ERROR';
    if (r.parentSpanId !== null) c.parentSpanId = r.parentSpanId;
    if (r.durationMs !== null) {
      c.durationMs = Math.max(c.durationMs ?? 0, r.durationMs);
      this.open.delete(key);
      done.push(c);
    }
    return done;
  }

  /** The calls still open at the end, oldest first. */
  drain(): Call[] {
    const rest = [...this.open.values()];
    this.open.clear();
    return rest;
  }
}

/** The row that closes a call (its last row with a duration), if it has one. */
export function finalRow(c: Call): TraceRow | null {
  for (let i = c.rows.length - 1; i >= 0; i--) if (c.rows[i].durationMs !== null) return c.rows[i];
  return null;
}
