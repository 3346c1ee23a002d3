"""The built front-end assets: present, served by the app, and without GOV.UK branding."""
from __future__ import annotations

import gzip
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "feedback_app" / "static"
BUILD_SCRIPT = ROOT / "scripts" / "build_assets.py"
BUILT = ("govuk-frontend.min.css", "govuk-frontend-person.min.css", "govuk-frontend.min.js", "app.css", "app.js",
         "favicon.svg")


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_assets", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_assets():
    """Build the assets when they are missing, rather than skipping; a failure says why."""
    if not all((STATIC / name).exists() for name in BUILT):
        result = subprocess.run(
            [sys.executable, str(BUILD_SCRIPT)], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, (
            f"scripts/build_assets.py failed (run `npm ci` first?):\n{result.stdout}{result.stderr}"
        )
    return STATIC


@pytest.mark.parametrize("name", ["govuk-frontend.min.css", "govuk-frontend-person.min.css"])
def test_build_produced_the_stylesheet(built_assets, name):
    css = (built_assets / name).read_text(encoding="utf-8")
    assert ".govuk-error-summary" in css
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "Margaret Calvert" not in css
    assert "govuk-crest" not in css
    assert "sourceMappingURL" not in css
    assert "font-family:arial,sans-serif" in css


def test_build_copied_our_own_files(built_assets):
    module = _load_build_script()
    css = (built_assets / "app.css").read_text(encoding="utf-8")
    assert css == module.minify_css(ROOT / "assets" / "app.css"), "app.css is out of date: run scripts/build_assets.py"
    assert "/*" not in css and ".app-easy-read" in css and "\n" not in css.strip()
    assert (built_assets / "favicon.svg").read_text(encoding="utf-8") == (ROOT / "assets" / "favicon.svg").read_text(
        encoding="utf-8"), "favicon.svg is out of date: run scripts/build_assets.py"
    # app.js as written, with its words in every language put in their place.
    source = (ROOT / "assets" / "app.js").read_text(encoding="utf-8")
    assert (built_assets / "app.js").read_text(encoding="utf-8") == module.importing_by_fingerprint(
        module.with_other_languages(source, ROOT / "translations"), built_assets / "govuk-frontend.min.js"), \
        "app.js is out of date: run scripts/build_assets.py"
    assert "The words in other languages: added by" not in (built_assets / "app.js").read_text()
    assert re.search(r"import \{ initAll \} from './govuk-frontend\.min\.js\?v=[0-9a-f]{8}'",
                     (built_assets / "app.js").read_text())
    assert "export{" in (built_assets / "govuk-frontend.min.js").read_text()


def test_no_gov_uk_fonts_or_images_copied(built_assets):
    assert not (built_assets / "fonts").exists()
    assert not list(built_assets.rglob("*.woff*"))
    assert not list(built_assets.rglob("govuk-crest*"))


def test_assets_are_served(built_assets, client):
    for name in BUILT:
        response = client.get(f"/assets/{name}")
        assert response.status_code == 200, name
        response.close()


def test_pinned_version_is_installed():
    module = _load_build_script()
    assert module.pinned_version() == "6.3.0"
    assert module.installed_version() == "6.3.0"


def test_unbranded_check_refuses_the_typeface_and_the_crest():
    module = _load_build_script()
    module.check_unbranded(".govuk-body{font-family:arial,sans-serif}")
    for css in (
        '.govuk-body{font-family:"GDS Transport",arial,sans-serif}',
        '@font-face{font-family:x;src:url(/x.woff2)}',
        ".x:before{background-image:url(/assets/images/govuk-crest.svg)}",
    ):
        with pytest.raises(module.BuildError):
            module.check_unbranded(css)


def test_build_stops_when_the_settings_let_the_typeface_in(tmp_path):
    # GOV.UK Frontend's own defaults, without assets/_govuk-settings.scss.
    entry = tmp_path / "defaults.scss"
    entry.write_text('@use "govuk-frontend/dist/govuk/base";\n@use "govuk-frontend/dist/govuk/core";\n')
    module = _load_build_script()
    with pytest.raises(module.BuildError, match="GDS Transport"):
        module.compile_govuk_css(entry)


# Class names that are not styled by GOV.UK Frontend 6 in any component (for example the default
# blue tag, which has no modifier rule) are left out by comparing with the full stylesheet.
CLASS_NAME = re.compile(r"govuk-[a-z0-9!_-]*[a-z0-9]")
SOURCES = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "feedback_app").rglob("*.py")]


def _classes_used(sources=SOURCES) -> dict[str, Path]:
    used: dict[str, Path] = {}
    for path in sources:
        for match in CLASS_NAME.finditer(path.read_text(encoding="utf-8")):
            used.setdefault(match[0], path)
    return used


def _has_rule(css: str, name: str) -> bool:
    # The override classes are written .govuk-\!-margin-0 in CSS.
    selector = re.escape(name).replace("!", r"\\!")
    return re.search(rf"\.{selector}(?![\w-])", css) is not None


@pytest.fixture(scope="module")
def stylesheets(tmp_path_factory):
    """(ours, full): assets/govuk.scss built now as the build does, and GOV.UK Frontend's whole
    stylesheet (every component, every selector) with the same settings."""
    module = _load_build_script()
    full_entry = tmp_path_factory.mktemp("sass") / "full.scss"
    full_entry.write_text('@use "govuk-settings";\n@use "govuk-frontend/dist/govuk";\n')
    return (
        module.compile_govuk_css(keep_class=module.classes_in_use()),
        module.compile_govuk_css(full_entry),
        module.compile_govuk_css(keep_class=module.classes_in_use(module.person_class_sources())),
    )


