"""What a traced call writes: argument rows at its start, a return or exception row at its end,
ids that make trees (across awaits and tasks), source locations, timestamps in UTC with a zone."""
import asyncio
import os
import unittest
from datetime import datetime, timezone

from helpers import TraceTestCase
from trace_inspector import Tracer

HERE = os.path.abspath(__file__)


class Order:
    def __init__(self, tracer: Tracer) -> None:
        self.total = tracer.trace(self.total)

    def total(self, *prices, discount=0):
        return sum(prices) - discount


class DecoratorTest(TraceTestCase):
    def test_nested_calls_form_one_trace_tree(self) -> None:
        t = Tracer(self.path)

        @t.trace(name="shop.tax")
        def tax(amount):
            return round(amount * 0.2, 2)

        @t.trace(name="shop.total")
        def total(amount, currency="EUR"):
            return amount + tax(amount)

        self.assertEqual(total(10), 12)
        t.close()
        rows = self.rows()
        self.assertEqual([(r["process"], r["data"], r["data_type"], r["data_value"]) for r in rows], [
            ("shop.total", "amount", "int", "10"),
            ("shop.tax", "amount", "int", "10"),
            ("shop.tax", "return", "float", "2.0"),
            ("shop.total", "return", "float", "12.0"),
        ])
        root, child = rows[0], rows[1]
        self.assertRegex(root["trace_id"], r"^[0-9a-f]{32}$")
        self.assertRegex(root["span_id"], r"^[0-9a-f]{16}$")
        self.assertIsNone(root["parent_span_id"])
        self.assertEqual(child["trace_id"], root["trace_id"])
        self.assertEqual(child["parent_span_id"], root["span_id"])
        self.assertEqual({r["process_group"] for r in rows}, {"shop"})
        self.assertGreaterEqual(rows[3]["duration_ms"], rows[2]["duration_ms"])
        self.assertIsNone(rows[0]["duration_ms"])

    def test_an_exception_is_recorded_and_raised_unchanged(self) -> None:
        t = Tracer(self.path)
        boom = ValueError("card declined")

        @t.trace
        def charge(amount):
            raise boom

        with self.assertRaises(ValueError) as caught:
            charge(5)
        self.assertIs(caught.exception, boom)
        t.close()
        exc = self.rows("data = 'exception'")[0]
        self.assertEqual((exc["data_type"], exc["data_value"], exc["status"]), ("ValueError", "card declined", "ERROR"))
        self.assertIn("Traceback (most recent call last)", exc["exception"])
        self.assertIn("ValueError: card declined", exc["exception"])
        self.assertEqual(exc["process"], "test_calls.DecoratorTest.test_an_exception_is_recorded_and_raised_unchanged.charge")

    def test_async_calls_are_children_across_awaits_and_tasks(self) -> None:
        t = Tracer(self.path)

        @t.trace(name="users.fetch")
        async def fetch(uid):
            await asyncio.sleep(0.001)
            return {"id": uid}

        @t.trace(name="orders.place")
        async def place(uid):
            first = await fetch(uid)
            more = await asyncio.gather(fetch(uid + 1), asyncio.ensure_future(fetch(uid + 2)))
            return [first] + list(more)

        self.assertEqual(len(asyncio.run(place(1))), 3)
        t.close()
        rows = self.rows()
        root = next(r for r in rows if r["process"] == "orders.place")
        fetches = {r["span_id"]: r for r in rows if r["process"] == "users.fetch" and r["data"] == "return"}
        self.assertEqual(len(fetches), 3)
        for r in fetches.values():
            self.assertEqual((r["trace_id"], r["parent_span_id"]), (root["trace_id"], root["span_id"]))
            self.assertGreaterEqual(r["duration_ms"], 1)

    def test_methods_varargs_and_keywords_are_named(self) -> None:
        t = Tracer(self.path)
        self.assertEqual(Order(t).total(3, 4, discount=2), 5)

        @t.trace
        def method_like(self_, x):
            return x

        class Repo:
            @t.trace
            def find(self, key):
                return key

        Repo().find("k")
        t.close()
        names = [(r["process"].rsplit(".", 1)[-1], r["data"]) for r in self.rows("data != 'return'")]
        # A bound method traced after the fact has no self to skip; a method decorated in its class does.
        self.assertEqual(names, [("total", "prices[0]"), ("total", "prices[1]"), ("total", "discount"), ("find", "key")])

    def test_static_and_class_methods_stay_descriptors_and_classes_stay_classes(self) -> None:
        t = Tracer(self.path)

        @t.trace
        class Plain:
            pass

        class Prices:
            rate = 2

            @t.trace
            @classmethod
            def scaled(cls, x):
                return x * cls.rate

            @t.trace
            @staticmethod
            def half(x):
                return x / 2

        self.assertIsInstance(Plain(), Plain)
        self.assertEqual((Prices.scaled(3), Prices().half(3)), (6, 1.5))
        t.close()
        self.assertEqual([(r["process"].split(".", 3)[-1], r["data"], r["data_value"]) for r in self.rows()], [
            ("Prices.scaled", "x", "3"), ("Prices.scaled", "return", "6"),
            ("Prices.half", "x", "3"), ("Prices.half", "return", "1.5"),
        ])

    def test_memory_delta_is_recorded_while_tracemalloc_traces(self) -> None:
        import tracemalloc

        t = Tracer(self.path)
        keep = []

        @t.trace(args=False)
        def allocate(n):
            keep.append(list(range(n)))
            return len(keep)

        allocate(1000)
        tracemalloc.start()
        self.addCleanup(tracemalloc.stop)
        allocate(100_000)
        t.close()
        untraced, traced = [r["memory_delta"] for r in self.rows()]
        self.assertIsNone(untraced)
        self.assertGreater(traced, 100_000 * 28)  # 100,000 ints of 28 bytes at least, plus the list

    def test_source_location_is_the_decorators_line(self) -> None:
        t = Tracer(self.path)

        @t.trace
        def located():
            return None

        line = located.__wrapped__.__code__.co_firstlineno
        located()
        t.close()
        row = self.rows()[0]
        self.assertEqual((row["source_file"], row["source_line"]), (HERE, line))
        self.assertEqual((row["data"], row["data_type"], row["data_value"]), ("return", "NoneType", "None"))

    def test_timestamps_are_utc_with_a_zone_and_argument_rows_mark_the_start(self) -> None:
        t = Tracer(self.path)

        @t.trace
        def slow(n):
            import time

            time.sleep(n)
            return n

        before = datetime.now(timezone.utc)
        slow(0.02)
        after = datetime.now(timezone.utc)
        t.close()
        start, end = self.rows()
        for r in (start, end):
            self.assertRegex(r["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
        ts = [datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00")) for r in (start, end)]
        self.assertLessEqual(before, ts[0])
        self.assertLessEqual(ts[1], after)
        # The end row is stamped duration_ms after the start row: one monotonic clock for both.
        self.assertAlmostEqual((ts[1] - ts[0]).total_seconds() * 1000, end["duration_ms"], delta=0.01)


class SpanTest(TraceTestCase):
    def test_a_span_records_its_values_result_and_children(self) -> None:
        t = Tracer(self.path)

        @t.trace(name="inv.reserve")
        def reserve(sku):
            return True

        with t.span("orders.checkout", order_id=7) as s:
            s.result = reserve("A-1")
            ctx = t.current()
        with self.assertRaises(KeyError):
            with t.span("orders.refund"):
                raise KeyError("missing")
        t.close()
        rows = self.rows()
        self.assertEqual([(r["process"], r["data"], r["data_value"], r["status"]) for r in rows], [
            ("orders.checkout", "order_id", "7", "OK"),
            ("inv.reserve", "sku", "A-1", "OK"),
            ("inv.reserve", "return", "True", "OK"),
            ("orders.checkout", "return", "True", "OK"),
            ("orders.refund", "exception", "'missing'", "ERROR"),
        ])
        self.assertEqual(rows[1]["parent_span_id"], rows[0]["span_id"])
        self.assertEqual(ctx.span_id, rows[0]["span_id"])
        self.assertEqual(rows[0]["source_file"], HERE)
        self.assertIsNone(t.current())

    def test_async_with(self) -> None:
        t = Tracer(self.path)

        async def main():
            async with t.span("jobs.run", job="nightly") as s:
                await asyncio.sleep(0.001)
                s.result = "done"

        asyncio.run(main())
        t.close()
        self.assertEqual([r["data_value"] for r in self.rows()], ["nightly", "done"])


class DefaultTracerTest(TraceTestCase):
    def test_module_level_decorator_runs_untraced_until_init(self) -> None:
        import trace_inspector

        @trace_inspector.trace(name="app.double")
        def double(x):
            return 2 * x

        self.assertEqual(double(1), 2)  # no tracer yet: runs, writes nothing
        t = trace_inspector.init(self.path)
        self.addCleanup(t.close)
        with trace_inspector.span("app.block"):
            self.assertEqual(double(2), 4)
            self.assertIsNotNone(trace_inspector.current())
        t.close()
        rows = self.rows()
        self.assertEqual([(r["process"], r["data"]) for r in rows], [
            ("app.double", "x"), ("app.double", "return"), ("app.block", "return"),
        ])
        self.assertEqual(rows[0]["parent_span_id"], rows[2]["span_id"])


if __name__ == "__main__":
    unittest.main()
