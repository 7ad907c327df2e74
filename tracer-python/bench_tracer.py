"""The Python tracer's cost per call on the app's thread (the batched write runs on the writer
thread and is measured separately): median of 7 runs, in CPU time (process_time), so a machine
loaded by other work still measures the tracer. `python3 tracer-python/bench_tracer.py`."""
import asyncio
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trace_inspector import Tracer  # noqa: E402
from trace_inspector.sqlite_sink import SqliteSink  # noqa: E402

CALLS = 20_000
RUNS = 7


def per_call_us(fn, calls=CALLS):
    times = []
    for _ in range(RUNS):
        t0 = time.process_time()
        fn(calls)
        times.append((time.process_time() - t0) / calls * 1e6)
    return statistics.median(times)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="ti-bench-")
    # A queue large enough never to drop, a writer that never runs during the loop: the hot path only.
    tracer = Tracer(os.path.join(folder, "bench.db"), queue_capacity=10 ** 8, flush_interval=3600)

    def plain(a, b):
        return a + b

    traced = tracer.trace(plain)
    order = {"id": 481234, "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}], "user": "ada"}
    traced_obj = tracer.trace(lambda o: o["id"])

    async def work(a):
        return a

    traced_async = tracer.trace(work)

    def loop(f, *args):
        def run(n):
            for _ in range(n):
                f(*args)
        return run

    def span_loop(n):
        for i in range(n):
            with tracer.span("bench.block", i=i):
                pass

    def async_loop(n):
        async def go():
            for i in range(n):
                await traced_async(i)
        asyncio.run(go())

    base = per_call_us(loop(plain, 1, 2))
    results = [
        ("untraced call (baseline)", base),
        ("sync call, two ints", per_call_us(loop(traced, 1, 2)) - base),
        ("sync call, a dict argument", per_call_us(loop(traced_obj, order)) - base),
        ("async call, awaited", per_call_us(async_loop, CALLS // 5)),
        ("span (with), one value", per_call_us(span_loop)),
    ]
    rows = tracer._queue.peek(20_000)
    sink = SqliteSink(os.path.join(folder, "write.db"))
    t0 = time.process_time()
    for i in range(0, len(rows), 2000):
        sink.write(rows[i:i + 2000], [])
    results.append(("batched write, per row (writer thread)", (time.process_time() - t0) / len(rows) * 1e6))
    sink.close()
    tracer.close()
    print("Python %s" % sys.version.split()[0])
    for name, us in results:
        print("%-42s %6.2f µs" % (name, us))


if __name__ == "__main__":
    main()