def test_every_govuk_class_used_has_its_rules(stylesheets):
    ours, full, _ = stylesheets
    used = _classes_used()
    assert "govuk-summary-list__row" in used and "govuk-table__cell" in used
    missing = sorted(
        f"{name} (in {path.relative_to(ROOT)})"
        for name, path in used.items()
        if _has_rule(full, name) and not _has_rule(ours, name)
    )
    assert not missing, (
        "These GOV.UK Frontend classes are used but have no rule in our stylesheet; add their "
        "component to assets/govuk.scss: " + ", ".join(missing)
    )


def test_stylesheet_leaves_out_components_no_page_uses(stylesheets):
    ours, full, _ = stylesheets
    for unused in ("govuk-accordion", "govuk-tabs", "govuk-header", "govuk-cookie-banner"):
        assert _has_rule(full, unused) and not _has_rule(ours, unused), unused
    ours_gz = len(gzip.compress(ours.encode(), 6))
    full_gz = len(gzip.compress(full.encode(), 6))
    assert ours_gz < 0.7 * full_gz, f"ours {ours_gz} bytes gzipped, the full one {full_gz}"


def test_built_stylesheets_are_up_to_date(built_assets, stylesheets):
    ours, _, person = stylesheets
    for name, css in (("govuk-frontend.min.css", ours), ("govuk-frontend-person.min.css", person)):
        assert (built_assets / name).read_text(encoding="utf-8") == css, (
            f"feedback_app/static/{name} is out of date: run scripts/build_assets.py"
        )


def test_person_stylesheet_has_every_class_of_the_person_pages(stylesheets):
    module = _load_build_script()
    ours, full, person = stylesheets
    templates = module.person_templates()
    names = {path.relative_to(ROOT / "templates").as_posix() for path in templates if ROOT / "templates" in path.parents}
    assert {"respond/layout.html", "respond/question.html", "respond/check.html", "base.html",
            "macros/errors.html", "paper/code_page.html"} <= names
    assert not any(name.startswith(("casework/", "reports/", "admin/")) for name in names)
    used = _classes_used([path for path in templates if ROOT / "templates" in path.parents])
    missing = sorted(name for name in used if _has_rule(full, name) and not _has_rule(person, name))
    assert not missing, f"govuk-frontend-person.min.css has no rule for {', '.join(missing)}"
    # Lighter than the stylesheet of every page: no tables, summary cards or date inputs.
    for staff_only in ("govuk-table", "govuk-summary-card", "govuk-date-input"):
        assert _has_rule(ours, staff_only) and not _has_rule(person, staff_only), staff_only
    assert len(gzip.compress(person.encode(), 6)) < 0.75 * len(gzip.compress(ours.encode(), 6))


def test_unused_selectors_are_left_out_and_nothing_else():
    module = _load_build_script()
    css = (
        '@charset "UTF-8";.govuk-a,.govuk-b{color:red}.govuk-b .govuk-a{margin:0}'
        '.govuk-a:not(.govuk-b),.govuk-a[data-x="{.govuk-b,}"]{color:blue}'
        ".govuk-\\!-margin-0{margin:0!important}.app-x{top:0}"
        "@media (min-width:40em){.govuk-b{color:red}}@media print{.govuk-a{color:#000}}"
        "@supports (display:grid){.govuk-b:focus{color:red}.govuk-a:has(.govuk-b){color:red}}"
        "@keyframes spin{0%{transform:none}}.govuk-tag--green{color:green}"
    )
    keep = {"govuk-a", "govuk-!-margin-0"}.__contains__
    assert module.without_unused_selectors(css, keep) == (
        '@charset "UTF-8";.govuk-a{color:red}'
        '.govuk-a:not(.govuk-b),.govuk-a[data-x="{.govuk-b,}"]{color:blue}'
        ".govuk-\\!-margin-0{margin:0!important}.app-x{top:0}"
        "@media print{.govuk-a{color:#000}}"
        "@supports (display:grid){.govuk-a:has(.govuk-b){color:red}}"
        "@keyframes spin{0%{transform:none}}"
    )


def test_classes_in_use_reads_names_and_names_made_at_run_time(tmp_path):
    module = _load_build_script()
    page = tmp_path / "page.html"
    page.write_text('<strong class="govuk-tag govuk-tag--{{ colour }}"></strong><p class="govuk-!-margin-0">')
    keep = module.classes_in_use([page])
    assert keep("govuk-tag") and keep("govuk-tag--green") and keep("govuk-!-margin-0")
    assert not keep("govuk-table") and not keep("govuk-tagline")


def test_macros_our_pages_call_are_read_for_classes():
    module = _load_build_script()
    sources = {path.as_posix() for path in module.class_sources()}
    for component in ("error-summary", "radios", "fieldset", "label", "hint", "error-message"):
        assert any(f"/components/{component}/macro.html" in path for path in sources), component
    # base.html writes the footer itself, and no page calls the accordion.
    # (The person's pages call no form widget from Python either; see person_class_sources.)
    assert not any("/components/accordion/" in path or "/components/footer/" in path for path in sources)
