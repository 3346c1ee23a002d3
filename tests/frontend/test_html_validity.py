"""The layout and error pages are valid HTML, checked by the W3C Nu checker (npm vnu-jar)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# GOV.UK Frontend's date input gives its fieldset role="group" on purpose (older screen readers
# need it); the checker calls that redundant, which is a note, not a fault.
ACCEPTED = {"The “group” role is unnecessary for element “fieldset”."}


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def test_pages_are_valid_html(app, client, tmp_path):
    java = shutil.which("java")
    assert java, "Java is needed for the HTML checker: apt-get install default-jre-headless"
    assert VNU.exists(), "node_modules/vnu-jar is missing: run `npm ci`"
    app.config["PROPAGATE_EXCEPTIONS"] = False

    pages = {
        "plain-urdu": client.get("/test/plain?lang=ur"),
        "form": client.get("/test/form?lang=en"),
        "signed-in": client.get("/test/signed-in"),
        "not-found-welsh": client.get("/no/such/page?lang=cy"),
        "server-error": client.get("/test/boom?lang=en"),
        "errors-without-form": client.get("/test/errors-without-form"),
        "csrf": client.post("/test/form", data={"name": "Sam"}),
    }
    token = _csrf_token(pages["form"].get_data(as_text=True))
    pages["form-errors"] = client.post("/test/form", data={"csrf_token": token, "when": ["", "", ""]})
    for name, response in pages.items():
        (tmp_path / f"{name}.html").write_text(response.get_data(as_text=True), encoding="utf-8")

    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True, text=True, timeout=180,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('type')}: {m.get('message')}"
        for m in messages
        # Errors and warnings; plain information notes are not problems.
        if (m.get("type") != "info" or m.get("subType") == "warning") and m.get("message") not in ACCEPTED
    ]
    assert not problems, "\n".join(problems)
    assert result.returncode == 0, result.stderr
