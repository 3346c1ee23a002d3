"""Checks a survey needs that a JSON Schema cannot express.

Questions that failed the schema are passed in ``skip`` and left alone, so that shapes and types
can be trusted for the rest, and an author still sees every problem in one run.
"""
from __future__ import annotations

from pathlib import Path

from .gsm import sms_problem
from .model import UNIVERSAL_CHOICES, UNIVERSAL_KEYS, clean_text
from .schema import where
from .yamlsource import line_of

_WORDINGS = ("adult", "representative")


def semantic_problems(tree, file_stem: str, symbols_dir: Path, skip: set[int] = frozenset()
                      ) -> list[tuple[int | None, str]]:
    found: list[tuple[int | None, str]] = []

    def problem(path, message):
        found.append((line_of(tree, path), message))

    if isinstance(tree.get("id"), str) and tree["id"] != file_stem:
        problem(["id"], f"the survey id '{tree['id']}' must match the file name "
                        f"'{file_stem}.yaml'")
    for blank_path in _blank_texts(tree, skip):
        problem(blank_path, f"{_name(tree, blank_path)} is blank")
    for universal in UNIVERSAL_CHOICES:
        if not (symbols_dir / universal.symbol).is_file():
            found.append((None, f"the symbol file '{universal.symbol}' for "
                                f"'{universal.adult_label}' is missing from {symbols_dir}"))

    first_seen: dict[str, int] = {}
    for index, question in enumerate(tree["questions"]):
        if index in skip:
            key = question.get("key") if isinstance(question, dict) else None
            if isinstance(key, str):
                first_seen.setdefault(key, index)
            continue
        path = ["questions", index]
        name, _ = where(tree, path)
        key = question["key"]
        if key in first_seen:
            problem(path + ["key"], f"question key '{key}' is used twice (first on line "
                                    f"{line_of(tree, ['questions', first_seen[key], 'key'])})")
        first_seen.setdefault(key, index)
        if key in UNIVERSAL_KEYS:
            problem(path + ["key"],
                    f"{name}: '{key}' is reserved for the choice every question offers")
        _check_symbol(problem, symbols_dir, path, name, question["symbol"])
        _check_framework(problem, path, name, question["framework"])
        _check_options(problem, tree, symbols_dir, path, question)
        _check_routing(problem, tree, path, name, question, first_seen, index, skip)
        for wording in _WORDINGS:
            trouble = sms_problem(clean_text(question[wording]["sms"]))
            if trouble:
                problem(path + [wording, "sms"], f"{name} {wording} SMS text {trouble}")
    return found


def _name(tree, path) -> str:
    name, rest = where(tree, path)
    return " ".join([name, *(str(step) for step in rest)])


def _blank_texts(tree, skip):
    """Paths of text that is only spaces: the schema's minLength lets these through."""
    if isinstance(tree.get("title"), str) and not tree["title"].strip():
        yield ["title"]
    for index, question in enumerate(tree["questions"]):
        if index in skip:
            continue
        for wording in _WORDINGS:
            for part, value in question[wording].items():
                if not value.strip():
                    yield ["questions", index, wording, part]
        for number, option in enumerate(question.get("options", [])):
            for part in ("label", "representative_label"):
                if part in option and not option[part].strip():
                    yield ["questions", index, "options", number, part]


def _check_framework(problem, path, name: str, code: str | None) -> None:
    """A question that feeds the MSP framework names an item of framework/msp-outcomes.yaml that
    people answer themselves (feedback), not one answered from the case record."""
    if not code or not code.startswith("mspof:"):
        return
    from ..framework import framework

    found = framework().item(code)
    if found is None:
        codes = ", ".join(i.code for i in framework().items)
        problem(path + ["framework"], f"{name}: '{code}' is not an item of the framework file ({codes})")
    elif "feedback" not in found.kind:
        problem(path + ["framework"], f"{name}: '{code}' is answered from the case record, not by the person")


def _check_symbol(problem, symbols_dir: Path, path, name: str, symbol: str) -> None:
    if not (symbols_dir / symbol).is_file():
        problem(path + ["symbol"], f"{name} has no symbol file '{symbol}'")


def _check_options(problem, tree, symbols_dir, path, question) -> None:
    name, _ = where(tree, path)
    options = question.get("options", [])
    if question["kind"] == "free_text" and options:
        problem(path + ["options"], f"{name} asks for free text, so it cannot have options")
    seen_keys: set[str] = set()
    for position, option in enumerate(options):
        option_path = path + ["options", position]
        option_name, _ = where(tree, option_path)
        if option["number"] != position + 1:
            problem(option_path + ["number"],
                    f"{option_name} should be numbered {position + 1}: options are numbered "
                    f"1, 2, 3 and so on, in order, with no gaps")
        if option["key"] in seen_keys:
            problem(option_path + ["key"], f"{name} has the option key '{option['key']}' twice")
        if option["key"] in UNIVERSAL_KEYS:
            problem(option_path + ["key"], f"{option_name}: '{option['key']}' is reserved for the "
                                           f"choice every question offers")
        seen_keys.add(option["key"])
        _check_symbol(problem, symbols_dir, option_path, option_name, option["symbol"])
    if question["kind"] == "yes_no" and [o["key"] for o in options] != ["yes", "no"]:
        problem(path + ["options"], f"{name} is a yes_no question, so its options must be 'yes' "
                                    f"then 'no'")


def _check_routing(problem, tree, path, name, question, first_seen, index, skip) -> None:
    choices = {o["key"] for o in question.get("options", [])} | UNIVERSAL_KEYS
    for flag in ("raises_alert_on", "ends_survey_unless"):
        for key in question.get(flag, []):
            if key not in choices:
                problem(path + [flag],
                        f"{name} {flag} names '{key}', which is not one of its options")
    condition = question.get("show_if")
    recorded = (condition or {}).get("record") == "outcomes_recorded"
    if question["kind"] == "outcomes_review" and not recorded:
        problem(path, f"{name} reviews desired outcomes, so it needs show_if: "
                      f"{{record: outcomes_recorded}}")
    if not condition or "question" not in condition:
        return
    target = condition["question"]
    target_index = first_seen.get(target)
    if target_index is None or target_index >= index:
        later = any(isinstance(q, dict) and q.get("key") == target for q in tree["questions"])
        why = "comes at or after it" if later else "does not exist in this survey"
        problem(path + ["show_if", "question"],
                f"{name} show_if refers to question '{target}', which {why}")
        return
    if target_index in skip:
        return
    earlier = tree["questions"][target_index]
    if earlier["kind"] == "free_text":
        problem(path + ["show_if", "question"],
                f"{name} show_if refers to question '{target}', which takes free text, "
                f"not a choice")
        return
    target_choices = {o["key"] for o in earlier.get("options", [])} | UNIVERSAL_KEYS
    for key in condition["in"]:
        if key not in target_choices:
            problem(path + ["show_if", "in"],
                    f"{name} show_if names '{key}', which is not an option of question '{target}'")
