#!/usr/bin/env python3
"""Build the front-end assets into feedback_app/static/.

Run after ``npm ci``: ``.venv/bin/python scripts/build_assets.py``. It compiles our build of
GOV.UK Frontend's stylesheet from its Sass (assets/govuk.scss: only the components our pages use)
with the ``sass`` package from node_modules, copies GOV.UK Frontend's compiled script, and copies
our own script and icon from assets/ (app.js importing GOV.UK Frontend's script by its
fingerprinted address, as feedback_app/static_files.py makes the page's); our own stylesheet is
copied without its comments and spaces (sass reads it as plain CSS and writes it compressed).

The compiled stylesheet then loses the selectors that need a ``govuk-`` class no page can carry:
one that appears nowhere in our templates, our Python, the scripts, or the GOV.UK Frontend macros
and form widgets our pages call (see ``classes_in_use``). Only whole selectors go, and no rule
changes, so every page looks as it does with the full stylesheet. It is written twice:
govuk-frontend.min.css for every page, and govuk-frontend-person.min.css, which keeps only the
classes of the pages a person answering sees (the templates built on respond/layout.html, which
links it), so that their first visit downloads less.

This is a council service, not GOV.UK: assets/govuk.scss sets GOV.UK Frontend's font stack
without GDS Transport, turns off its @font-face rules and points its image URLs at nothing, and
the build stops if the typeface or the crest still appears in the stylesheet. Neither the font
files nor the GOV.UK images are copied. Nothing here needs a network.
"""
from __future__ import annotations

import importlib.util
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
TEMPLATES = ROOT / "templates"
APP_PACKAGE = ROOT / "feedback_app"
PERSON_LAYOUT = "respond/layout.html"
STYLESHEET = "govuk-frontend.min.css"
PERSON_STYLESHEET = "govuk-frontend-person.min.css"
GOVUK_ENTRY = OWN_ASSETS / "govuk.scss"

OWN_STYLESHEET = "app.css"
OWN_FILES = ("app.js", "favicon.svg")

# What must never be in the built stylesheet: the GOV.UK typeface, its @font-face rules (and
# their copyright comment), and the crest.
BRANDING = ("GDS Transport", "@font-face", "Margaret Calvert", "govuk-crest")
SOURCE_MAP_COMMENT = re.compile(r"\s*/[*/]# sourceMappingURL=\S+(?: \*/)?\s*$")


class BuildError(Exception):
    """Something a person must fix before the assets can be built; the message says what."""


