"""A small in-memory rate limiter per key (a client address, a link's token), for the pages
without login, and a count of the login attempts in flight per account and per address.

Keys are hashed and only kept for the length of the window; nothing is written down.
With several worker processes each keeps its own count, which only makes the limit a
little looser."""

import hashlib
import threading
import time
from collections import defaultdict, deque
from contextlib import contextmanager


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float):
        self.limit, self.window = limit, window_seconds
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, address: str | None, now: float | None = None) -> bool:
        """Count one request for this key (an address, a link); False when it is over the limit."""
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


class InFlight:
    """How many requests per key are being handled right now (in this process): a request
    takes a place for each of its keys, or none at all when one of them is full, and gives
    them back when it is done. Under gevent a waiting request is a sleeping greenlet, so
    without this any number of them could wait, and be answered, at the same time."""

    def __init__(self):
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    @contextmanager
    def places(self, limits: dict[str, int]):
        """Yields True with a place for every key (key -> its limit), or False when one of the
        keys has no free place (then nothing is taken)."""
        with self._lock:
            taken = all(self._counts.get(key, 0) < limit for key, limit in limits.items())
            if taken:
                for key in limits:
                    self._counts[key] = self._counts.get(key, 0) + 1
        try:
            yield taken
        finally:
            if taken:
                with self._lock:
                    for key in limits:
                        self._counts[key] -= 1
                        if not self._counts[key]:
                            del self._counts[key]
