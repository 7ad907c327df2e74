"""The tracer: traced calls build row tuples and push them on a bounded queue; a daemon writer
thread writes them to SQLite in batches every flush_interval, with a circuit breaker in front of
the file and a writer_status heartbeat. The same behaviour as the Node tracer (tracer/tracer.ts).

Timestamps: argument rows are stamped when the call starts, the return / exception row when it
ends (with duration_ms), so a call's earliest row is its start; all in UTC with an explicit `Z`.
"""
import atexit
import inspect
import os
import threading
import time
import traceback
import tracemalloc
import weakref
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar, Union, overload

from .calls import Call, Site, Span, SpanContext, current_span, function_site, span_site, traced_function
from .capture import capture, truncate, type_name
from .circuit_breaker import CircuitBreaker
from .ids import new_span_id, new_trace_id
from .row_queue import RowQueue
from .sqlite_sink import Heartbeat, Row, SqliteSink

F = TypeVar("F", bound=Callable[..., Any])

MAX_PENDING_BEATS = 120


class Tracer:
    def __init__(
        self,
        path: str,
        *,
        queue_capacity: int = 10_000,
        flush_interval: float = 0.1,
        batch_size: int = 2_000,
        max_value_chars: int = 2_000,
        heartbeat_interval: float = 1.0,
        memory: bool = True,
        busy_timeout: float = 0.0,
        breaker_threshold: int = 3,
        breaker_cooldown: float = 1.0,
        breaker_max_cooldown: float = 30.0,
    ) -> None:
        """`path`: the trace database (created with the contract's tables if missing). Intervals are
        seconds. `memory`: record memory_delta when tracemalloc is tracing (it costs nothing
        otherwise; start it with `tracemalloc.start()` or `python -X tracemalloc`)."""
        self.path = path
        self.queue_capacity = queue_capacity
        self.flush_interval = flush_interval
        self.batch_size = batch_size
        self.max_value_chars = max_value_chars
        self.heartbeat_interval = heartbeat_interval
        self.memory = memory
        self.closed = False
        #: Tracer faults swallowed so they never reached the app (should stay 0).
        self.internal_errors = 0
        self._queue: RowQueue[Row] = RowQueue(queue_capacity)
        self._sink = SqliteSink(path, busy_timeout)
        self._breaker = CircuitBreaker(breaker_threshold, breaker_cooldown, breaker_max_cooldown)
        self._beats: List[Heartbeat] = []
        self._last_beat = 0.0
        self._queued = 0
        self._written = 0
        self._failed_writes = 0
        self._last_error: Optional[str] = None
        # Calls are timed with the monotonic clock; this turns it into wall-clock epoch seconds.
        self._epoch = time.time() - time.perf_counter()
        # Only one flush at a time: the writer thread's, or flush() / close() from the app.
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = self._start_writer()
        if hasattr(os, "register_at_fork"):
            # A forked child (gunicorn, multiprocessing) has no writer thread and a copy of the
            # parent's queue and connection; it gets its own writer and an empty queue instead.
            ref = weakref.ref(self)
            os.register_at_fork(after_in_child=lambda: _after_fork(ref))
        # What is still queued when the interpreter exits is written then (atexit runs before
        # daemon threads are stopped).
        atexit.register(self.close)

    def _start_writer(self) -> threading.Thread:
        thread = threading.Thread(target=self._run, name="trace-inspector-writer", daemon=True)
        thread.start()
        return thread

    def _reset_after_fork(self) -> None:
        self._write_lock = threading.Lock()
        self._queue = RowQueue(self.queue_capacity)  # the parent writes its own rows
        self._beats = []
        self._queued = self._written = self._failed_writes = 0
        # SQLite connections must not cross a fork: forget the parent's without closing it.
        self._sink.abandon()
        if not self.closed:
            self._stop = threading.Event()
            self._thread = self._start_writer()

    # -- what the app calls ------------------------------------------------------------------

    @overload
    def trace(self, fn: F) -> F: ...
    @overload
    def trace(self, *, name: Optional[str] = None, group: Optional[str] = None, args: bool = True) -> Callable[[F], F]: ...

    def trace(self, fn: Optional[F] = None, *, name: Optional[str] = None, group: Optional[str] = None,
              args: bool = True) -> Union[F, Callable[[F], F]]:
        """Decorator, bare (`@tracer.trace`) or with options (`@tracer.trace(name="orders.place")`):
        each call records its arguments, then its return value or exception with duration."""
        return decorate(lambda: self, fn, name, group, args)

    def span(self, name: str, *, group: Optional[str] = None, **values: Any) -> Span:
        """A context manager (`with` or `async with`) traced as one call named `name`."""
        return Span(lambda: self, span_site(name, group, 1), values)

    def current(self) -> Optional[SpanContext]:
        """The (trace_id, span_id) of the traced call running now, to hand to another process."""
        return current_span.get()

    # -- recording (called by calls.py; never raises into the app) ---------------------------

    def begin(self, site: Site, named_args: Sequence[Tuple[str, Any]]) -> Call:
        parent = current_span.get()
        ctx = SpanContext(parent.trace_id if parent else new_trace_id(), new_span_id())
        parent_id = parent.span_id if parent else None
        t0 = time.perf_counter()
        ts = self._epoch + t0
        if named_args:
            m, process, group, file, line = self.max_value_chars, site.process, site.group, site.file, site.line
            rows: List[Row] = []
            for data, value in named_args:
                vtype, text = capture(value, m)
                rows.append((process, data, vtype, text, ts, "OK", None, ctx.trace_id, ctx.span_id, parent_id,
                             group, None, None, file, line))
            if not self.closed:
                self._queued += self._queue.push_many(rows)
        mem0 = tracemalloc.get_traced_memory()[0] if self.memory and tracemalloc.is_tracing() else None
        return Call(self, site, ctx, parent_id, t0, mem0)

    def end(self, call: Call, value: Any, failed: bool) -> None:
        t1 = time.perf_counter()
        mem = None
        if call.mem0 is not None and tracemalloc.is_tracing():
            mem = tracemalloc.get_traced_memory()[0] - call.mem0
        site, ctx, m = call.site, call.ctx, self.max_value_chars
        if failed:
            vtype = type_name(value)
            try:
                message = str(value)
            except Exception:
                message = "<%s>" % vtype
            try:
                stack = "".join(traceback.format_exception(type(value), value, value.__traceback__))
            except Exception:
                stack = "%s: %s" % (vtype, message)
            row: Row = (site.process, "exception", vtype, truncate(message, m), self._epoch + t1, "ERROR",
                        truncate(stack, max(m, 8000)), ctx.trace_id, ctx.span_id, call.parent_id, site.group,
                        (t1 - call.t0) * 1000, mem, site.file, site.line)
        else:
            vtype, text = capture(value, m)
            row = (site.process, "return", vtype, text, self._epoch + t1, "OK", None, ctx.trace_id, ctx.span_id,
                   call.parent_id, site.group, (t1 - call.t0) * 1000, mem, site.file, site.line)
        self._push(row)

    def _push(self, row: Row) -> None:
        if not self.closed and self._queue.push(row):
            self._queued += 1

    # -- the writer --------------------------------------------------------------------------

    def _status(self) -> str:
        """OK, DELAYED (a write failed or more than one batch is queued) or CIRCUIT_OPEN."""
        if self._breaker.state != "closed":
            return "CIRCUIT_OPEN"
        if self._breaker.failures > 0 or self._queue.depth > self.batch_size:
            return "DELAYED"
        return "OK"

    def _run(self) -> None:
        while not self._stop.wait(self.flush_interval):
            try:
                self._tick()
            except Exception:
                self.internal_errors += 1

    def _tick(self) -> None:
        with self._write_lock:
            now = time.time()
            if self.heartbeat_interval > 0 and now - self._last_beat >= self.heartbeat_interval:
                self._last_beat = now
                # Heartbeats taken while the file cannot be written are kept (a few) and written
                # with the next batch that gets through, so the file shows when the circuit was open.
                self._beats.append((now, self._queue.depth, self._status()))
                del self._beats[:-MAX_PENDING_BEATS]
            self._flush_once(now)

    def _flush_once(self, now: float) -> bool:
        """One batch; False when nothing could be written. Caller holds _write_lock."""
        if self._queue.depth == 0 and not self._beats:
            return True
        if not self._breaker.allow(now):
            return False
        rows = self._queue.peek(self.batch_size)
        try:
            self._sink.write(rows, self._beats)
        except Exception as err:
            self._failed_writes += 1
            self._last_error = str(err) or type(err).__name__
            self._breaker.failure(now)
            return False
        self._queue.discard(len(rows))
        self._written += len(rows)
        self._beats = []
        self._breaker.success()
        return True

    def flush(self) -> None:
        """Writes everything queued now (in batches, on this thread), unless the circuit is open."""
        try:
            with self._write_lock:
                while self._queue.depth > 0 or self._beats:
                    if not self._flush_once(time.time()):
                        return
        except Exception:
            self.internal_errors += 1

    def stats(self) -> Dict[str, Any]:
        return {
            "queued": self._queued,
            "written": self._written,
            "dropped": self._queue.dropped,
            "queue_depth": self._queue.depth,
            "failed_writes": self._failed_writes,
            "breaker": self._breaker.state,
            "breaker_opens": self._breaker.opens,
            "status": self._status(),
            "last_error": self._last_error,
            "internal_errors": self.internal_errors,
        }

    def close(self) -> Dict[str, Any]:
        """Stops the writer, writes what is queued (and a last heartbeat), closes the file."""
        if not self.closed:
            self._stop.set()
            if threading.current_thread() is not self._thread:
                self._thread.join(timeout=5)
            try:
                atexit.unregister(self.close)
            except Exception:
                pass
            self.flush()
            # The last heartbeat tells the state after that flush (queue 0 when everything got out).
            if self.heartbeat_interval > 0:
                with self._write_lock:
                    self._beats.append((time.time(), self._queue.depth, self._status()))
                self.flush()
            self.closed = True
            self._sink.close()
        return self.stats()

    def __enter__(self) -> "Tracer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _after_fork(ref: "weakref.ReferenceType[Tracer]") -> None:
    tracer = ref()
    if tracer is not None:
        try:
            tracer._reset_after_fork()
        except Exception:
            tracer.internal_errors += 1


def decorate(tracer_ref: Callable[[], Optional[Tracer]], fn: Optional[F], name: Optional[str],
             group: Optional[str], args: bool) -> Union[F, Callable[[F], F]]:
    def apply(f: F) -> F:
        if isinstance(f, (staticmethod, classmethod)):
            # `@trace` above `@classmethod`: trace the function inside, keep the descriptor.
            return type(f)(apply(f.__func__))  # type: ignore[return-value]
        if inspect.isclass(f) or not callable(f):
            return f  # a class stays a class (isinstance must keep working): trace its methods instead
        try:
            site = function_site(f, name, group, args)
        except Exception:
            return f  # cannot be traced: left as it is rather than broken
        return traced_function(f, site, tracer_ref)  # type: ignore[return-value]

    return apply(fn) if fn is not None else apply


