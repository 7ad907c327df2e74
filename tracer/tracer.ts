// The tracer: wraps functions so each call writes its arguments, then its return value or
// exception (with duration and memory delta), as data_trace rows. The hot path only builds row
// tuples and pushes them on a bounded queue; SQLite is written in batches by an unref'd timer.
import { AsyncLocalStorage } from 'node:async_hooks';
import { basename, extname } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker.ts';
import { callerSite, paramNames, type AnyFunction, type ParamNames, type SourceSite } from './definition-site.ts';
import { newSpanId, newTraceId } from './ids.ts';
import { RowQueue, type TraceRowTuple } from './row-queue.ts';
import { capture, truncateText, typeName } from './serialize.ts';
import { SqliteSink, type Heartbeat } from './sqlite-sink.ts';

export interface TracerOptions {
  /** The trace database (created with the contract's tables if missing). */
  path: string;
  /** First segment of process names for functions wrapped without a name (default: the defining file's name). */
  module?: string;
  /** Rows held in memory at most; beyond it rows are dropped and counted (default 10,000). */
  queueCapacity?: number;
  /** How often the background writer runs (default 100 ms). */
  flushMs?: number;
  /** Rows per transaction at most (default 2,000); a deeper queue reports DELAYED. */
  batchSize?: number;
  /** Characters kept of each value and exception (default 2,000). */
  maxValueChars?: number;
  /** A writer_status heartbeat every this many ms (default 1,000; 0 turns it off). */
  heartbeatMs?: number;
  /** Record the V8 heap delta of each call (default true; about 0.7 µs a call). */
  memory?: boolean;
  /** How long a write may wait for another writer's lock (default 0: fail fast, never stall the app). */
  busyTimeoutMs?: number;
  breaker?: BreakerOptions;
}

export interface WrapOptions {
  /** The process name, dotted (default `<module>.<function name>`). */
  name?: string;
  /** The process group (default: the name's first segment). */
  group?: string;
  /** Record arguments (default true). */
  args?: boolean;
}

export interface TracerStats {
  /** Rows accepted onto the queue. */
  queued: number;
  written: number;
  dropped: number;
  queueDepth: number;
  failedWrites: number;
  breaker: BreakerState;
  breakerOpens: number;
  status: Heartbeat['status'];
  lastError: string | null;
}

export interface SpanContext {
  traceId: string;
  spanId: string;
}

interface Site {
  process: string;
  group: string;
  params: ParamNames;
  source: SourceSite;
  args: boolean;
}

const MAX_PENDING_BEATS = 120;

export class Tracer {
  private readonly als = new AsyncLocalStorage<SpanContext>();
  private readonly queue: RowQueue<TraceRowTuple>;
  private readonly sink: SqliteSink;
  private readonly breaker: CircuitBreaker;
  private readonly opts: Required<Omit<TracerOptions, 'breaker' | 'module' | 'busyTimeoutMs'>> & {
    module: string | undefined;
  };
  private readonly timer: NodeJS.Timeout;
  private beats: Heartbeat[] = [];
  private lastBeat = 0;
  private queued = 0;
  private written = 0;
  private failedWrites = 0;
  private lastError: string | null = null;
  private closed = false;
  private readonly onExit = () => this.close();
  /** Wall-clock ms at performance.now() = 0: calls are timed with the monotonic clock. */
  private readonly epoch = Date.now() - performance.now();

  constructor(options: TracerOptions) {
    this.opts = {
      path: options.path,
      module: options.module,
      queueCapacity: options.queueCapacity ?? 10_000,
      flushMs: options.flushMs ?? 100,
      batchSize: options.batchSize ?? 2000,
      maxValueChars: options.maxValueChars ?? 2000,
      heartbeatMs: options.heartbeatMs ?? 1000,
      memory: options.memory ?? true,
    };
    this.queue = new RowQueue(this.opts.queueCapacity);
    this.sink = new SqliteSink(options.path, { busyTimeoutMs: options.busyTimeoutMs });
    this.breaker = new CircuitBreaker(options.breaker);
    this.timer = setInterval(() => this.tick(), this.opts.flushMs);
    // The writer never keeps the app alive; what is still queued when the app exits normally is
    // written by the exit hook (node:sqlite is synchronous, so it works there).
    this.timer.unref();
    process.once('exit', this.onExit);
  }

