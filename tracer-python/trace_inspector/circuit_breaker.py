"""Stops the writer from hammering a database it cannot write (locked, disk full, read-only).

After `threshold` failed writes in a row it opens: nothing is attempted until the cool-down has
passed; then one attempt (half-open) closes it, or opens it again for twice as long, up to
`max_cooldown_s`. The same policy as the Node tracer (tracer/circuit-breaker.ts).
"""


class CircuitBreaker:
    def __init__(self, threshold: int = 3, cooldown_s: float = 1.0, max_cooldown_s: float = 30.0) -> None:
        self.threshold = threshold
        self._base = cooldown_s
        self._max = max_cooldown_s
        self._cooldown = cooldown_s
        self._opened_at = 0.0
        #: Consecutive failed attempts (0 once a write succeeds).
        self.failures = 0
        #: 'closed', 'open' or 'half-open'.
        self.state = "closed"
        #: Times the breaker has opened since the tracer started.
        self.opens = 0

    def allow(self, now: float) -> bool:
        """Whether a write may be attempted now; an open breaker whose cool-down is over goes half-open."""
        if self.state != "open":
            return True
        if now - self._opened_at < self._cooldown:
            return False
        self.state = "half-open"
        return True

    def success(self) -> None:
        self.failures = 0
        self._cooldown = self._base
        self.state = "closed"

    def failure(self, now: float) -> None:
        self.failures += 1
        if self.state == "half-open":
            self._cooldown = min(self._cooldown * 2, self._max)
            self._open(now)
        elif self.state == "closed" and self.failures >= self.threshold:
            self._open(now)

    def _open(self, now: float) -> None:
        self.state = "open"
        self._opened_at = now
        self.opens += 1
