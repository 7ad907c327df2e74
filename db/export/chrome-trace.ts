// Calls as Chrome trace-event JSON (the format chrome://tracing and Perfetto open): one complete
// "X" event per call, ts and dur in microseconds, pid per process group and tid per trace, the
// call's captured values in args. Events on one (pid, tid) track must nest properly, so each
// trace's calls are laid out in lanes (one tid each) where every call sits inside the one below
// it; overlapping siblings (a Promise.all) get lanes of their own. A trace is laid out when its
// root call completes (calls end children first), so only running traces are held.
import type { Call } from './calls.ts';
import { finalRow } from './calls.ts';

const MAX_BUFFERED_CALLS = 100_000;
/** Track names are forgotten past this many (a huge range); tids keep counting up, never reused. */
const MAX_TRACKS = 50_000;

export class ChromeTraceWriter {
  private readonly pids = new Map<string, number>();
  private readonly tids = new Map<string, number>();
  private readonly pending = new Map<string, Call[]>();
  private buffered = 0;
  private nextTid = 1;
  private first = true;

  head(): string {
    return '{"displayTimeUnit":"ms","traceEvents":[\n';
  }

  tail(): string {
    return '\n]}\n';
  }

  /** Text for the completed calls (possibly empty while their traces are still running). */
  add(calls: Call[]): string {
    let out = '';
    for (const c of calls) {
      if (c.traceId === null) {
        out += this.layout([c]);
        continue;
      }
      let list = this.pending.get(c.traceId);
      if (!list) this.pending.set(c.traceId, (list = []));
      list.push(c);
      this.buffered++;
      if (c.parentSpanId === null) out += this.release(c.traceId);
      while (this.buffered > MAX_BUFFERED_CALLS) out += this.release(this.pending.keys().next().value!);
    }
    return out;
  }

  /** Everything still held (traces whose root is outside the export or never finished). */
  flush(): string {
    let out = '';
    for (const trace of [...this.pending.keys()]) out += this.release(trace);
    return out;
  }

  private release(trace: string): string {
    const calls = this.pending.get(trace) ?? [];
    this.pending.delete(trace);
    this.buffered -= calls.length;
    return this.layout(calls);
  }

  private layout(calls: Call[]): string {
    const sorted = [...calls].sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : (b.durationMs ?? 0) - (a.durationMs ?? 0)));
    const lanes: { end: number }[][] = [];
    let out = '';
    for (const c of sorted) {
      const start = Number(c.startNs) / 1000; // µs
      const end = start + (c.durationMs ?? 0) * 1000;
      let lane = 0;
      for (; lane < lanes.length; lane++) {
        const stack = lanes[lane];
        while (stack.length && stack[stack.length - 1].end <= start) stack.pop();
        if (stack.length === 0 || stack[stack.length - 1].end >= end) break;
      }
      if (lane === lanes.length) lanes.push([]);
      lanes[lane].push({ end });
      out += this.event(c, start, lane);
    }
    return out;
  }

  private event(c: Call, ts: number, lane: number): string {
    const group = c.group ?? '(no group)';
    let meta = '';
    let pid = this.pids.get(group);
    if (pid === undefined) {
      this.pids.set(group, (pid = this.pids.size + 1));
      meta += this.sep() + JSON.stringify({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: group } });
    }
    const track = `${pid}\u0000${c.traceId ?? ''}\u0000${lane}`;
    let tid = this.tids.get(track);
    if (tid === undefined) {
      if (this.tids.size >= MAX_TRACKS) this.tids.clear();
      this.tids.set(track, (tid = this.nextTid++));
      const name = c.traceId ? `trace ${c.traceId}${lane ? ` (${lane + 1})` : ''}` : 'untraced';
      meta += this.sep() + JSON.stringify({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
    }
    const values: Record<string, string | null> = {};
    for (const r of c.rows) if (r.data !== null) values[r.data] = r.dataValue;
    const last = finalRow(c);
    const args: Record<string, unknown> = { status: c.status, traceId: c.traceId, spanId: c.spanId, parentSpanId: c.parentSpanId, values };
    if (last?.exception) args.exception = last.exception;
    const e: Record<string, unknown> = { name: c.process, cat: group, ph: 'X', ts: round3(ts), dur: round3((c.durationMs ?? 0) * 1000), pid, tid, args };
    if (c.durationMs === null) {
      // Never finished (or no duration recorded): an instant marks where it started.
      e.ph = 'i';
      e.s = 't';
      delete e.dur;
    }
    if (c.status === 'ERROR') e.cname = 'terrible';
    return meta + this.sep() + JSON.stringify(e);
  }

  private sep(): string {
    if (this.first) {
      this.first = false;
      return '';
    }
    return ',\n';
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
