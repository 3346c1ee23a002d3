"""Turning surveys/*.yaml into Survey objects, or into a list of problems with line numbers."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .checks import semantic_problems
from .errors import Problem, SurveyError, display_path
from .model import Option, Question, ShowIf, Wording, clean_text
from .schema import schema_problems
from .survey import Survey
from .yamlsource import YamlProblem, parse

# Parsed surveys by path, kept while the file and the symbols folder are unchanged: the
# application is built many times in one test run and each build loads every survey. The
# content digest guards against an edit within the file system's timestamp resolution.
_cache: dict[str, tuple[tuple, Survey]] = {}


def _signature(path: Path, raw: bytes, symbols_dir: Path) -> tuple:
    try:
        symbols_stamp = symbols_dir.stat().st_mtime_ns
    except OSError:
        symbols_stamp = None
    return path.stat().st_mtime_ns, hashlib.blake2b(raw, digest_size=16).digest(), symbols_stamp


def check_file(path: str | os.PathLike, symbols_dir: str | os.PathLike | None = None
               ) -> tuple[Survey | None, list[Problem]]:
    """Load one file: the survey (None when broken) and every problem found, in line order."""
    path = Path(path)
    symbols_dir = Path(symbols_dir) if symbols_dir else path.parent / "symbols"
    shown = display_path(path)
    try:
        raw = path.read_bytes()
        signature = _signature(path, raw, symbols_dir)
        cached = _cache.get(str(path.resolve()))
        if cached and cached[0] == signature:
            return cached[1], []
        text = raw.decode("utf-8")
    except OSError as error:
        return None, [Problem(shown, None, f"cannot be read ({error.strerror or error})")]
    except UnicodeDecodeError:
        return None, [Problem(shown, None, "is not UTF-8 text; save it as UTF-8")]

    try:
        tree, duplicates = parse(text)
    except YamlProblem as error:
        return None, [Problem(shown, error.line, error.message)]
    found = [(line, f"the field '{key}' appears twice in the same place")
             for line, key in duplicates]
    shape_problems, broken_questions = schema_problems(tree)
    found += shape_problems
    if isinstance(tree, dict) and isinstance(tree.get("questions"), list):
        found += semantic_problems(tree, path.stem, symbols_dir, skip=broken_questions)
    if found:
        ordered = sorted(found, key=lambda item: (item[0] or 0, item[1]))
        return None, [Problem(shown, line, message) for line, message in ordered]

    survey = build_survey(tree, shown)
    _cache[str(path.resolve())] = (signature, survey)
    return survey, []


def load_survey(path: str | os.PathLike, symbols_dir: str | os.PathLike | None = None) -> Survey:
    """Load one survey file, or raise SurveyError naming the file and line of each problem."""
    survey, problems = check_file(path, symbols_dir)
    if problems:
        raise SurveyError(problems)
    return survey


def survey_files(directory: str | os.PathLike) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))


def load_surveys(directory: str | os.PathLike) -> dict[str, Survey]:
    """Every survey in a folder, by id; SurveyError lists the problems of all broken files."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SurveyError([Problem(display_path(directory), None, "is not a folder of surveys")])
    surveys: dict[str, Survey] = {}
    problems: list[Problem] = []
    for path in survey_files(directory):
        survey, found = check_file(path)
        problems += found
        if survey is not None:
            surveys[survey.id] = survey
    if problems:
        raise SurveyError(problems)
    return surveys


def build_survey(tree, source: str = "") -> Survey:
    """Survey objects from a tree that has passed every check."""
    questions = tuple(_build_question(raw, position)
                      for position, raw in enumerate(tree["questions"]))
    return Survey(id=tree["id"], version=tree["version"], title=clean_text(tree["title"]),
                  questions=questions, source=source)


def _wording(raw) -> Wording:
    hint = raw.get("hint")
    return Wording(text=clean_text(raw["text"]), sms=clean_text(raw["sms"]),
                   hint=clean_text(hint) if hint else None)


def _build_question(raw, position: int) -> Question:
    options = tuple(
        Option(number=o["number"], key=o["key"], adult_label=clean_text(o["label"]),
               symbol=o["symbol"],
               representative_label=clean_text(o.get("representative_label") or "") or None,
               respondent=o.get("respondent"))
        for o in raw.get("options", [])
    )
    condition = raw.get("show_if")
    show_if = None
    if condition:
        show_if = ShowIf(record=condition.get("record"), question=condition.get("question"),
                         answers=frozenset(condition.get("in", [])))
    ends = raw.get("ends_survey_unless")
    return Question(
        key=raw["key"], framework=raw["framework"], principle=raw["principle"], kind=raw["kind"],
        symbol=raw["symbol"], adult=_wording(raw["adult"]),
        representative=_wording(raw["representative"]), options=options, show_if=show_if,
        raises_alert_on=frozenset(raw.get("raises_alert_on", [])),
        ends_survey_unless=frozenset(ends) if ends else None, position=position,
    )
