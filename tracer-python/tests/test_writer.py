"""The writer never gets in the app's way: a bounded queue that drops and counts, a circuit breaker
in front of a locked file, heartbeats that show it, WAL, and no tracer fault ever reaching the app."""
import os
import sqlite3
import subprocess
import sys
import unittest

from helpers import TraceTestCase
from trace_inspector import Tracer
from trace_inspector.circuit_breaker import CircuitBreaker
from trace_inspector.row_queue import RowQueue

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class QueueAndBreakerTest(unittest.TestCase):
    def test_a_full_queue_drops_and_counts(self) -> None:
        q: RowQueue[int] = RowQueue(2)
        self.assertEqual([q.push(1), q.push(2), q.push(3)], [True, True, False])
        self.assertEqual((q.depth, q.dropped, q.peek(5)), (2, 1, [1, 2]))
        q.discard(1)
        self.assertEqual(q.peek(5), [2])

    def test_the_breaker_opens_after_the_threshold_and_backs_off(self) -> None:
        b = CircuitBreaker(threshold=2, cooldown_s=1, max_cooldown_s=3)
        b.failure(0)
        self.assertEqual(b.state, "closed")
        b.failure(0)
        self.assertEqual((b.state, b.allow(0.5), b.allow(1.0), b.state), ("open", False, True, "half-open"))
        b.failure(1.0)  # half-open failure: cool-down doubles to 2 s
        self.assertEqual((b.allow(2.5), b.allow(3.0)), (False, True))
        b.success()
        self.assertEqual((b.state, b.failures, b.opens), ("closed", 0, 2))


