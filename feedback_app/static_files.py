"""Front-end files named by their content, so that a browser keeps them for a year.

Every address ``url_for("static", ...)`` makes carries ``?v=`` and the first eight hex digits of
the SHA-256 of the file as it is now (``/assets/app.css?v=1a2b3c4d``). A request whose ``v`` is
the file's current fingerprint is answered with ``Cache-Control: public, max-age=31536000,
immutable``: a person answering on a slow phone then fetches the stylesheet and the scripts once,
instead of asking again on every page whether they changed. Any other request for the file (no
``v``, or an older one) is answered as before, to be checked again every time. A file that
changes (a new release, ``make assets``) has a new fingerprint, so pages ask for it afresh.

app.js imports GOV.UK Frontend's script by an address with its fingerprint too, written in when
the assets are built (``scripts/build_assets.py``, with ``fingerprint`` from here), so the import
and the page's preload of that script are one request.

Nothing here imports Flask at load time: the build reads ``fingerprint`` without the application.
"""
from __future__ import annotations

import hashlib
import os

CACHE_FOR_SECONDS = 365 * 24 * 3600
LONG_CACHE = f"public, max-age={CACHE_FOR_SECONDS}, immutable"
_known: dict[str, tuple[int, int, str]] = {}  # path: (modified, size, fingerprint)


def fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:8]


def current_fingerprint(folder: str, filename: str) -> str | None:
    """The fingerprint of ``filename`` in ``folder`` as the file is now; None if there is no such
    file. Read again only when the file's time or size changes."""
    from werkzeug.security import safe_join

    path = safe_join(folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    known = _known.get(path)
    if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    try:
        with open(path, "rb") as stream:
            value = fingerprint(stream.read())
    except OSError:
        return None
    _known[path] = (stat.st_mtime_ns, stat.st_size, value)
    return value


def init_app(app) -> None:
    from flask import request

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and "filename" in values:
            value = current_fingerprint(app.static_folder, values["filename"])
            if value is not None:
                values["v"] = value

    @app.after_request
    def keep_fingerprinted(response):
        if (request.endpoint == "static" and response.status_code in (200, 304)
                and request.args.get("v") is not None
                and request.args["v"] == current_fingerprint(app.static_folder, request.view_args["filename"])):
            response.headers["Cache-Control"] = LONG_CACHE
        return response
