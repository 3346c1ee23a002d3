"""The built front-end assets: present, served by the app, and without GOV.UK branding."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "feedback_app" / "static"
BUILD_SCRIPT = ROOT / "scripts" / "build_assets.py"
BUILT = ("govuk-frontend.min.css", "govuk-frontend.min.js", "app.css", "app.js", "favicon.svg")


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


def test_build_produced_the_stylesheet(built_assets):
    css = (built_assets / "govuk-frontend.min.css").read_text(encoding="utf-8")
    assert ".govuk-error-summary" in css
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "govuk-crest" not in css
    assert "sourceMappingURL" not in css


def test_build_copied_our_own_files(built_assets):
    for name in ("app.css", "app.js", "favicon.svg"):
        assert (built_assets / name).read_text(encoding="utf-8") == (ROOT / "assets" / name).read_text(
            encoding="utf-8"
        ), f"{name} is out of date: run scripts/build_assets.py"
    assert "import { initAll } from './govuk-frontend.min.js'" in (built_assets / "app.js").read_text()
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


def test_debranding_removes_the_typeface():
    module = _load_build_script()
    css = (
        '@font-face{font-family:GDS Transport;src:url(/assets/fonts/light.woff2) format("woff2")}'
        ".govuk-body{font-family:GDS Transport,arial,sans-serif}"
        ".govuk-footer__copyright-logo:before{background-image:url(/assets/images/govuk-crest.svg)}"
        "\n/*# sourceMappingURL=govuk-frontend.min.css.map */"
    )
    result = module.without_brand(css)
    assert result.strip() == (
        ".govuk-body{font-family:arial,sans-serif}"
        ".govuk-footer__copyright-logo:before{background-image:none}"
    )


def test_debranding_refuses_css_it_does_not_recognise():
    module = _load_build_script()
    with pytest.raises(module.BuildError):
        module.without_brand('.govuk-body{font-family:"GDS Transport Pro",arial}')
