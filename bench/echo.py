"""The floor of the live benchmark: the simplest event fan-out there is, as a WSGI app for
gunicorn with the app's own gunicorn.conf.py (same worker, same settings).

GET /events holds an event stream; a POST's body goes out as one event to every open stream,
one `data:` line per line of it as the app sends its HTML; any other GET answers "ok" (so the
server can be seen to be up).
    gunicorn --config gunicorn.conf.py bench.echo:app
"""

import threading

PING_SECONDS = 15.0
_changed = threading.Condition()  # the gevent worker patches it, as it does the app's hub
_messages: list[bytes] = []


def app(environ, start_response):
    if environ["REQUEST_METHOD"] == "POST":
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        with _changed:
            _messages.append(body)
            _changed.notify_all()
        start_response("204 No Content", [])
        return [b""]
    if environ["PATH_INFO"] == "/events":
        start_response("200 OK", [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")])
        return _stream()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def _stream():
    with _changed:
        sent = len(_messages)
    yield b"retry: 2000\n\n"
    while True:
        with _changed:
            if len(_messages) == sent:
                _changed.wait(PING_SECONDS)
            new, sent = _messages[sent:], len(_messages)
        if not new:
            yield b": ping\n\n"
        for message in new:
            yield b"".join(b"data: " + line + b"\n" for line in message.split(b"\n")) + b"\n"
