"""The HTML that event streams push: each changed region rendered once per audience, screen
language and version in this process, by the first stream that needs it, never in the request that
committed, and kept as the finished event. Every other stream of the meeting sends the same
bytes."""

import re
import threading
from collections import OrderedDict

from flask import Flask, g
from sqlalchemy.orm import joinedload

from .. import i18n
from ..audience import Audience
from ..extensions import db
from ..models import Case, Meeting
from . import registry

Key = tuple[int, str, Audience, str, int]  # meeting, region, audience, language, version
LINES = re.compile(r"\r\n|\r|\n")  # what ends a line in an event stream
WITH_CASE = (joinedload(Meeting.case).joinedload(Case.children),)


def format_event(version: int, region: str, html: str | None = None) -> str:
    """One event; its data is the HTML, one `data:` line per line of it."""
    lines = LINES.split(html) if html is not None else [str(version)]
    data = "".join(f"data: {line}\n" for line in lines)
    return f"id: {version}\nevent: {region}-changed\n{data}\n"


class Renderer:
    def __init__(self, app: Flask, keep: int = 1024):
        self._app = app
        self._keep = keep
        self._lock = threading.Lock()
        self._done: OrderedDict[Key, bytes] = OrderedDict()
        self._busy: dict[Key, threading.Lock] = {}

    def event(self, meeting_id: int, name: str, audience: Audience, version: int, base_url: str,
              language: str = i18n.SOURCE) -> bytes:
        """The region's `<name>-changed` event at this version for this audience and screen
        language (`i18n.parse`), encoded."""
        key = (meeting_id, name, audience, language, version)
        with self._lock:
            if key in self._done:
                return self._done[key]
            busy = self._busy.setdefault(key, threading.Lock())
        with busy:  # the first stream renders; the others wait for its result
            with self._lock:
                if key in self._done:
                    return self._done[key]
            try:
                html = self._render(meeting_id, name, audience, base_url, language)
                event = format_event(version, name, html).encode()
                with self._lock:
                    self._done[key] = event
                    while len(self._done) > self._keep:
                        self._done.popitem(last=False)
            finally:
                with self._lock:
                    self._busy.pop(key, None)
        return event

    def _render(self, meeting_id: int, name: str, audience: Audience, base_url: str, language: str) -> str:
        """In a context of its own, with its own database session (closed at the end). The
        meeting comes with its case and the case's children in one statement (the family's
        headings name the children); on PostgreSQL the reads run without a transaction, which
        saves the BEGIN and ROLLBACK round trips (each statement reads the latest commit, as
        it would in a READ COMMITTED transaction)."""
        with self._app.app_context(), self._app.test_request_context("/", base_url=base_url):
            g.pushed = True  # no session here: see templating.csrf_token
            if language != i18n.SOURCE:
                i18n.speak(language)
            if db.engine.dialect.name == "postgresql":
                db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            meeting = db.session.get(Meeting, meeting_id, options=WITH_CASE)
            if meeting is None:  # destroyed with its case: the stream ends at its next check
                return ""
            return registry.REGISTRY[name].render(meeting, audience)
