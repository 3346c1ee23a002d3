"""The pictures' one meaning each: surveys/symbols/meanings.yaml, and the table of it in
docs/symbols.md, which is made from that file so that the two cannot drift apart.

Run ``python -m feedback_app.questionnaire.symbols > docs/symbols.md`` after changing the file."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SYMBOLS_DIR = ROOT / "surveys" / "symbols"
MEANINGS_FILE = SYMBOLS_DIR / "meanings.yaml"

# Where pages outside the survey files name a picture: a template's url_for('respond.symbol',
# name='x.svg'), a stylesheet's url("x.svg"), and the printed form's front page in Python.
PAGE_PATTERNS = (re.compile(r"""name=['"]([\w-]+\.svg)['"]"""), re.compile(r"""url\(["']?([\w-]+\.svg)["']?\)"""))
PAGE_FILES = ("templates/**/*.html", "templates/**/*.css", "feedback_app/paper/pdf.py")


def load_meanings(path: Path = MEANINGS_FILE) -> dict[str, dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def page_uses(root: Path = ROOT) -> dict[str, set[str]]:
    """Each picture named by a template or the printed form's code, with the files naming it."""
    uses: dict[str, set[str]] = {}
    for pattern in PAGE_FILES:
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            names = {m for p in PAGE_PATTERNS for m in p.findall(text)}
            if path.suffix == ".py":
                names |= set(re.findall(r'"([\w-]+\.svg)"', text))
            for name in names:
                if (SYMBOLS_DIR / name).is_file():
                    uses.setdefault(name, set()).add(path.relative_to(root).as_posix())
    return uses


def render_table(meanings: dict[str, dict]) -> str:
    lines = [
        "# Symbols",
        "",
        "Every picture in `surveys/symbols/` has one meaning, and is used only for that meaning. The",
        "pictures are the project's own work (see `surveys/symbols/LICENCE`). This table is made from",
        "`surveys/symbols/meanings.yaml` by `python -m feedback_app.questionnaire.symbols`, and a test",
        "fails if it is out of date or if a picture is used for a second meaning.",
        "",
        "| Symbol | Meaning | Where it is used |",
        "| --- | --- | --- |",
    ]
    for name in sorted(meanings):
        entry = meanings[name]
        where = []
        if entry.get("question"):
            where.append(f"question `{entry['question']}`")
        if entry.get("answers"):
            kinds = ", ".join(entry.get("kinds") or ["every question"])
            where.append("answer " + " or ".join(f"`{a}`" for a in entry["answers"]) + f" ({kinds})")
        where += [f"`{page}`" for page in entry.get("pages") or []]
        lines.append(f"| ![]({'../surveys/symbols/' + name}) `{name}` | {entry['meaning']} | {'; '.join(where)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_table(load_meanings()))
