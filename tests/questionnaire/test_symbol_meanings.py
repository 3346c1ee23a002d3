"""One meaning for each picture: surveys/symbols/meanings.yaml against the surveys, the pages and
the printed forms, and docs/symbols.md against meanings.yaml."""
from __future__ import annotations

import copy

import pytest

from feedback_app.questionnaire import load_surveys
from feedback_app.questionnaire.symbols import MEANINGS_FILE, ROOT, load_meanings, page_uses, render_table

from .conftest import SURVEYS_DIR

SYMBOLS = SURVEYS_DIR / "symbols"
FIELDS = {"meaning", "question", "answers", "kinds", "pages"}


def meaning_problems(meanings: dict, surveys, pages: dict[str, set[str]]) -> list[str]:
    """Every way the pictures in use differ from their one declared meaning."""
    problems = []
    claimed: dict[tuple[str, str], str] = {}
    for name, entry in meanings.items():
        if set(entry) - FIELDS or not str(entry.get("meaning", "")).strip():
            problems.append(f"{name}: needs a meaning and only {sorted(FIELDS)}")
        if entry.get("question") and entry.get("answers"):
            problems.append(f"{name}: stands for a question and for answers")
        for answer in entry.get("answers") or []:
            for kind in entry.get("kinds") or ["*"]:
                if (kind, answer) in claimed:
                    problems.append(f"{name}: answer {answer!r} ({kind}) is already {claimed[kind, answer]}")
                claimed[kind, answer] = name
    for survey in surveys:
        for question in survey.questions:
            entry = meanings.get(question.symbol, {})
            if entry.get("question") != question.key:
                problems.append(f"{survey.id}: question {question.key!r} uses {question.symbol}, "
                                f"which means {entry.get('meaning')!r}")
            for option in question.choices:
                entry = meanings.get(option.symbol, {})
                kinds = entry.get("kinds")
                if option.key not in (entry.get("answers") or []) or (
                        kinds and not option.universal and question.kind not in kinds):
                    problems.append(f"{survey.id}: answer {option.key!r} to {question.key!r} ({question.kind}) "
                                    f"uses {option.symbol}, which means {entry.get('meaning')!r}")
    for name, files in sorted(pages.items()):
        declared = set(meanings.get(name, {}).get("pages") or [])
        for page in sorted(files - declared):
            problems.append(f"{page} shows {name}, which is not declared for that page")
    for name, entry in meanings.items():
        for page in sorted(set(entry.get("pages") or []) - pages.get(name, set())):
            problems.append(f"{name} is declared for {page}, which does not show it")
    return problems


@pytest.fixture(scope="module")
def meanings():
    return load_meanings()


@pytest.fixture(scope="module")
def surveys():
    return list(load_surveys(SURVEYS_DIR).values())


@pytest.fixture(scope="module")
def pages():
    return page_uses()


def test_every_picture_has_exactly_one_meaning_entry(meanings):
    files = sorted(path.name for path in SYMBOLS.glob("*.svg"))
    assert sorted(meanings) == files
    # The YAML reader would keep only the last of two entries with the same name.
    names = [line.split(":")[0] for line in MEANINGS_FILE.read_text(encoding="utf-8").splitlines()
             if line.endswith(".svg:") and not line.startswith(" ")]
    assert len(names) == len(set(names))


def test_every_use_matches_the_one_meaning(meanings, surveys, pages):
    assert meaning_problems(meanings, surveys, pages) == []


def test_the_agreement_scales_have_faces_and_yes_no_keeps_tick_and_cross(surveys):
    survey = next(s for s in surveys if s.id == "msp-experience")
    for question in survey.questions:
        pictures = [o.symbol for o in question.options]
        if question.kind in ("scale", "outcomes_review"):
            assert pictures == ["face-happy.svg", "face-in-between.svg", "face-sad.svg"]
        elif question.kind == "yes_no":
            assert pictures == ["tick.svg", "cross.svg"]


def test_the_docs_table_is_made_from_the_meanings(meanings):
    assert (ROOT / "docs" / "symbols.md").read_text(encoding="utf-8") == render_table(meanings)


def test_a_picture_used_for_a_second_meaning_fails(meanings, surveys, pages):
    """The checks above would notice each way of giving a picture a second meaning."""
    survey = next(s for s in surveys if s.id == "msp-experience")
    safer = survey.question("safer")
    reused = copy.deepcopy(survey)
    object.__setattr__(reused.question("listened"), "symbol", safer.symbol)
    assert any("'listened' uses shield.svg" in p for p in meaning_problems(meanings, [reused], pages))

    reused = copy.deepcopy(survey)
    object.__setattr__(reused.question("listened").options[0], "symbol", "tick.svg")
    assert any("'yes' to 'listened' (scale) uses tick.svg" in p
               for p in meaning_problems(meanings, [reused], pages))

    widened = copy.deepcopy(meanings)
    widened["tick.svg"]["kinds"].append("scale")
    assert any("answer 'yes' (scale) is already" in p for p in meaning_problems(widened, surveys, pages))

    on_a_new_page = {**pages, "later.svg": {"templates/respond/start.html"}}
    assert any("start.html shows later.svg" in p for p in meaning_problems(meanings, surveys, on_a_new_page))

    answer_and_question = copy.deepcopy(meanings)
    answer_and_question["ear.svg"]["answers"] = ["yes"]
    assert any("question and for answers" in p for p in meaning_problems(answer_and_question, surveys, pages))
