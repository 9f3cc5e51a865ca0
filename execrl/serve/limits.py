"""Per-client rate limiting: one token bucket per bearer token."""

from __future__ import annotations

import time
from collections.abc import Callable


class RateLimiter:
    """Each client may make ``burst`` requests at once and ``rate`` per second on average.

    >>> clock = iter([0.0, 0.0, 0.0, 1.0]).__next__
    >>> limiter = RateLimiter(rate=1.0, burst=2, clock=clock)
    >>> [limiter.wait_s("a") for _ in range(4)]
    [0.0, 0.0, 1.0, 0.0]
    """

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError(f"rate must be positive and burst at least 1, got rate={rate}, burst={burst}")
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)

    def wait_s(self, client: str) -> float:
        """0 and one token spent when ``client`` may go ahead; otherwise the seconds until it may."""
        now = self.clock()
        tokens, when = self._buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - when) * self.rate)
        if tokens >= 1:
            self._buckets[client] = (tokens - 1, now)
            return 0.0
        self._buckets[client] = (tokens, now)
        return (1 - tokens) / self.rate
