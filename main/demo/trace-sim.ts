// Simulates one request through the catalog: the root call, its children (depth ≤ 4), their
// timing, failures and tracebacks, as the rows a tracer would write for it. A call writes its
// argument rows when it starts and its return/exception row when it ends, so within a trace the
// events come out in time order.

import {
  OUTLIER_P,
  type CallContext,
  type Catalog,
  type ErrorSpec,
  type FunctionSpec,
  type TraceContext,
} from './catalog.ts';
import { isoMicros } from './iso-time.ts';
import { TRACER_WRAPPER, type LibraryFrame } from './library-frames.ts';
import { pyStr, pyTypeName } from './py-value.ts';
import type { Rng } from './rng.ts';
import type { FunctionSource, Site } from './source-files.ts';

/**
 * One data_trace row, in COLUMNS order: process, data, data_type, data_value, timestamp, status,
 * exception, trace_id, span_id, parent_span_id, process_group, duration_ms, memory_delta,
 * source_file, source_line.
 */
export type Row = (string | number | null)[];

/** Rows written at one instant (a call's arguments, or its final row). */
export interface TraceEvent {
  ts: number;
  rows: Row[];
}

export interface SimulatedTrace {
  events: TraceEvent[];
  endUs: number;
  rows: number;
  calls: number;
}

const MAX_DEPTH = 4;

interface Failure {
  qualified: string;
  short: string;
  message: string;
  /** Traceback frames from the failing call down, already formatted. */
  frames: string;
}

interface Prepared {
  spec: FunctionSpec;
  group: string;
  file: string;
  line: number;
  callFrames: Map<string, string>;
  raiseFrames: string[];
  qualified: string[];
}

const frameText = (file: string, line: number, fn: string, text: string) =>
  `  File "${file}", line ${line}, in ${fn}\n    ${text}\n`;
const libFrames = (frames: readonly LibraryFrame[] | undefined) =>
  (frames ?? []).map((f) => frameText(f.file, f.line, f.fn, f.text)).join('');
const WRAPPER = frameText(TRACER_WRAPPER.file, TRACER_WRAPPER.line, TRACER_WRAPPER.fn, TRACER_WRAPPER.text);

export class TraceSimulator {
  private readonly r: Rng;
  private readonly catalog: Catalog;
  private readonly fns = new Map<string, Prepared>();

  constructor(catalog: Catalog, sources: Map<string, FunctionSource>, rng: Rng) {
    this.r = rng;
    this.catalog = catalog;
    for (const spec of catalog.functions.values()) {
      const src = sources.get(spec.process);
      if (!src) throw new Error(`demo: no source written for ${spec.process}`);
      const fn = spec.process.slice(spec.process.lastIndexOf('.') + 1);
      const mod = spec.process.slice(0, spec.process.lastIndexOf('.'));
      const at = (s: Site) => frameText(src.file, s.line, fn, s.text);
      this.fns.set(spec.process, {
        spec,
        group: spec.process.split('.')[0],
        file: src.file,
        line: src.line,
        callFrames: new Map([...src.callSites].map(([child, site]) => [child, at(site)])),
        raiseFrames: spec.errors.map((e, i) => at(src.raiseSites[i]) + libFrames(e.via)),
        qualified: spec.errors.map((e) =>
          e.module === 'own' ? `${mod}.${e.type}` : e.module ? `${e.module}.${e.type}` : e.type,
        ),
      });
    }
  }

  /** A whole trace starting at startUs (epoch microseconds). */
  trace(startUs: number): SimulatedTrace {
    const r = this.r;
    const root = r.weighted(this.catalog.roots, (x) => x.weight).fn;
    const out: SimulatedTrace = { events: [], endUs: startUs, rows: 0, calls: 0 };
    const traceId = r.hex(32);
    const result = this.call(root, startUs, null, traceId, 1, {}, out);
    out.endUs = result.endUs;
    return out;
  }

  private call(
    process: string,
    startUs: number,
    parentSpan: string | null,
    traceId: string,
    depth: number,
    ctx: TraceContext,
    out: SimulatedTrace,
  ): { endUs: number; failure: Failure | null } {
    const r = this.r;
    const p = this.fns.get(process)!;
    const spec = p.spec;
    const spanId = r.hex(16);
    const c: CallContext = { r, trace: ctx, startUs, failedChild: null };
    const row = (
      data: string,
      type: string,
      value: string,
      ts: string,
      status: string,
      exception: string | null,
      durationMs: number | null,
      memory: number | null,
    ): Row => [
      process,
      data,
      type,
      value,
      ts,
      status,
      exception,
      traceId,
      spanId,
      parentSpan,
      p.group,
      durationMs,
      memory,
      p.file,
      p.line,
    ];

    const startTs = isoMicros(startUs);
    const argRows: Row[] = [];
    for (const a of spec.args) {
      const v = a.value(c);
      argRows.push(row(a.name, pyTypeName(v, a.type), pyStr(v, a.type), startTs, 'OK', null, null, null));
    }
    out.events.push({ ts: startUs, rows: argRows });
    out.rows += argRows.length;
    out.calls++;

    let t = startUs + r.int(20, 300);
    let failure: Failure | null = null;
    if (depth < MAX_DEPTH) {
      children: for (const child of spec.children) {
        const n = child.times
          ? child.times(c)
          : r.chance(typeof child.p === 'function' ? child.p(c) : (child.p ?? 1))
            ? 1
            : 0;
        for (let k = 0; k < n; k++) {
          const res = this.call(child.fn, t, spanId, traceId, depth + 1, ctx, out);
          t = res.endUs + r.int(20, 300);
          if (!res.failure) continue;
          if (r.chance(child.propagate)) {
            // The exception unwinds through this call: its traceback gains this call's frames on top.
            failure = { ...res.failure, frames: WRAPPER + p.callFrames.get(child.fn)! + res.failure.frames };
            break children;
          }
          c.failedChild = child.fn;
        }
      }
    }

    let extraMs = 0;
    if (!failure && r.chance(typeof spec.errorP === 'function' ? spec.errorP(c) : spec.errorP)) {
      const e: ErrorSpec = r.weighted(spec.errors, (x) => x.weight ?? 1);
      const i = spec.errors.indexOf(e);
      failure = { qualified: p.qualified[i], short: e.type, message: e.message(c), frames: WRAPPER + p.raiseFrames[i] };
      extraMs = e.durationMs ? e.durationMs(r) : 0;
    }
    let selfMs = r.lognormal(spec.selfMs[0], spec.selfMs[1]);
    if (r.chance(OUTLIER_P)) selfMs *= 10 + 40 * r.float();
    const endUs = Math.round(t + (selfMs + extraMs) * 1000);
    const durationMs = (endUs - startUs) / 1000;
    const memory = Math.round(r.lognormal(spec.memory.median, 1)) * (r.chance(spec.memory.negativeP) ? -1 : 1);
    const endTs = isoMicros(endUs);
    let last: Row;
    if (failure) {
      const exception = `Traceback (most recent call last):\n${failure.frames}${failure.qualified}: ${failure.message}`;
      last = row('exception', failure.short, failure.message, endTs, 'ERROR', exception, durationMs, memory);
    } else {
      const v = spec.returns.value(c);
      last = row(
        'return',
        pyTypeName(v, spec.returns.type),
        pyStr(v, spec.returns.type),
        endTs,
        'OK',
        null,
        durationMs,
        memory,
      );
    }
    out.events.push({ ts: endUs, rows: [last] });
    out.rows++;
    return { endUs, failure };
  }
}
