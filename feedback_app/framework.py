"""The Making Safeguarding Personal Outcomes Framework as data: ``framework/msp-outcomes.yaml``.

Every label a page, a file or the documentation gives a framework item comes from that file,
through this module: the questionnaire names an item by its code, the figures count by code, and
``display`` and ``file_name`` turn a code into words. An item whose official number is not
confirmed is named by what it is about, never by a number it may not have.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from flask_babel import gettext

FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "framework" / "msp-outcomes.yaml"
STATUSES = ("confirmed", "not_confirmed", "own_measure")
KINDS = ("record", "feedback")
FIELDS = ("code", "number", "status", "kind", "label", "wording", "source")


class FrameworkError(ValueError):
    """The definition file is not as this module expects; the message names the item and field."""


@dataclass(frozen=True)
class Item:
    code: str
    number: str | None
    status: str
    kind: tuple[str, ...]
    label: str
    wording: str
    source: str
    adult: str | None = None
    representative: str | None = None
    categories: tuple[str, ...] = ()

    def display(self) -> str:
        """In the reader's language: "Q1: Asked about the outcomes they wanted", or the label
        alone where no number is confirmed."""
        label = gettext(self.label)
        return gettext("%(number)s: %(label)s", number=self.number, label=label) if self.number else label

    def file_name(self) -> str:
        """In English, for the national long layout: "MSP Q1 Asked about the outcomes they
        wanted", or the label alone."""
        return f"MSP {self.number} {self.label}" if self.number else self.label


@dataclass(frozen=True)
class Framework:
    source: str
    items: tuple[Item, ...]

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)


def _item(raw: dict, position: int) -> Item:
    missing = [name for name in FIELDS if name not in raw]
    if missing:
        raise FrameworkError(f"Item {position + 1} has no {', '.join(missing)}.")
    kind = tuple(raw["kind"] or ())
    if raw["status"] not in STATUSES or not kind or any(k not in KINDS for k in kind):
        raise FrameworkError(f"{raw['code']}: status must be one of {', '.join(STATUSES)}, "
                             f"and kind a list of {', '.join(KINDS)}.")
    if raw["number"] and raw["status"] != "confirmed":
        raise FrameworkError(f"{raw['code']}: only a confirmed item may carry an official number.")
    return Item(code=raw["code"], number=raw["number"] or None, status=raw["status"], kind=kind,
                label=" ".join(str(raw["label"]).split()), wording=" ".join(str(raw["wording"]).split()),
                source=" ".join(str(raw["source"]).split()), adult=raw.get("adult"),
                representative=raw.get("representative"), categories=tuple(raw.get("categories") or ()))


def load(path: Path = FRAMEWORK_FILE) -> Framework:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = tuple(_item(raw, n) for n, raw in enumerate(data.get("items") or []))
    codes = [i.code for i in items]
    if len(set(codes)) != len(codes):
        raise FrameworkError("An item code appears twice.")
    return Framework(" ".join(str(data.get("source", "")).split()), items)


@lru_cache(maxsize=1)
def framework() -> Framework:
    return load()


def item(code: str) -> Item | None:
    return framework().item(code)


def display(code: str) -> str:
    found = item(code)
    return found.display() if found is not None else code


def file_name(code: str) -> str:
    found = item(code)
    return found.file_name() if found is not None else code


def messages(path: Path = FRAMEWORK_FILE):
    """(line, text, note) for each label, for the translation catalogue."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for found in load(path).items:
        line = next((n + 1 for n, text in enumerate(lines) if text.strip() == f"label: {found.label}"), 0)
        yield line, found.label, f"framework item {found.code}: short label"


def extract_framework(fileobj, keywords, comment_tags, options):
    """Babel extraction method for framework/*.yaml."""
    name = getattr(fileobj, "name", None)
    for line, text, note in messages(Path(name) if name else FRAMEWORK_FILE):
        yield line, "gettext", text, [note]


def markdown(found: Framework | None = None) -> str:
    """docs/framework.md: the items as this service reports them, made from the file."""
    found = found or load()
    lines = ["# The MSP Outcomes Framework in this service", "",
             "Made from `framework/msp-outcomes.yaml` by `python -m feedback_app.framework`; do not edit by hand.",
             "", f"Source: {found.source}", "",
             "| Code | Number | Status | Answered from | Label | Wording | Categories |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for i in found.items:
        answered = " and ".join("the case record" if k == "record" else "the person" for k in i.kind)
        lines.append(f"| `{i.code}` | {i.number or '–'} | {i.status.replace('_', ' ')} | {answered} | {i.label} | "
                     f"{i.wording} | {', '.join(f'`{c}`' for c in i.categories) or '–'} |")
    lines += ["", "An item without a confirmed number is named by its label in every page and file, never by a",
              "number it may not have.", ""]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - writes docs/framework.md
    print(markdown(), end="")
