#!/usr/bin/env python3
"""Build the front-end assets into feedback_app/static/.

Run after ``npm ci``: ``.venv/bin/python scripts/build_assets.py``. It compiles our build of
GOV.UK Frontend's stylesheet from its Sass (assets/govuk.scss: only the components our pages use)
with the ``sass`` package from node_modules, copies GOV.UK Frontend's compiled script, and copies
our own stylesheet, script and icon from assets/.

This is a council service, not GOV.UK: assets/govuk.scss sets GOV.UK Frontend's font stack
without GDS Transport, turns off its @font-face rules and points its image URLs at nothing, and
the build stops if the typeface or the crest still appears in the stylesheet. Neither the font
files nor the GOV.UK images are copied. Nothing here needs a network.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "govuk-frontend"
GOVUK_DIST = PACKAGE / "dist" / "govuk"
OWN_ASSETS = ROOT / "assets"
STATIC = ROOT / "feedback_app" / "static"
SASS = ROOT / "node_modules" / ".bin" / "sass"
GOVUK_ENTRY = OWN_ASSETS / "govuk.scss"

OWN_FILES = ("app.css", "app.js", "favicon.svg")

# What must never be in the built stylesheet: the GOV.UK typeface, its @font-face rules (and
# their copyright comment), and the crest.
BRANDING = ("GDS Transport", "@font-face", "Margaret Calvert", "govuk-crest")
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


def compile_govuk_css(entry: Path = GOVUK_ENTRY) -> str:
    """Our build of GOV.UK Frontend's stylesheet, compiled from its Sass, checked to be unbranded."""
    if not SASS.exists():
        raise BuildError("node_modules/.bin/sass is missing: run `npm ci` in the project folder first.")
    result = subprocess.run(
        [str(SASS), "--style=compressed", "--no-source-map", "--no-error-css",
         f"--load-path={ROOT / 'node_modules'}", f"--load-path={OWN_ASSETS}", str(entry)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BuildError(f"sass could not compile {entry.relative_to(ROOT)}:\n{result.stderr.strip()}")
    css = result.stdout.strip() + "\n"
    check_unbranded(css)
    return css


def check_unbranded(css: str) -> None:
    """Stop the build rather than ship the GOV.UK typeface or crest."""
    found = [mark for mark in BRANDING if mark in css]
    if found:
        raise BuildError(
            f"The built GOV.UK Frontend stylesheet mentions {', '.join(found)}: "
            "check the settings at the top of assets/govuk.scss against this version of govuk-frontend."
        )


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

    source = GOVUK_ENTRY
    target = STATIC / "govuk-frontend.min.css"
    write_atomically(target, compile_govuk_css(source))
    done.append((source, target, "compiled with sass; no GDS Transport, no crest"))

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
