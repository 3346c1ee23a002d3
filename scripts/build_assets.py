#!/usr/bin/env python3
"""Build the front-end assets into feedback_app/static/.

Run after ``npm ci``: ``.venv/bin/python scripts/build_assets.py``. It copies GOV.UK Frontend's
compiled stylesheet and script, and our own stylesheet, script and icon from assets/.

This is a council service, not GOV.UK, so the copied stylesheet loses the GDS Transport font
(its @font-face rules and every mention in font stacks) and its references to the crest image;
neither the font files nor the GOV.UK images are copied. Nothing here needs a network.
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "govuk-frontend"
GOVUK_DIST = PACKAGE / "dist" / "govuk"
OWN_ASSETS = ROOT / "assets"
STATIC = ROOT / "feedback_app" / "static"

OWN_FILES = ("app.css", "app.js", "favicon.svg")

BRAND_FONT = "GDS Transport"
FONT_FACE = re.compile(r"@font-face\{[^}]*font-family:\s*\"?GDS Transport\"?[^}]*\}")
BRAND_FONT_IN_STACK = re.compile(r"\"?GDS Transport\"?\s*,\s*")
CREST_IMAGE = re.compile(r"url\([\"']?/assets/images/govuk-crest\.svg[\"']?\)")
SOURCE_MAP_COMMENT = re.compile(r"\s*/[*/]# sourceMappingURL=\S+(?: \*/)?\s*$")


class BuildError(Exception):
    """Something a person must fix before the assets can be built; the message says what."""


def pinned_version() -> str:
    package_json = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    return package_json["dependencies"]["govuk-frontend"]


def installed_version() -> str:
    manifest = PACKAGE / "package.json"
    if not manifest.exists():
        raise BuildError(
            "node_modules/govuk-frontend is missing: run `npm ci` in the project folder first."
        )
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def without_brand(css: str) -> str:
    """GOV.UK Frontend's stylesheet with the GOV.UK typeface and crest taken out."""
    css, faces_removed = FONT_FACE.subn("", css)
    css = BRAND_FONT_IN_STACK.sub("", css)
    css = CREST_IMAGE.sub("none", css)
    css = SOURCE_MAP_COMMENT.sub("\n", css)
    # A new release might write these rules differently; stop rather than ship the typeface.
    if faces_removed == 0 or BRAND_FONT in css:
        raise BuildError(
            "Could not take the GDS Transport font out of govuk-frontend.min.css; "
            "check scripts/build_assets.py against this version of govuk-frontend."
        )
    return css


def without_source_map(script: str) -> str:
    # The .map files are not copied, so a browser's developer tools would ask for them in vain.
    return SOURCE_MAP_COMMENT.sub("\n", script)


def write_atomically(target: Path, content: str) -> None:
    # Tests may build from several processes at once; readers must never see half a file.
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build() -> list[tuple[Path, Path, str]]:
    """Write every asset; return (source, target, note) for each one."""
    expected, found = pinned_version(), installed_version()
    if expected != found:
        raise BuildError(
            f"package.json pins govuk-frontend {expected} but node_modules has {found}: run `npm ci`."
        )
    done = []

    source = GOVUK_DIST / "govuk-frontend.min.css"
    target = STATIC / "govuk-frontend.min.css"
    write_atomically(target, without_brand(source.read_text(encoding="utf-8")))
    done.append((source, target, "GDS Transport font and crest removed"))

    source = GOVUK_DIST / "govuk-frontend.min.js"
    target = STATIC / "govuk-frontend.min.js"
    write_atomically(target, without_source_map(source.read_text(encoding="utf-8")))
    done.append((source, target, "ES module"))

    for name in OWN_FILES:
        source = OWN_ASSETS / name
        if not source.exists():
            raise BuildError(f"{source.relative_to(ROOT)} is missing.")
        target = STATIC / name
        write_atomically(target, source.read_text(encoding="utf-8"))
        done.append((source, target, "our own"))
    return done


def main() -> int:
    try:
        done = build()
    except BuildError as problem:
        print(f"build_assets: {problem}", file=sys.stderr)
        return 1
    print(f"Built front-end assets from govuk-frontend {installed_version()} into "
          f"{STATIC.relative_to(ROOT)}/:")
    for source, target, note in done:
        size = target.stat().st_size
        print(f"  {source.relative_to(ROOT)} -> {target.relative_to(ROOT)} ({size:,} bytes; {note})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