  /**
   * Wraps a function (sync or async): every call records its arguments, then its return value or
   * exception with duration and memory delta. Calls made inside it, even across awaits, become
   * its children in the same trace. The file and line are where wrap() is called.
   */
  // `any[]`, not `never[]`: the constraint types the wrapped function's unannotated parameters.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  wrap<F extends (...args: any[]) => unknown>(fn: F, options: WrapOptions = {}): F {
    // Only the method's identity is used: the stack is cut above its frame. Never called unbound.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const source = callerSite(Tracer.prototype.wrap, fn.name);
    const module = this.opts.module ?? (source.file ? basename(source.file, extname(source.file)) : 'app');
    const process = options.name ?? `${module}.${fn.name || 'anonymous'}`;
    const site: Site = {
      process,
      group: options.group ?? process.split('.')[0],
      params: paramNames(fn),
      source,
      args: options.args ?? true,
    };
    const run = (self: unknown, args: unknown[]) => this.call(site, fn, self, args);
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      return run(this, args);
    };
    Object.defineProperty(wrapped, 'name', { value: fn.name });
    Object.defineProperty(wrapped, 'length', { value: fn.length });
    return wrapped as F;
  }

  /** The trace and span of the traced call running now, if any (to propagate to another process). */
  current(): SpanContext | undefined {
    return this.als.getStore();
  }

  private call(site: Site, fn: AnyFunction, self: unknown, args: unknown[]): unknown {
    const parent = this.als.getStore();
    const ctx: SpanContext = { traceId: parent ? parent.traceId : newTraceId(), spanId: newSpanId() };
    const parentId = parent ? parent.spanId : null;
    const t0 = performance.now();
    const start = this.epoch + t0;
    if (site.args) this.recordArgs(site, ctx, parentId, args, start);
    const heap0 = this.opts.memory ? getHeapStatistics().used_heap_size : 0;
    let result: unknown;
    try {
      result = this.als.run(ctx, Reflect.apply, fn, self, args);
    } catch (err) {
      this.end(site, ctx, parentId, t0, heap0, err, true);
      throw err;
    }
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      // A new promise rather than a handler on the app's: an unhandled rejection stays unhandled.
      return (result as Promise<unknown>).then(
        (value) => {
          this.end(site, ctx, parentId, t0, heap0, value, false);
          return value;
        },
        (err) => {
          this.end(site, ctx, parentId, t0, heap0, err, true);
          throw err;
        },
      );
    }
    this.end(site, ctx, parentId, t0, heap0, result, false);
    return result;
  }

  private recordArgs(site: Site, ctx: SpanContext, parentId: string | null, args: unknown[], ts: number): void {
    const { names, rest } = site.params;
    const max = this.opts.maxValueChars;
    for (let i = 0; i < args.length; i++) {
      const name = i < names.length ? names[i] : rest !== null ? `${rest}[${i - names.length}]` : `arg${i}`;
      const v = capture(args[i], max);
      this.push([
        site.process,
        name,
        v.type,
        v.text,
        ts,
        'OK',
        null,
        ctx.traceId,
        ctx.spanId,
        parentId,
        site.group,
        null,
        null,
        site.source.file,
        site.source.line,
      ]);
    }
  }

  private end(
    site: Site,
    ctx: SpanContext,
    parentId: string | null,
    t0: number,
    heap0: number,
    value: unknown,
    failed: boolean,
  ): void {
    const t1 = performance.now();
    const mem = this.opts.memory ? getHeapStatistics().used_heap_size - heap0 : null;
    const max = this.opts.maxValueChars;
    const ts = this.epoch + t1;
    const dur = t1 - t0;
    if (failed) {
      const e = value as { name?: unknown; message?: unknown; stack?: unknown } | null;
      const isObj = e !== null && typeof e === 'object';
      const type = isObj ? (typeof e.name === 'string' && e.name ? e.name : typeName(e)) : typeName(value);
      const message = isObj && typeof e.message === 'string' ? e.message : capture(value, max).text;
      const stack = isObj && typeof e.stack === 'string' ? e.stack : `${type}: ${message}`;
      this.push([
        site.process,
        'exception',
        type,
        truncateText(message, max),
        ts,
        'ERROR',
        truncateText(stack, Math.max(max, 8000)),
        ctx.traceId,
        ctx.spanId,
        parentId,
        site.group,
        dur,
        mem,
        site.source.file,
        site.source.line,
      ]);
    } else {
      const v = capture(value, max);
      this.push([
        site.process,
        'return',
        v.type,
        v.text,
        ts,
        'OK',
        null,
        ctx.traceId,
        ctx.spanId,
        parentId,
        site.group,
        dur,
        mem,
        site.source.file,
        site.source.line,
      ]);
    }
  }

  private push(row: TraceRowTuple): void {
    if (this.closed) return;
    if (this.queue.push(row)) this.queued++;
  }

  /** OK, DELAYED (a write failed or the queue holds more than one batch) or CIRCUIT_OPEN. */
  private status(): Heartbeat['status'] {
    if (this.breaker.state !== 'closed') return 'CIRCUIT_OPEN';
    return this.breaker.consecutiveFailures > 0 || this.queue.depth > this.opts.batchSize ? 'DELAYED' : 'OK';
  }

  private tick(): void {
    const now = Date.now();
    if (this.opts.heartbeatMs > 0 && now - this.lastBeat >= this.opts.heartbeatMs) {
      this.lastBeat = now;
      // Heartbeats taken while the file cannot be written are kept (a few) and written with the
      // next batch that gets through, so the file shows when the circuit was open.
      this.beats.push({ timestampMs: now, queueDepth: this.queue.depth, status: this.status() });
      if (this.beats.length > MAX_PENDING_BEATS) this.beats.splice(0, this.beats.length - MAX_PENDING_BEATS);
    }
    this.flushOnce(now);
  }

  /** One batch; returns false when nothing could be written. */
  private flushOnce(now: number): boolean {
    if (this.queue.depth === 0 && this.beats.length === 0) return true;
    if (!this.breaker.allow(now)) return false;
    const rows = this.queue.peek(this.opts.batchSize);
    try {
      this.sink.write(rows, this.beats);
    } catch (err) {
      this.failedWrites++;
      this.lastError = (err as Error)?.message ?? String(err);
      this.breaker.failure(now);
      return false;
    }
    this.queue.discard(rows.length);
    this.written += rows.length;
    this.beats = [];
    this.breaker.success();
    return true;
  }

  /** Writes everything queued now (synchronously, in batches), unless the circuit is open. */
  flush(): void {
    while (this.queue.depth > 0 || this.beats.length > 0) {
      if (!this.flushOnce(Date.now())) return;
    }
  }

  stats(): TracerStats {
    return {
      queued: this.queued,
      written: this.written,
      dropped: this.queue.dropped,
      queueDepth: this.queue.depth,
      failedWrites: this.failedWrites,
      breaker: this.breaker.state,
      breakerOpens: this.breaker.opens,
      status: this.status(),
      lastError: this.lastError,
    };
  }

  /** Stops the timer, writes what is queued (one last heartbeat included) and closes the file. */
  close(): TracerStats {
    if (!this.closed) {
      clearInterval(this.timer);
      process.off('exit', this.onExit);
      this.flush();
      // The last heartbeat tells the state after that flush (queue 0 when everything got out).
      if (this.opts.heartbeatMs > 0) {
        this.beats.push({ timestampMs: Date.now(), queueDepth: this.queue.depth, status: this.status() });
        this.flush();
      }
      this.closed = true;
      this.sink.close();
    }
    return this.stats();
  }
}

export function createTracer(options: TracerOptions): Tracer {
  return new Tracer(options);
}
