"""How many event streams this process holds, and the most it may hold (LIVE_MAX_STREAMS).

A stream takes a slot when it opens and gives it back when it ends, however it ends. Past
the limit a new stream is answered 503 with Retry-After at once, so a full process still
serves its pages; the screen shows "Opnieuw verbinden…" and tries again. A stream whose
screen went away (tab closed, socket gone) ends at its next ping, so its slot is back
within one ping interval.
"""

import _socket
import socket
import threading
from collections.abc import Iterator

from flask import Response, current_app, request

RETRY_AFTER_SECONDS = 5
FULL = "Te veel schermen volgen nu live. Opnieuw verbinden…"


class Slots:
    """A counter with a ceiling, safe across the threads or greenlets of one process."""

    def __init__(self, limit: int):
        self.limit = limit
        self.held = 0
        self._lock = threading.Lock()

    def take(self) -> "Slot | None":
        with self._lock:
            if self.held >= self.limit:
                return None
            self.held += 1
        return Slot(self)

    def _give_back(self) -> None:
        with self._lock:
            self.held -= 1


class Slot:
    """One stream's place; released once, when its response is closed."""

    def __init__(self, slots: Slots):
        self._slots = slots
        self._released = False

    def release(self) -> None:
        if not self._released:
            self._released = True
            self._slots._give_back()

    def hold(self, response: Response) -> Response:
        """The stream's response, ending when its client is gone and releasing this slot."""
        body = while_connected(response.response, request.environ.get("gunicorn.socket"))
        response.response = body
        response.call_on_close(body.close)
        response.call_on_close(self.release)
        return response


def take() -> Slot | None:
    return current_app.extensions["live_slots"].take()


def refused() -> Response:
    """The answer past the limit: try again in a moment."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    return Response(FULL, 503, headers=headers, mimetype="text/plain")


def while_connected(body: Iterator[str], sock: socket.socket | None) -> Iterator[str]:
    """The body's chunks, until the client hung up: checked before each chunk, and the body
    sends one at least every ping interval."""
    try:
        for chunk in body:
            if sock is not None and hung_up(sock):
                return
            yield chunk
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


def hung_up(sock: socket.socket) -> bool:
    """True when the peer closed its end. An event-stream client sends nothing after its
    request, so a socket that reads as ended has been closed. The peek never waits: it goes
    through the plain C socket (not gevent's, which would wait for data) on the same file."""
    try:
        raw = _socket.socket(fileno=sock.fileno())
    except (OSError, ValueError):  # closed already
        return True
    try:
        return raw.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False  # nothing to read: still there
    except OSError:
        return True
    finally:
        raw.detach()  # the file stays the server's
