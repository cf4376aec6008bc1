"""Login guesses in parallel against a live server (a thread per request, as a greenlet per
request under gunicorn's gevent worker): only a few are handled at once per account and per
address, the rest are answered 429 at once, and the owner and a colleague behind the same
address log in straight after."""

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from urllib.parse import urlencode

import pytest
from werkzeug.serving import make_server

from samenveilig.auth import services

from .conftest import PASSWORD


@pytest.fixture
def app_config():
    return {"LOGIN_FREE_FAILURES": 0}  # every wrong password waits


@pytest.fixture
def port(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join()


@pytest.fixture
def waits(monkeypatch):
    """A wrong password's wait lasts until the test lets the waiting attempts go."""
    waits = []
    go = threading.Event()

    def wait(seconds):
        waits.append(seconds)
        assert go.wait(30)

    monkeypatch.setattr(services, "sleep", wait)
    return waits, go


def post_login(port: int, email: str, password: str) -> tuple[int, str, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/aanmelden", urlencode({"email": email, "password": password}),
                           {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return response.status, response.read().decode(), response.getheader("Retry-After")
    finally:
        connection.close()


def test_parallel_guesses_are_checked_a_few_at_a_time(make_user, port, waits):
    waited, go = waits
    owner, colleague = make_user(name="Sarah Peeters"), make_user(name="Tom Janssens")
    # Sixty wrong passwords at once from one address: thirty on the owner's account, thirty on
    # thirty other accounts. Those that are checked wait until every other one was answered.
    guesses = [owner.email] * 30 + [f"gok{n}@test.be" for n in range(30)]
    barrier = threading.Barrier(len(guesses))

    def guess(email):
        barrier.wait()
        return email, *post_login(port, email, "fout-wachtwoord")

    answers = []
    with ThreadPoolExecutor(len(guesses)) as pool:
        for future in as_completed([pool.submit(guess, email) for email in guesses]):
            answers.append(future.result())
            if sum(status == 429 for _, status, _, _ in answers) == 55:
                go.set()  # the five in flight may finish their wait now
        go.set()
    checked = [email for email, status, _, _ in answers if status == 401]
    refused = [(body, retry) for _, status, body, retry in answers if status == 429]
    assert len(checked) == 5 and checked.count(owner.email) <= 2  # per address 5, per account 2
    assert len(refused) == 55 and len(waited) == 5
    assert all("Er lopen al aanmeldpogingen" in body and retry == "5" for body, retry in refused)

    # Straight after the burst the owner gets in, and so does a colleague behind the same
    # address: the right password does not wait for someone else's guesses.
    for user in (owner, colleague):
        assert post_login(port, user.email, PASSWORD)[0] == 302
    assert len(waited) == 5
