"""Scoring redaction against ``redaction_corpus.yaml``: what was caught, and what else went.

Shared by ``test_redaction_corpus.py`` and ``bench/redaction.py``. Span-based: a detail counts
as caught only when every one of its characters is inside text that was taken out; a run of text
taken out counts as right when it touches a detail, and as a false alarm when it touches none.
"""
from __future__ import annotations

import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from feedback_app.comments import redaction

CORPUS = Path(__file__).resolve().parent / "redaction_corpus.yaml"
CATEGORY_KINDS = {
    "name": redaction.NAME, "email": redaction.EMAIL, "spelled_email": redaction.EMAIL,
    "phone": redaction.PHONE, "postcode": redaction.POSTCODE, "address": redaction.ADDRESS,
    "nhs": redaction.REFERENCE, "ni": redaction.REFERENCE, "reference": redaction.REFERENCE,
    "dob": redaction.REFERENCE, "card": redaction.REFERENCE, "url": redaction.OTHER,
    "council_word": redaction.OTHER,
}


@dataclass(frozen=True)
class Detail:
    category: str
    start: int
    end: int

    @property
    def kind(self) -> str:
        return CATEGORY_KINDS[self.category]


@dataclass(frozen=True)
class Entry:
    text: str
    details: tuple[Detail, ...]
    staff: tuple[str, ...] = ()
    extra_words: tuple[str, ...] = ()


def load(path: Path = CORPUS) -> list[Entry]:
    entries = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8")):
        text, details, taken = item["text"], [], Counter()
        for category, value in item["details"]:
            value = str(value)
            if category not in CATEGORY_KINDS:
                raise ValueError(f"{category!r} is not a category ({text!r})")
            start = -1
            for _ in range(taken[value] + 1):
                start = text.find(value, start + 1)
            if start < 0:
                raise ValueError(f"{value!r} is not in {text!r} (often enough)")
            taken[value] += 1
            details.append(Detail(category, start, start + len(value)))
        entries.append(Entry(text, tuple(details), tuple(item.get("staff", ())), tuple(item.get("extra_words", ()))))
    return entries


def removed_runs(before: str, after: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) in ``before`` of each run of text a marker in ``after`` stands for."""
    pieces = redaction.split_markers(after)
    pattern = "".join("(.+?)" if kind else re.escape(piece) for piece, kind in pieces)
    match = re.fullmatch(pattern, before, re.DOTALL)
    if match is None:
        raise ValueError(f"{after!r} is not {before!r} with runs replaced by markers")
    kinds = [kind for _, kind in pieces if kind]
    return [(match.start(group), match.end(group), kind) for group, kind in enumerate(kinds, start=1)]


@dataclass
class Score:
    caught: Counter = field(default_factory=Counter)  # by category
    missed: Counter = field(default_factory=Counter)
    right_kind: Counter = field(default_factory=Counter)
    runs_right: Counter = field(default_factory=Counter)  # by marker kind
    runs_wrong: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)  # (text, category, detail)
    false_alarms: list = field(default_factory=list)  # (text, kind, what went)
    seconds: list = field(default_factory=list)  # per comment, one round after another
    entries: int = 0
    clean_entries: int = 0

    def recall(self, category: str | None = None) -> float:
        caught = self.caught[category] if category else sum(self.caught.values())
        total = caught + (self.missed[category] if category else sum(self.missed.values()))
        return caught / total if total else 1.0

    def precision(self, kind: str | None = None) -> float:
        right = self.runs_right[kind] if kind else sum(self.runs_right.values())
        total = right + (self.runs_wrong[kind] if kind else sum(self.runs_wrong.values()))
        return right / total if total else 1.0


def score(entries: list[Entry], redact: Callable = redaction.redact, rounds: int = 1) -> Score:
    result = Score(entries=len(entries), clean_entries=sum(not entry.details for entry in entries))
    for round_number in range(rounds):
        for entry in entries:
            started = time.perf_counter()
            after = redact(entry.text, names=entry.staff, extra_words=entry.extra_words).text
            result.seconds.append(time.perf_counter() - started)
            if round_number == 0:
                _count(result, entry, removed_runs(entry.text, after))
    return result


def _count(result: Score, entry: Entry, runs: list[tuple[int, int, str]]) -> None:
    for detail in entry.details:
        covering = [run for run in runs if run[0] < detail.end and run[1] > detail.start]
        covered = set().union(*(range(start, end) for start, end, _ in covering)) if covering else set()
        if set(range(detail.start, detail.end)) <= covered:
            result.caught[detail.category] += 1
            result.right_kind[detail.category] += all(kind == detail.kind for _, _, kind in covering)
        else:
            result.missed[detail.category] += 1
            result.misses.append((entry.text, detail.category, entry.text[detail.start:detail.end]))
    for start, end, kind in runs:
        if any(start < detail.end and end > detail.start for detail in entry.details):
            result.runs_right[kind] += 1
        else:
            result.runs_wrong[kind] += 1
            result.false_alarms.append((entry.text, kind, entry.text[start:end]))


def median_ms(score_: Score) -> float:
    return statistics.median(score_.seconds) * 1000 if score_.seconds else 0.0
