"""Read a form out of rendered HTML and submit it the way a browser would: checked boxes
only, the selected option (or the first), textareas with the browser's CRLF line ends."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = self._select = self._option = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
        elif self._form is None or "disabled" in attrs:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form["fields"].append([attrs["name"], attrs.get("value", default)])
        elif tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "options": [], "multiple": "multiple" in attrs}
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "", "selected" in attrs]
            self._select["options"].append(self._option)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = [(value if value is not None else text, chosen)
                       for value, text, chosen in self._select["options"]]
            chosen = [value for value, on in options if on]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]
            self._form["fields"] += [[self._select["name"], value] for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            text = text.removeprefix("\r").removeprefix("\n")  # HTML drops one leading line end
            self._form["fields"].append([name, text.replace("\r\n", "\n").replace("\n", "\r\n")])
            self._textarea = None


def read_form(html: str, url: str, page_url: str | None = None) -> list[tuple[str, str]]:
    """The fields the form posting to `url` would send, as (name, value) pairs; a form
    without an action posts to the page it is on (`page_url`)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        attrs = form["attrs"]
        target = attrs.get("hx-post") or attrs.get("action") or (page_url if attrs.get("method") == "post" else None)
        if url == target:
            return [tuple(pair) for pair in form["fields"]]
    raise AssertionError(f"no form posts to {url}")
