"""A small in-memory rate limiter per client address, for the pages without login.

Addresses are hashed and only kept for the length of the window; nothing is written down.
With several worker processes each keeps its own count, which only makes the limit a
little looser."""

import hashlib
import threading
import time
from collections import defaultdict, deque


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float):
        self.limit, self.window = limit, window_seconds
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, address: str | None, now: float | None = None) -> bool:
        """Count one request from this address; False when it is over the limit."""
        key = hashlib.sha256((address or "?").encode()).hexdigest()
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget quiet addresses
                for stale in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
                    del self._hits[stale]
            return True
