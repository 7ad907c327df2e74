"""Writes batches of rows (and heartbeats) into the trace file with the standard sqlite3 module.

Every batch is one short BEGIN IMMEDIATE transaction in WAL mode. The busy timeout is 0 by
default: a lock held by someone else fails the write at once and the circuit breaker decides what
happens next, so the writer never sits on a lock while rows pile up.
"""
import sqlite3
from datetime import datetime, timezone
from typing import Optional, Sequence, Tuple

SCHEMA = """
CREATE TABLE IF NOT EXISTS data_trace (
  id INTEGER PRIMARY KEY, process TEXT, data TEXT, data_type TEXT, data_value TEXT, timestamp TEXT,
  status TEXT, exception TEXT, trace_id TEXT, span_id TEXT, parent_span_id TEXT, process_group TEXT,
  duration_ms REAL, memory_delta INTEGER, source_file TEXT, source_line INTEGER);
CREATE TABLE IF NOT EXISTS writer_status (timestamp TEXT, queue_depth INTEGER, status TEXT);
"""

INSERT_ROW = """INSERT INTO data_trace (process, data, data_type, data_value, timestamp, status, exception,
  trace_id, span_id, parent_span_id, process_group, duration_ms, memory_delta, source_file, source_line)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""

INSERT_BEAT = "INSERT INTO writer_status (timestamp, queue_depth, status) VALUES (?, ?, ?)"

#: One data_trace row in column order; the timestamp (index 4) is epoch seconds (float) until written.
Row = Tuple[
    str, str, str, str, float, str, Optional[str], str, str, Optional[str], str,
    Optional[float], Optional[int], Optional[str], Optional[int],
]
#: (epoch seconds, queue depth, 'OK' | 'DELAYED' | 'CIRCUIT_OPEN')
Heartbeat = Tuple[float, int, str]


def iso_utc(epoch_s: float) -> str:
    """`2026-11-20T14:03:07.123456Z`: ISO-8601 with microseconds and an explicit zone (UTC)."""
    return datetime.fromtimestamp(epoch_s, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class SqliteSink:
    def __init__(self, path: str, busy_timeout_s: float = 0.0) -> None:
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        self._db: Optional[sqlite3.Connection] = None

    def _open(self) -> sqlite3.Connection:
        """Opened on first write, and again after a failure, so a file that appears later is picked up."""
        if self._db is not None:
            return self._db
        # isolation_level=None: transactions are ours (BEGIN IMMEDIATE), not the module's implicit ones.
        # check_same_thread=False: close() may run on the exiting thread; the tracer serialises use.
        db = sqlite3.connect(self.path, timeout=self.busy_timeout_s, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(SCHEMA)
        except BaseException:
            db.close()
            raise
        self._db = db
        return db

    def write(self, rows: Sequence[Row], beats: Sequence[Heartbeat]) -> None:
        """Heartbeats then rows, in one transaction; raises (having rolled back) if it cannot."""
        db = self._open()
        try:
            db.execute("BEGIN IMMEDIATE")
            if beats:
                db.executemany(INSERT_BEAT, [(iso_utc(b[0]), b[1], b[2]) for b in beats])
            if rows:
                db.executemany(INSERT_ROW, [r[:4] + (iso_utc(r[4]),) + r[5:] for r in rows])
            db.execute("COMMIT")
        except BaseException:
            try:
                if db.in_transaction:
                    db.execute("ROLLBACK")
            except Exception:
                # A failed rollback leaves SQLite to roll back on close; reopen next time.
                self.close()
            raise

    def close(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            try:
                db.close()
            except Exception:
                pass

    def abandon(self) -> None:
        """Forgets the connection without closing it: in a forked child it is the parent's."""
        self._db = None
