"""A raw-socket Server-Sent Events reader and a tiny cookie-keeping HTTP client, for tests and
benchmarks that talk to a real server."""

import http.client
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlencode

# The `<bdi>` that isolates what people typed (templating.bdi): tests read the words without it
# (tests/test_bidi.py checks the markup itself).
ISOLATION = re.compile(r'<bdi(?: dir="(?:ltr|rtl)")?>|</bdi>')


def words(html: str) -> str:
    return ISOLATION.sub("", html)


@dataclass
class Event:
    id: str | None
    event: str
    data: str
    at: float  # time.perf_counter() when it arrived


class EventStream:
    """One open GET on an event stream; read() parses events as they come in."""

    def __init__(self, host: str, port: int, path: str, headers: dict | None = None, timeout: float = 10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Accept: text/event-stream"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        self.closed = False
        head = self._read_until(b"\r\n\r\n")
        status_line, *header_lines = head.decode().split("\r\n")
        self.status = int(status_line.split()[1])
        self.headers = {k.lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines if ":" in h)}
        self.chunked = self.headers.get("transfer-encoding") == "chunked"
        self.body = b""
        self.comments: list[str] = []

    def _recv(self) -> bool:
        data = self.sock.recv(65536)
        if not data:
            self.closed = True
            return False
        self.buffer += data
        return True

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            if not self._recv():
                raise ConnectionError("stream closed")
        head, self.buffer = self.buffer.split(marker, 1)
        return head

    def _decode_body(self) -> None:
        if not self.chunked:
            self.body += self.buffer
            self.buffer = b""
            return
        while True:
            if b"\r\n" not in self.buffer:
                return
            size_line, rest = self.buffer.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                self.closed = True
                self.buffer = b""
                return
            if len(rest) < size + 2:
                return
            self.body += rest[:size]
            self.buffer = rest[size + 2:]

    def read(self, count: int = 1, timeout: float = 5) -> list[Event]:
        """The next `count` events (comments are kept in self.comments)."""
        events: list[Event] = []
        deadline = time.monotonic() + timeout
        while len(events) < count:
            self._decode_body()
            while b"\n\n" in self.body and len(events) < count:
                block, self.body = self.body.split(b"\n\n", 1)
                event = self._parse(block.decode())
                if event:
                    events.append(event)
            if len(events) >= count:
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.closed:
                break
            self.sock.settimeout(remaining)
            try:
                if not self._recv():
                    self._decode_body()
            except socket.timeout:
                break
        return events

    def _parse(self, block: str) -> Event | None:
        fields: dict[str, str] = {}
        data: list[str] = []
        for line in block.split("\n"):
            if line.startswith(":"):
                self.comments.append(line[1:].strip())
            elif ":" in line:
                key, value = line.split(":", 1)
                value = value[1:] if value.startswith(" ") else value  # one space, as a browser does
                if key == "data":
                    data.append(value)  # an event's data may take many lines
                else:
                    fields[key] = value
        if "event" not in fields and not data:
            return None
        if fields.get("event") == "ping":  # the stream's ping, which a page hears: kept as a comment
            self.comments.append("ping")
            return None
        return Event(fields.get("id"), fields.get("event", "message"), words("\n".join(data)), time.perf_counter())

    def wait_closed(self, timeout: float = 5) -> bool:
        deadline = time.monotonic() + timeout
        while not self.closed and time.monotonic() < deadline:
            self.read(1, timeout=deadline - time.monotonic())
        return self.closed

    def read_body(self, timeout: float = 5) -> str:
        """The whole body of a response that is not a stream (a refusal), as text."""
        deadline = time.monotonic() + timeout
        while not self.closed and time.monotonic() < deadline:
            self._decode_body()
            if not self.chunked and len(self.body) >= int(self.headers.get("content-length", -1)):
                break
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                self._recv()
            except socket.timeout:
                break
        self._decode_body()
        return self.body.decode()

    def close(self) -> None:
        self.sock.close()


class Browserless:
    """Just enough of a browser to log in and post forms with their CSRF token."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.csrf: str | None = None
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.csrf and method == "POST":
            headers["X-CSRFToken"] = self.csrf
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed the idle keep-alive connection (after gunicorn's `keepalive`
            # seconds) before reading this request: send it again on a new connection.
            self.conn.close()
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        token = re.search(r'"X-CSRFToken": "([^"]+)"', text) or re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', text)
        if token:
            self.csrf = token.group(1)
        return response.status, dict(response.headers), text

    def login(self, email: str, password: str) -> None:
        self.request("GET", "/aanmelden")
        status, _, _ = self.request("POST", "/aanmelden", {"email": email, "password": password,
                                                           "csrf_token": self.csrf})
        assert status == 302, "login failed"
        self.request("GET", "/")  # the page carries the token for later posts

    def cookie_header(self) -> dict:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}


def catch_up_body(client, url: str) -> str:
    """What a stream of the Flask test client sends at once (its catch-up events from the
    version in `url`), up to its first ping."""
    response = client.get(url, buffered=False)
    received = ""
    for chunk in response.response:
        received += chunk.decode() if isinstance(chunk, bytes) else chunk
        if ": ping" in received:
            break
    response.close()
    return words(received)
