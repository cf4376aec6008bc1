"""Static files: every URL the templates make carries the file's content hash, and WhiteNoise
serves the files compressed (brotli or gzip), the versioned ones cached for a year.

A bundle (BUNDLES) is one file made of several at start-up: the follow link's phone loads
htmx and the few extensions its page switches on in one request, ours minified.
Its stylesheet (PHONE_STYLESHEET) is made at start-up too: the rules of samenveilig.css that
can apply to what the follow page's templates write, so it looks the same with a quarter of
the bytes and follows every change of samenveilig.css. The link pages carry their stylesheet
(and the follow page its early stream script) inside themselves (INLINED).

At start-up the files of static/ are written to STATIC_BUILD_PATH twice: under their own name
(cached for a minute only) and under a hashed name, `css/samenveilig.<hash>.css` (cached for a
year, immutable), each with a `.gz` and a `.br` beside it. A URL with a hash that is not (or
no longer) there answers 404, so nothing outdated is ever cached forever.
"""

import base64
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

import rjsmin
from flask import Flask, current_app, g
from markupsafe import Markup
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

HASH_LENGTH = 12
VERSIONED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}(\.[^./]+)?$")
ONE_YEAR = "public, max-age=31536000, immutable"
BROTLI_WORTH_IT = 1024  # bytes: a smaller file may have no .br beside it (it would not be smaller)
UNVERSIONED_MAX_AGE = 60  # seconds: an old page's plain URL picks up a change soon
# The phone's script for the follow link: htmx, its SSE extension and what the page switches on
# (anything else a page switches on still loads at the end of its body, templating.PageScripts;
# tests/test_page_scripts.py checks that the follow page switches on exactly these).
BUNDLES = {
    "bundles/phone.js": ("vendor/htmx/htmx.min.js", "vendor/htmx-ext-sse/sse.min.js", "js/notices.js",
                         "js/live.js", "js/hold.js", "js/drawings.js", "js/score-bar.js"),
}


def versioned_name(name: str, content: bytes) -> str:
    """`css/site.css` -> `css/site.<first 12 hex of its sha256>.css`."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = name.rpartition(".")
    if not dot or "/" in suffix:
        return f"{name}.{digest}"
    return f"{stem}.{digest}.{suffix}"

# What a link's page carries inside itself instead of asking for it: on 3G each file asked for
# is a round trip (300 ms) before the page can show or go live. A page writes one with
# `{{ inline_asset(name) }}`; the response's Content-Security-Policy then allows exactly that text
# by its hash (security.py), nothing else inline.
INLINED = ("bundles/phone.css", "css/family.css", "early/stream.js")
INLINE_TAGS = {".css": ("style", "style-src"), ".js": ("script", "script-src")}

PHONE_STYLESHEET = "bundles/phone.css"
PHONE_PAGES = ("follow/page.html", "follow/_my_score.html")
# Classes the follow page gets from elsewhere than its templates' class attributes: its body
# (a block), its script (notices.js, htmx) and Python (templating.translation_line, i18n.both).
PHONE_CLASSES = {"follow", "public", "notice", "notice--error", "notice__close", "translation-line",
                 "translation-missing", "other-language", "htmx-request", "htmx-added", "htmx-settling",
                 "htmx-swapping"}
TEMPLATE_NAMES = re.compile(r"""\{%-?\s*(?:include|import|extends|from)\s+["']([^"']+)["']""")
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
ID_ATTRIBUTE = re.compile(r'\bid="([^"{]+)"')
NAME = re.compile(r"[A-Za-z_][\w-]*")


def phone_names(templates: Path) -> tuple[set[str], set[str]]:
    """The classes (a class written `badge--{{ x }}` as the prefix `badge--`) and ids the phone
    pages' templates and everything they include can write."""
    classes, ids, seen, todo = set(PHONE_CLASSES), {"main", "notices"}, set(), list(PHONE_PAGES)
    while todo:
        name = todo.pop()
        if name in seen or not (templates / name).is_file():
            continue
        seen.add(name)
        text = (templates / name).read_text()
        todo += TEMPLATE_NAMES.findall(text)
        for value in CLASS_ATTRIBUTE.findall(text):
            classes |= set(NAME.findall(value))
        ids |= {value.strip() for value in ID_ATTRIBUTE.findall(text)}
    return classes, ids


def css_blocks(css: str) -> list[tuple[str, str]]:
    """The top-level blocks of a stylesheet without comments: (prelude, body) pairs."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    blocks, start, depth, prelude = [], 0, 0, ""
    for at, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:at].strip(), at + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((prelude, css[start:at].strip()))
                start = at + 1
    return blocks


def selectors(prelude: str) -> list[str]:
    """A selector list split at its own commas (not those inside `:has(a, b)`)."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(prelude):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:at])
            start = at + 1
    return [part.strip() for part in [*parts, prelude[start:]]]


def css_subset(css: str, classes: set[str], ids: set[str]) -> str:
    """The rules of `css` with a selector that can match on a page using only these classes
    and ids (each rule with just those selectors); @media recursively; other @-rules kept."""
    prefixes = tuple(name for name in classes if name.endswith("-"))

    def fits(selector: str) -> bool:
        return (all(name in classes or name.startswith(prefixes) for name in re.findall(r"\.([A-Za-z_][\w-]*)", selector))
                and all(name in ids for name in re.findall(r"#([A-Za-z_][\w-]*)", selector)))

    out = []
    for prelude, body in css_blocks(css):
        if prelude.startswith("@media") or prelude.startswith("@supports"):
            inner = css_subset(body, classes, ids)
            if inner:
                out.append(f"{prelude}{{\n{inner}}}\n")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}\n")
        else:
            kept = [selector for selector in selectors(prelude) if fits(selector)]
            if kept:
                out.append(f"{','.join(kept)}{{{' '.join(body.split())}}}\n")
    return "".join(out)


