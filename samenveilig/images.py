"""Uploaded images (children's drawings): only what Pillow decodes as a JPEG (a phone's
multi-picture JPEG too, as its first picture) or PNG, at most
10 MB and 40 megapixels, turned the right way up, re-encoded without any metadata (no EXIF,
no GPS), scaled down to at most 2000 px, with a thumbnail of at most 320 px."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask import Flask, Response, request
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000
THUMB_SIDE = 320
DIGEST_LENGTH = 16
# A picture under its versioned URL never changes (a new picture is a new row with a new
# digest): kept by this phone's browser for a year, never by a shared cache.
IMMUTABLE = "private, max-age=31536000, immutable"
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
# A phone's JPEG with more than one picture in it (Multi-Picture Object: a depth map, a
# preview): Pillow opens it as MPO; we take its first picture, as a plain JPEG.
SAME_AS = {"MPO": "JPEG"}
# Endpoints that take an upload: their request may be this large (the form's own fields
# included); every other request keeps MAX_CONTENT_LENGTH.
UPLOAD_ENDPOINTS = {"children.add_entry", "children.update_entry", "stories.add_panel", "stories.update_panel"}
UPLOAD_REQUEST_BYTES = MAX_BYTES + 256 * 1024


class ImageRefused(ValueError):
    """Not an image we accept; the message says why, in Dutch."""


@dataclass(frozen=True)
class Processed:
    mimetype: str
    width: int
    height: int
    image: bytes
    thumbnail: bytes


def digest(data: bytes) -> str:
    """The version of a stored picture in its URL and ETag: the start of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


def size_of(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a stored picture, read from its header; None when it is none."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            return opened.size
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def process(data: bytes) -> Processed:
    """Check and re-encode an uploaded JPEG or PNG; ImageRefused when it is anything else."""
    if len(data) > MAX_BYTES:
        raise ImageRefused("Deze afbeelding is groter dan 10 MB. Kies een kleinere foto.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise ImageRefused("Deze afbeelding heeft meer dan 40 megapixels. Kies een kleinere foto.")
                probe.verify()
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as opened:
                kind = SAME_AS.get(opened.format, opened.format)
                image = ImageOps.exif_transpose(opened)
                image.load()
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefused("Deze afbeelding heeft meer dan 40 megapixels. Kies een kleinere foto.") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageRefused("Dit bestand is geen foto of scan die we kunnen lezen. Kies een JPEG- of PNG-afbeelding.") from error
    image = _plain(image, kind)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return Processed(FORMATS[kind], image.width, image.height, _encode(image, kind), _encode(thumbnail, kind))


def _plain(image: Image.Image, kind: str) -> Image.Image:
    """A fresh image of only the pixels: nothing of the file's metadata comes along."""
    mode = "RGB" if kind == "JPEG" else ("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    converted = image.convert(mode)
    plain = Image.new(mode, converted.size)
    plain.paste(converted)
    return plain


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def upload_of(field) -> tuple[Processed | None, bool]:
    """A form's file field, checked and re-encoded: (image or None, ok); when it is refused
    the field carries the Dutch error."""
    upload = field.data
    if not upload or not upload.filename:
        return None, True
    try:
        return process(upload.read(MAX_BYTES + 1)), True
    except ImageRefused as refused:
        field.errors = [str(refused)]
        return None, False


def init_app(app: Flask) -> None:
    """Before CSRFProtect reads the form: an upload route may take a larger body."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS

    @app.before_request
    def allow_uploads():
        if request.endpoint in UPLOAD_ENDPOINTS:
            request.max_content_length = UPLOAD_REQUEST_BYTES


def image_response(data: bytes, mimetype: str) -> Response:
    """An image for this viewer only: never cached, never sniffed as anything else."""
    response = Response(data, mimetype=mimetype)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def cached_image_response(digest_of: str, load, mimetype: str) -> Response:
    """A picture under its versioned URL (the URL carries its digest): kept privately for a
    year, with its digest as ETag, so a browser that asks again gets 304 without the bytes
    being read. `load()` reads the bytes, only when they are sent."""
    if request.if_none_match.contains(digest_of):
        response = Response(status=304)
    else:
        response = Response(load(), mimetype=mimetype)
    response.set_etag(digest_of)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
