"""Temp trace files and a reader for the tests (the tracer's own tests use only the standard library)."""
import os
import shutil
import sqlite3
import tempfile
import time
import unittest
from typing import Any, Callable, Dict, List


class TraceTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="ti-py-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.path = os.path.join(self.dir, "traces.db")

    def rows(self, where: str = "1", path: str = "") -> List[Dict[str, Any]]:
        db = sqlite3.connect(path or self.path)
        db.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in db.execute("SELECT * FROM data_trace WHERE %s ORDER BY id" % where)]
        finally:
            db.close()

    def beats(self) -> List[Dict[str, Any]]:
        db = sqlite3.connect(self.path)
        db.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in db.execute("SELECT * FROM writer_status ORDER BY rowid")]
        finally:
            db.close()

    def until(self, done: Callable[[], Any], what: str, timeout: float = 10.0) -> Any:
        """Polls until done() is truthy (the writer thread works on its own clock); fails saying what."""
        deadline = time.monotonic() + timeout
        while True:
            value = done()
            if value:
                return value
            if time.monotonic() > deadline:
                self.fail("timed out waiting for " + what)
            time.sleep(0.01)