def minified(script: str) -> str:
    """Our own script as a bundle or a page carries it: without comments and needless spaces."""
    return rjsmin.jsmin(script) + "\n"


def bundle(source: Path, parts: tuple[str, ...]) -> bytes:
    texts = [(source / part).read_text() for part in parts]
    return "".join(text if part.startswith("vendor/") else minified(text)
                   for part, text in zip(parts, texts, strict=True)).encode()


def build(source: Path, target: Path, templates: Path | None = None) -> dict[str, str]:
    """Write every file of `source` to `target` under its own and its versioned name, with a
    gzip copy where that is smaller; return {name: versioned name}. Files are moved into place
    one by one, the versioned name last, so a process building at the same time never sees
    half a file, and a file already there as it is now is left alone."""
    manifest: dict[str, str] = {}
    target.mkdir(parents=True, exist_ok=True)
    compressor = Compressor(quiet=True)  # gzip and brotli copies
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}-") as scratch:
        made = Path(scratch, ".bundles")
        bundles = {name: parts for name, parts in BUNDLES.items() if all((source / p).is_file() for p in parts)}
        for name, parts in bundles.items():
            path = made / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bundle(source, parts))
            newest = max((source / part).stat().st_mtime for part in parts)
            os.utime(path, (newest, newest))  # the same ETag after a restart, as for the others
        made_names = list(bundles)
        whole = source / "css" / "samenveilig.css"
        if templates is not None and whole.is_file():
            path = made / PHONE_STYLESHEET
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(css_subset(whole.read_text(), *phone_names(templates)))
            os.utime(path, (whole.stat().st_mtime, whole.stat().st_mtime))
            made_names.append(PHONE_STYLESHEET)
        files = [(p, p.relative_to(source).as_posix()) for p in source.rglob("*") if p.is_file()]
        files += [(made / name, name) for name in made_names]
        for path, name in sorted(files, key=lambda file: file[1]):
            content = path.read_bytes()
            manifest[name] = versioned_name(name, content)
            current = target / name
            versioned = target / manifest[name]
            if (versioned.exists() and current.exists() and current.read_bytes() == content
                    and (versioned.with_name(versioned.name + ".br").exists() or not compressor.should_compress(name)
                         or len(content) < BROTLI_WORTH_IT)):
                continue
            written: list[str] = []
            for out in (name, manifest[name]):
                copy = Path(scratch, out)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)  # keeps the mtime: the same ETag after a restart
                if compressor.should_compress(out):
                    written += [os.path.relpath(f, scratch) for f in compressor.compress(str(copy))]
                written.append(out)
            for out in written:
                (target / out).parent.mkdir(parents=True, exist_ok=True)
                os.replace(Path(scratch, out), target / out)
    return manifest


class StaticFiles(WhiteNoise):
    """WhiteNoise with the year-long header on versioned names only."""

    def immutable_file_test(self, path: str, url: str) -> bool:
        return bool(VERSIONED.search(url))

    def add_cache_headers(self, headers, path: str, url: str) -> None:
        super().add_cache_headers(headers, path, url)
        if self.immutable_file_test(path, url):
            headers["Cache-Control"] = ONE_YEAR
        headers["X-Content-Type-Options"] = "nosniff"


class Inline(NamedTuple):
    tag: str  # style or script
    directive: str  # the Content-Security-Policy directive that allows it
    text: str
    digest: str  # 'sha256-…' of the text, as the policy names it


def inlined(name: str, content: bytes) -> Inline:
    """A static file as a page carries it: a script minified, a stylesheet as built."""
    tag, directive = INLINE_TAGS[Path(name).suffix]
    text = content.decode()
    if tag == "script":
        text = minified(text)
    if f"</{tag}" in text.lower():
        raise ValueError(f"{name} cannot be carried inside a <{tag}>")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return Inline(tag, directive, text, f"'sha256-{digest}'")


def inline_asset(name: str) -> Markup:
    """`<style>…</style>` or `<script>…</script>` with the file's text; this response's policy
    allows it by its hash (g.inline_hashes, read by security.set_security_headers)."""
    asset = current_app.extensions["inline_assets"][name]
    g.setdefault("inline_hashes", set()).add((asset.directive, asset.digest))
    return Markup(f"<{asset.tag}>{asset.text}</{asset.tag}>")


def init_app(app: Flask) -> None:
    target = Path(app.config["STATIC_BUILD_PATH"] or Path(app.root_path).parent / "build" / "static")
    manifest = build(Path(app.static_folder), target, Path(app.root_path) / app.template_folder)
    app.extensions["static_manifest"] = manifest
    app.extensions["inline_assets"] = {name: inlined(name, (target / name).read_bytes())
                                       for name in INLINED if (target / name).is_file()}
    app.jinja_env.globals["inline_asset"] = inline_asset

    @app.url_defaults
    def versioned_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    app.wsgi_app = StaticFiles(app.wsgi_app, root=str(target), prefix=app.static_url_path,
                               max_age=UNVERSIONED_MAX_AGE, allow_all_origins=False)