class WriterTest(TraceTestCase):
    def test_writes_in_wal_mode_with_ok_heartbeats(self) -> None:
        t = Tracer(self.path, flush_interval=0.01, heartbeat_interval=0.01)
        f = t.trace(lambda: 1)
        f()
        self.until(lambda: t.stats()["written"] == 1, "the background writer")
        self.until(lambda: len(self.beats()) >= 2, "two heartbeats")
        stats = t.close()
        self.assertEqual((stats["dropped"], stats["queue_depth"], stats["status"]), (0, 0, "OK"))
        db = sqlite3.connect(self.path)
        self.assertEqual(db.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        db.close()
        self.assertTrue(all(b["status"] == "OK" and b["timestamp"].endswith("Z") for b in self.beats()))

    def test_calls_from_many_threads_each_get_their_own_traces(self) -> None:
        import threading

        t = Tracer(self.path, flush_interval=0.005, batch_size=100)
        inner = t.trace(lambda n: n + 1)
        outer = t.trace(lambda n: inner(n) * 2)
        results = []

        def worker(k):
            results.append(sum(outer(i) for i in range(k * 1000, k * 1000 + 200)))

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        stats = t.close()
        self.assertEqual(len(results), 8)
        self.assertEqual((stats["written"], stats["dropped"], stats["internal_errors"]), (8 * 200 * 4, 0, 0))
        rows = self.rows()
        roots = {r["span_id"]: r for r in rows if r["parent_span_id"] is None}
        children = [r for r in rows if r["parent_span_id"] is not None]
        self.assertEqual(len({r["trace_id"] for r in roots.values()}), 8 * 200)
        for c in children:  # every inner call hangs under the outer call of its own thread's trace
            self.assertEqual(roots[c["parent_span_id"]]["trace_id"], c["trace_id"])

    def test_a_full_queue_costs_rows_not_calls(self) -> None:
        t = Tracer(self.path, queue_capacity=3, flush_interval=3600)
        f = t.trace(lambda x: x)
        self.assertEqual([f(i) for i in range(5)], [0, 1, 2, 3, 4])
        self.assertEqual(t.stats()["dropped"], 7)  # 10 rows, 3 kept
        t.close()
        self.assertEqual(len(self.rows()), 3)
        # close() writes its last heartbeat after the final flush: nothing left behind.
        self.assertEqual((self.beats()[-1]["queue_depth"], self.beats()[-1]["status"]), (0, "OK"))

    def test_a_locked_file_opens_the_circuit_and_the_rows_follow_once_it_is_free(self) -> None:
        t = Tracer(self.path, flush_interval=0.01, heartbeat_interval=0.01, breaker_cooldown=0.05)
        f = t.trace(lambda x: x * 2)
        f(0)
        self.until(lambda: t.stats()["written"] == 2, "the first write")
        other = sqlite3.connect(self.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        self.assertEqual([f(i) for i in range(1, 4)], [2, 4, 6])  # the app carries on
        self.until(lambda: t.stats()["breaker"] != "closed", "the circuit to open")
        self.assertGreaterEqual(t.stats()["failed_writes"], 3)
        self.assertIn("locked", t.stats()["last_error"])
        other.execute("COMMIT")
        other.close()
        self.until(lambda: t.stats()["written"] == 8, "the queued rows after the lock is released")
        stats = t.close()
        self.assertEqual((stats["dropped"], stats["breaker"], stats["internal_errors"]), (0, "closed", 0))
        self.assertGreaterEqual(stats["breaker_opens"], 1)
        self.assertIn("CIRCUIT_OPEN", [b["status"] for b in self.beats()])

    def test_an_unwritable_path_never_reaches_the_app(self) -> None:
        t = Tracer(os.path.join(self.dir, "missing", "dir", "t.db"), flush_interval=0.01)
        f = t.trace(lambda x: x + 1)
        self.assertEqual(f(1), 2)
        self.until(lambda: t.stats()["failed_writes"] > 0, "a failed write")
        self.assertEqual(t.close()["written"], 0)

    def test_hostile_values_and_tracer_faults_never_reach_the_app(self) -> None:
        t = Tracer(self.path)

        class Hostile:
            def __repr__(self):
                raise RuntimeError("no repr for you")

        class BadException(Exception):
            def __str__(self):
                raise RuntimeError("no str either")

        @t.trace(name="app.echo")
        def echo(x):
            return x

        @t.trace(name="app.fail")
        def fail():
            raise BadException()

        h = Hostile()
        self.assertIs(echo(h), h)
        self.assertRaises(BadException, fail)
        t.begin = None  # a broken tracer: the call runs untraced
        self.assertEqual(echo(5), 5)
        t.close()
        values = [(r["data"], r["data_value"]) for r in self.rows()]
        self.assertEqual(values[:2], [(d, "[unrepresentable Hostile: no repr for you]") for d in ("x", "return")])
        self.assertEqual(values[2], ("exception", "<BadException>"))
        self.assertEqual(len(values), 3)

    def test_what_is_queued_at_exit_is_written_without_close(self) -> None:
        script = "import trace_inspector as ti, sys\nti.init(sys.argv[1], flush_interval=3600)\n" \
                 "@ti.trace(name='app.greet')\ndef greet(name): return 'hi ' + name\ngreet('there')\n"
        env = dict(os.environ, PYTHONPATH=PACKAGE_ROOT)
        run = subprocess.run([sys.executable, "-c", script, self.path], env=env, capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual([(r["data"], r["data_value"]) for r in self.rows()], [("name", "there"), ("return", "hi there")])

    @unittest.skipUnless(hasattr(os, "fork"), "needs os.fork")
    def test_a_forked_child_writes_its_own_rows(self) -> None:
        t = Tracer(self.path, flush_interval=0.01)
        f = t.trace(lambda who: who)
        f("parent")
        t.flush()
        pid = os.fork()
        if pid == 0:  # the child: trace, close, and leave without running the parent's test machinery
            code = 1
            try:
                f("child")
                stats = t.close()
                code = 0 if stats["written"] == 2 and stats["internal_errors"] == 0 else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0)
        f("parent again")
        t.close()
        self.assertEqual(sorted(r["data_value"] for r in self.rows()),
                         sorted(["parent", "parent", "child", "child", "parent again", "parent again"]))


if __name__ == "__main__":
    unittest.main()