def _application_module(name: str):
    """One of the application's modules, read as a file: the build needs nothing else of it."""
    spec = importlib.util.spec_from_file_location(name, APP_PACKAGE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_other_languages(script: str, translations: Path) -> str:
    """app.js with the words it shows in every language (feedback_app/script_words.py)."""
    module = _application_module("script_words")
    if module.MARKER not in script:
        raise BuildError("assets/app.js has lost the place for its words in other languages.")
    return module.with_other_languages(script, translations)


GOVUK_IMPORT = "from './govuk-frontend.min.js'"


def importing_by_fingerprint(script: str, imported: Path) -> str:
    """app.js importing GOV.UK Frontend's script by the same fingerprinted address as the page's
    preload of it (feedback_app/static_files.py), so that a browser fetches it once and keeps it."""
    module = _application_module("static_files")
    if script.count(GOVUK_IMPORT) != 1:
        raise BuildError(f"assets/app.js should import GOV.UK Frontend's script once, as {GOVUK_IMPORT}.")
    version = module.fingerprint(imported.read_bytes())
    return script.replace(GOVUK_IMPORT, f"from './govuk-frontend.min.js?v={version}'")


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


def _run_sass(source: Path) -> str:
    if not SASS.exists():
        raise BuildError("node_modules/.bin/sass is missing: run `npm ci` in the project folder first.")
    result = subprocess.run(
        [str(SASS), "--style=compressed", "--no-source-map", "--no-error-css",
         f"--load-path={ROOT / 'node_modules'}", f"--load-path={OWN_ASSETS}", str(source)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BuildError(f"sass could not compile {source}:\n{result.stderr.strip()}")
    return result.stdout.strip()


def minify_css(source: Path) -> str:
    """Our own plain CSS, compressed by sass: the same rules without comments and spaces."""
    if not source.exists():
        raise BuildError(f"{source.relative_to(ROOT)} is missing.")
    return _run_sass(source) + "\n"


def compile_govuk_css(entry: Path = GOVUK_ENTRY, keep_class=None) -> str:
    """Our build of GOV.UK Frontend's stylesheet, compiled from its Sass, checked to be unbranded.

    With ``keep_class`` (a test on a class name without its dot), selectors that need a ``govuk-``
    class it refuses are left out.
    """
    css = _run_sass(entry)
    if keep_class is not None:
        css = without_unused_selectors(css, keep_class)
    check_unbranded(css)
    return css + "\n"


# Class names as they are written in templates, Python and scripts. One that ends in - or _ is
# the start of a name made at run time ("govuk-tag--" ~ colour): every class it begins is kept.
CLASS_IN_SOURCE = re.compile(r"govuk-[a-z0-9!_-]+")
MACRO_IN_SOURCE = re.compile(r"components/([a-z-]+)/macro\.html")
# Prefixes that name something other than a class (GOV.UK Frontend's script reads breakpoints
# from custom properties --govuk-breakpoint-*).
NOT_CLASS_PREFIXES = {"govuk-breakpoint-"}


def _package_folder(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"The Python package {name} is missing: run `make setup` first.")
    return Path(next(iter(spec.submodule_search_locations)))


def class_sources() -> list[Path]:
    """Every file that can put a govuk- class on any page.

    Ours (templates, Python, script), GOV.UK Frontend's script, the govuk-frontend-wtf form
    widgets, and the govuk-frontend-jinja macros that any of these call (and the macros those call).
    """
    sources = [*TEMPLATES.rglob("*.html"), *APP_PACKAGE.rglob("*.py"), OWN_ASSETS / "app.js",
               GOVUK_DIST / "govuk-frontend.min.js"]
    widgets = _package_folder("govuk_frontend_wtf")
    sources += [*widgets.rglob("*.py"), *widgets.rglob("*.html")]
    macros = _package_folder("govuk_frontend_jinja") / "templates" / "components"
    wanted = [m for path in sources for m in MACRO_IN_SOURCE.findall(path.read_text(encoding="utf-8"))]
    seen: set[str] = set()
    while wanted:
        component = wanted.pop()
        if component in seen:
            continue
        seen.add(component)
        folder = macros / component
        if not folder.is_dir():
            raise BuildError(f"A template calls the {component} macro, which govuk-frontend-jinja does not have.")
        for path in sorted(folder.glob("*.html")):
            sources.append(path)
            wanted += MACRO_IN_SOURCE.findall(path.read_text(encoding="utf-8"))
    return sources


TEMPLATE_REFERENCE = re.compile(r"\{%-?\s*(?:extends|include|import|from)\s+[\"']([^\"']+)[\"']")
EXTENDS = re.compile(r"\{%-?\s*extends\s+[\"']([^\"']+)[\"']")


def _template_file(name: str) -> Path:
    if name.startswith("govuk_frontend_jinja/"):
        return _package_folder("govuk_frontend_jinja") / "templates" / name.split("/", 1)[1]
    return TEMPLATES / name


def person_templates() -> list[Path]:
    """The templates built on respond/layout.html, and every template they extend, include or import."""
    def layouts(path: Path):
        while match := EXTENDS.search(path.read_text(encoding="utf-8")):
            yield match[1]
            path = _template_file(match[1])

    wanted = [PERSON_LAYOUT] + [
        path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")
        if PERSON_LAYOUT in layouts(path)
    ]
    seen: dict[str, Path] = {}
    while wanted:
        name = wanted.pop()
        if name in seen:
            continue
        path = _template_file(name)
        if not path.exists():
            raise BuildError(f"A template refers to {name}, which does not exist.")
        seen[name] = path
        for reference in TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8")):
            # A macro's own imports are written relative to govuk-frontend-jinja's templates.
            if path.is_relative_to(_package_folder("govuk_frontend_jinja")) and not reference.startswith("govuk_"):
                reference = f"govuk_frontend_jinja/{reference}"
            wanted.append(reference)
    return list(seen.values())


def person_class_sources() -> list[Path]:
    """Every file that can put a govuk- class on a page a person answering sees.

    Their templates (see person_templates), all our Python (over-generous, and safe), and the
    scripts. Their pages use no govuk-frontend-wtf form widget.
    """
    return [*person_templates(), *APP_PACKAGE.rglob("*.py"), OWN_ASSETS / "app.js",
            GOVUK_DIST / "govuk-frontend.min.js"]


def classes_in_use(sources: list[Path] | None = None):
    """A test on a class name: could a page carry it?"""
    names: set[str] = set()
    prefixes: set[str] = set()
    for path in class_sources() if sources is None else sources:
        for name in CLASS_IN_SOURCE.findall(path.read_text(encoding="utf-8")):
            (prefixes if name.endswith(("-", "_")) else names).add(name)
    starts = tuple(sorted(prefixes - NOT_CLASS_PREFIXES))
    return lambda name: name in names or name.startswith(starts)


def _scan(css: str, i: int, stop: str) -> int:
    """Index of the first character of ``stop`` at i or after, outside strings, escapes and (), []."""
    depth, quote = 0, None
    while i < len(css):
        c = css[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "\\":
            i += 1
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and c in stop:
            return i
        i += 1
    return len(css)


def _block_end(css: str, i: int) -> int:
    """Index of the } that closes the block whose { is just before i."""
    depth = 1
    while depth:
        i = _scan(css, i, "{}")
        if i == len(css):
            raise BuildError("The compiled stylesheet has unbalanced braces.")
        depth += 1 if css[i] == "{" else -1
        i += 1
    return i - 1


CLASS_SELECTOR = re.compile(r"\.((?:\\.|[\w-])+)")


def _classes_needed(selector: str) -> list[str]:
    """The classes an element must have to match the selector, outside :not(), :has() and the like."""
    plain, depth, quote = [], 0, None
    for c in selector:
        if quote:
            quote = None if c == quote else quote
            c = " "
        elif c in "\"'":
            quote, c = c, " "
        elif c in "([":
            depth, c = depth + 1, " "
        elif c in ")]":
            depth, c = depth - 1, " "
        plain.append(c if depth == 0 else " ")
    return [match.replace("\\", "") for match in CLASS_SELECTOR.findall("".join(plain))]


def without_unused_selectors(css: str, keep_class) -> str:
    """The stylesheet without the selectors that need a govuk- class ``keep_class`` refuses."""
    out, i = [], 0
    while i < len(css):
        j = _scan(css, i, "{;")
        prelude = css[i:j]
        if j == len(css) or css[j] == ";":
            out.append(css[i:j + 1])
            i = j + 1
            continue
        end = _block_end(css, j + 1)
        body = css[j + 1:end]
        at_rule = prelude.lstrip().lower()
        if at_rule.startswith(("@media", "@supports", "@container", "@layer")):
            inner = without_unused_selectors(body, keep_class)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif at_rule.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            selectors = [
                selector for selector in _split_selectors(prelude)
                if all(keep_class(name) for name in _classes_needed(selector) if name.startswith("govuk-"))
            ]
            if selectors:
                out.append(",".join(selectors) + "{" + body + "}")
        i = end + 1
    return "".join(out)


def _split_selectors(prelude: str) -> list[str]:
    selectors, i = [], 0
    while True:
        j = _scan(prelude, i, ",")
        selectors.append(prelude[i:j])
        if j == len(prelude):
            return selectors
        i = j + 1


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
    target = STATIC / STYLESHEET
    write_atomically(target, compile_govuk_css(source, classes_in_use()))
    done.append((source, target, "compiled with sass, unused selectors left out; no GDS Transport, no crest"))
    target = STATIC / PERSON_STYLESHEET
    write_atomically(target, compile_govuk_css(source, classes_in_use(person_class_sources())))
    done.append((source, target, "the same, with only the classes of a person's pages"))

    source = GOVUK_DIST / "govuk-frontend.min.js"
    target = STATIC / "govuk-frontend.min.js"
    write_atomically(target, without_source_map(source.read_text(encoding="utf-8")))
    done.append((source, target, "ES module"))

    source = OWN_ASSETS / OWN_STYLESHEET
    target = STATIC / OWN_STYLESHEET
    write_atomically(target, minify_css(source))
    done.append((source, target, "our own, compressed"))

    for name in OWN_FILES:
        source = OWN_ASSETS / name
        if not source.exists():
            raise BuildError(f"{source.relative_to(ROOT)} is missing.")
        target = STATIC / name
        content = source.read_text(encoding="utf-8")
        if name == "app.js":  # with the words it shows in every language
            content = with_other_languages(content, ROOT / "translations")
            content = importing_by_fingerprint(content, STATIC / "govuk-frontend.min.js")
        write_atomically(target, content)
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
