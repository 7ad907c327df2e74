// Calls as Chrome trace-event JSON (the format chrome://tracing and Perfetto open): one complete
// "X" event per call, ts and dur in microseconds, pid per process group and tid per trace, the
// call's captured values in args.
//
// Events on one (pid, tid) track must nest properly, so each trace's calls are laid out in lanes
// (one tid each) where every call sits inside the one below it; overlapping siblings (a
// Promise.all) get lanes of their own. Calls complete children first, so a trace is laid out when
// its root completes, when it has been quiet for a minute of trace time, or when too many calls
// are held. Held calls are kept as their finished JSON, not as rows: at 1M rows, holding rows
// instead peaked at +669 MB RSS (1M rows) when roots finished before their children; as JSON,
// with at most 5,000 held, +94 MB, most of it V8 heap kept after the garbage.
import type { Call } from './calls.ts';
import { finalRow } from './calls.ts';

const MAX_HELD_CALLS = 5000;
/** A trace with no new call for this long (µs of trace time) will not get more: lay it out. */
const QUIET_US = 60e6;
const SWEEP_EVERY = 1000;

interface Held {
  start: number;
  end: number;
  pid: number;
  /** The event's JSON without pid and tid (they are known once the lanes are). */
  body: string;
}

interface Pending {
  calls: Held[];
  lastEnd: number;
}

export class ChromeTraceWriter {
  private readonly pids = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  /** Calls without a trace id, one stream per process group, laid out as they come (in start order). */
  private readonly untraced = new Map<number, { lanes: { end: number }[][]; tids: number[] }>();
  private held = 0;
  private added = 0;
  private nextTid = 1;
  private releases = 0;
  private out = '';
  private first = true;

  head(): string {
    return '{"displayTimeUnit":"ms","traceEvents":[\n';
  }

  tail(): string {
    return '\n]}\n';
  }

  /** Text for the completed calls (possibly empty while their traces are still running). */
  add(calls: Call[]): string {
    for (const c of calls) {
      const h = this.hold(c);
      if (c.traceId === null) {
        this.placeUntraced(h);
        continue;
      }
      let p = this.pending.get(c.traceId);
      if (!p) this.pending.set(c.traceId, (p = { calls: [], lastEnd: 0 }));
      p.calls.push(h);
      p.lastEnd = Math.max(p.lastEnd, h.end);
      this.held++;
      if (c.parentSpanId === null) this.release(c.traceId);
      while (this.held > MAX_HELD_CALLS) this.release(this.pending.keys().next().value!);
      if (++this.added % SWEEP_EVERY === 0) this.sweep(h.start);
    }
    return this.take();
  }

  /** Everything still held (traces whose root is outside the export or never finished). */
  flush(): string {
    for (const trace of [...this.pending.keys()]) this.release(trace);
    return this.take();
  }

  private take(): string {
    const text = this.out;
    this.out = '';
    return text;
  }

  private sweep(now: number): void {
    for (const [trace, p] of this.pending) if (p.lastEnd < now - QUIET_US) this.release(trace);
  }

  private pid(group: string): number {
    let pid = this.pids.get(group);
    if (pid === undefined) {
      this.pids.set(group, (pid = this.pids.size + 1));
      this.emit(JSON.stringify({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: group } }));
    }
    return pid;
  }

  private hold(c: Call): Held {
    const group = c.group ?? '(no group)';
    const pid = this.pid(group);
    const start = Number(c.startNs) / 1000; // µs
    const values: Record<string, string | null> = {};
    for (const r of c.rows) if (r.data !== null) values[r.data] = r.dataValue;
    const last = finalRow(c);
    const args: Record<string, unknown> = {
      status: c.status,
      traceId: c.traceId,
      spanId: c.spanId,
      parentSpanId: c.parentSpanId,
      values,
    };
    if (last?.exception) args.exception = last.exception;
    // Never finished (or no duration recorded): an instant marks where it started.
    const e: Record<string, unknown> =
      c.durationMs === null
        ? { name: c.process, cat: group, ph: 'i', s: 't', ts: round3(start), args }
        : { name: c.process, cat: group, ph: 'X', ts: round3(start), dur: round3(c.durationMs * 1000), args };
    if (c.status === 'ERROR') e.cname = 'terrible';
    return { start, end: start + (c.durationMs ?? 0) * 1000, pid, body: JSON.stringify(e) };
  }

  private release(trace: string): void {
    const p = this.pending.get(trace);
    if (!p) return;
    this.pending.delete(trace);
    this.held -= p.calls.length;
    // Each release gets tracks of its own: a trace's late calls never land on tracks already written.
    const release = ++this.releases;
    const sorted = p.calls.sort((a, b) => a.start - b.start || b.end - a.end);
    const lanes: { end: number }[][] = [];
    const tids = new Map<string, number>();
    for (const h of sorted) {
      const lane = placeInLanes(lanes, h);
      const key = `${h.pid}/${lane}`;
      let tid = tids.get(key);
      if (tid === undefined) {
        tids.set(key, (tid = this.nextTid++));
        const name = `trace ${trace}${lane ? ` (${lane + 1})` : ''}`;
        this.emit(JSON.stringify({ name: 'thread_name', ph: 'M', pid: h.pid, tid, args: { name, release } }));
      }
      this.emitHeld(h, tid);
    }
  }

  private placeUntraced(h: Held): void {
    let u = this.untraced.get(h.pid);
    if (!u) this.untraced.set(h.pid, (u = { lanes: [], tids: [] }));
    const lane = placeInLanes(u.lanes, h);
    if (u.tids[lane] === undefined) {
      u.tids[lane] = this.nextTid++;
      this.emit(
        JSON.stringify({
          name: 'thread_name',
          ph: 'M',
          pid: h.pid,
          tid: u.tids[lane],
          args: { name: `untraced${lane ? ` (${lane + 1})` : ''}` },
        }),
      );
    }
    this.emitHeld(h, u.tids[lane]);
  }

  private emitHeld(h: Held, tid: number): void {
    this.emit(`{"pid":${h.pid},"tid":${tid},${h.body.slice(1)}`);
  }

  private emit(json: string): void {
    this.out += (this.first ? '' : ',\n') + json;
    this.first = false;
  }
}

/** The first lane where the call nests inside what is open there (calls must come in start order). */
function placeInLanes(lanes: { end: number }[][], h: { start: number; end: number }): number {
  let lane = 0;
  for (; lane < lanes.length; lane++) {
    const stack = lanes[lane];
    while (stack.length && stack[stack.length - 1].end <= h.start) stack.pop();
    if (stack.length === 0 || stack[stack.length - 1].end >= h.end) break;
  }
  if (lane === lanes.length) lanes.push([]);
  lanes[lane].push({ end: h.end });
  return lane;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
