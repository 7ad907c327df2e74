"""The bounded hand-off between traced calls and the writer thread.

Pushing never blocks and never grows past the capacity: a full queue drops the row and counts it,
so a stalled disk costs the app rows, not memory or latency. Rows stay queued until the writer
confirms them (peek, then discard), so a failed write loses nothing that still fits.
"""
import threading
from collections import deque
from typing import Deque, Generic, List, TypeVar

T = TypeVar("T")


class RowQueue(Generic[T]):
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        #: Rows refused because the queue was full, since the tracer started.
        self.dropped = 0
        self._items: Deque[T] = deque()
        self._lock = threading.Lock()

    @property
    def depth(self) -> int:
        return len(self._items)

    def push(self, item: T) -> bool:
        with self._lock:
            if len(self._items) >= self.capacity:
                self.dropped += 1
                return False
            self._items.append(item)
            return True

    def push_many(self, items: List[T]) -> int:
        """Pushes what fits (one lock for a call's argument rows); returns how many were taken."""
        with self._lock:
            room = self.capacity - len(self._items)
            taken = items if len(items) <= room else items[:max(room, 0)]
            self._items.extend(taken)
            self.dropped += len(items) - len(taken)
            return len(taken)

    def peek(self, n: int) -> List[T]:
        """The oldest n items, left in place until discard() confirms they were written."""
        with self._lock:
            if len(self._items) <= n:
                return list(self._items)
            return [self._items[i] for i in range(n)]

    def discard(self, n: int) -> None:
        with self._lock:
            for _ in range(min(n, len(self._items))):
                self._items.popleft()
