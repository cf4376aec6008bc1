"""The page script: htmx and one small extension per concern (static/js/<name>.js), switched on
with `hx-ext` where it acts. A page loads exactly the extensions it switches on, and nothing
listens on the whole document that could listen where it acts."""

import gzip
import re
from pathlib import Path

import pytest
from flask import render_template_string

from samenveilig import dates
from samenveilig.assets import BUNDLES
from samenveilig.extensions import db
from samenveilig.models import Meeting

from .conftest import save

SCRIPTS = Path(__file__).resolve().parent.parent / "samenveilig" / "static" / "js"
HX = {"HX-Request": "true"}
SCRIPT = re.compile(r'<script src="/static/([^"]+?)\.[0-9a-f]{12}\.js" defer></script>')
SWITCHED_ON = re.compile(r'\bhx-ext="([^"]+)"')
BOARD_ONLY = {"board-keys", "item-tools", "quick-add", "add-form", "light-up", "inline-edit", "hold"}

# The only listeners on the whole document or window, and why they cannot sit where they act.
DOCUMENT_WIDE = {
    ("board-keys", "document", "keydown"),  # a key pressed while a swap took the focus lands on <body>
    ("columns", "window", "resize"),
    ("inline-edit", "window", "online"),  # the connection is back: save what did not arrive
    ("live", "window", "online"),  # the connection is back: a quiet stream is opened anew
    ("live", "document", "visibilitychange"),  # a phone woke up: so is its stream
    ("quick-add", "window", "online"),  # the connection is back: send the queue
}


def test_each_file_is_one_extension_named_after_it_that_says_what_it_is_for():
    files = sorted(SCRIPTS.glob("*.js"))
    assert len(files) >= 10
    wide = set()
    for path in files:
        text = path.read_text()
        assert text.startswith("// "), f"{path.name}: starts with what it is for"
        assert re.findall(r'htmx\.defineExtension\("([^"]+)"', text) == [path.stem], path.name
        wide |= {(path.stem, target, event) for target, event in
                 re.findall(r'\b(document|window)\.addEventListener\("([^"]+)"', text)}
        assert "eval(" not in text and "innerHTML = \"<" not in text, path.name
    assert wide == DOCUMENT_WIDE


@pytest.fixture
def pages(app, client, auth, consultant, make_case):
    case = make_case(consultant, family_name="Scripts")
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add(meeting)
        save()
        meeting_id = meeting.id
    anonymous = {"login": "/aanmelden"}
    auth.login(consultant)
    panel = client.post(f"/overleg/{meeting_id}/meekijklink", headers=HX).text
    token = re.search(r'readonly value="http://localhost/meekijken/([^"]+)"', panel).group(1)
    return anonymous, {
        "home": "/",
        "case": f"/dossiers/{case.id}",
        "board": f"/overleg/{meeting_id}",
        "plan": f"/overleg/{meeting_id}/plan",
        "projector": f"/overleg/{meeting_id}/projectie",
        "projector plan": f"/overleg/{meeting_id}/projectie/plan",
        "follow": f"/meekijken/{token}",
    }


def loaded(client, url: str) -> tuple[list[str], set[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    switched_on = {name.strip() for value in SWITCHED_ON.findall(html) for name in value.split(",")}
    scripts = [part.removesuffix(".js") for script in SCRIPT.findall(html) if not script.startswith("early/")
               for part in BUNDLES.get(f"{script}.js", (script,))]  # a bundle: the files it is made of
    return scripts, switched_on


def test_a_page_loads_exactly_the_extensions_it_switches_on(app, client, pages):
    anonymous, signed_in = pages
    seen = {name: loaded(client, url) for name, url in signed_in.items() if name != "follow"}
    stranger = app.test_client()  # no session: the login page, and a phone on the follow link
    seen |= {name: loaded(stranger, url) for name, url in anonymous.items()}
    seen["follow"] = loaded(stranger, signed_in["follow"])
    for name, (scripts, switched_on) in seen.items():
        assert scripts[0] == "vendor/htmx/htmx.min", name  # htmx before its extensions
        files = {Path(s).name for s in scripts[1:]}
        expected = {"sse.min" if e == "sse" else e for e in switched_on}
        assert files == expected, name
        assert len(scripts) == len(set(scripts)), name
    assert seen["login"][1] == {"notices"}
    assert {"board-keys", "item-tools", "quick-add", "add-form", "hold", "live", "sse"} <= seen["board"][1]
    assert not BOARD_ONLY & seen["follow"][1] - {"hold"}
    assert not BOARD_ONLY & seen["projector"][1] - {"light-up"}
    assert "inline-edit" in seen["case"][1] and "sse" not in seen["case"][1]


def test_the_follow_link_loads_one_small_script_and_carries_its_stylesheet(app, client, pages):
    """A cheap phone on 3G: one script with defer, asked for from the <head> while the page still
    arrives; inside the page a stylesheet of just the rules the page can use, a fraction of the
    app's, and a tiny script just after the stream's element that opens the stream at once."""
    html = app.test_client().get(pages[1]["follow"]).get_data(as_text=True)
    head, body = html.split("</head>", 1)
    assert SCRIPT.findall(head) == ["bundles/phone"] and not SCRIPT.findall(body)
    assert re.search(r'<div class="live"[^>]* sse-connect="[^"]+"[^>]*>\s*<script>\(function\(\)', body)  # opens the stream
    assert "<link rel=\"stylesheet\"" not in html and head.count("<style>") == 1
    assert html.index("sse-connect=") < html.index('id="my-score"') < html.index('class="shared-board')
    assert html.index('class="shared-board') < html.index('<details class="follow-fold">') < html.index('id="shared-plan"')
    # The folds' regions come when a fold is opened: the analysis but the scale, and the plan.
    assert html.count('<p class="on-demand">') == 4 and 'class="shared-plan__part"' not in html

    def packed(url: str, encoding: str) -> int:
        with client.get(url, headers={"Accept-Encoding": encoding}) as response:
            assert response.status_code == 200 and response.headers["Content-Encoding"] == encoding, url
            return len(response.get_data())

    stylesheet = head.split("<style>", 1)[1].split("</style>", 1)[0]
    assert len(gzip.compress(stylesheet.encode())) < packed("/static/css/samenveilig.css", "gzip") / 2.5
    script = re.search(r'src="(/static/bundles/phone\.[0-9a-f]{12}\.js)"', head).group(1)
    with client.get(script) as response:
        text = response.get_data(as_text=True)
    assert "The stream remembers the last version" not in text  # ours minified: no comments,
    assert "\n  " not in text and 'htmx.defineExtension("score-bar"' in text  # no indentation
    assert packed(script, "gzip") < 21_000  # htmx itself is 16.8 KB of it
    assert packed(script, "br") < 19_000  # and 15.3 KB with brotli


def test_an_unknown_extension_is_refused(app):
    with app.test_request_context(), pytest.raises(ValueError, match="no htmx extension keys"):
        render_template_string('<div{{ hx_ext("notices", "keys") }}></div>')
    with app.test_request_context():
        html = render_template_string('<div{{ hx_ext("notices", False, "live") }}></div>{{ page_scripts() }}')
    assert '<div hx-ext="notices, live"></div>' in html
    assert SCRIPT.findall(html) == ["vendor/htmx/htmx.min", "js/notices", "js/live"]
