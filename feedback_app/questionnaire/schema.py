"""Checking a parsed survey against surveys/schema.json, in words a survey author understands.

jsonschema's own messages quote Python values and schema paths; an author needs "question
'listened' has no 'symbol'" and the line, so each kind of schema failure is reworded here.
"""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from .yamlsource import line_of

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "surveys" / "schema.json"

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a set of fields",
    "boolean": "true or false",
    "null": "null",
}
_FIELD_WORDS = {"adult": "adult wording", "representative": "representative wording"}


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def describe_value(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def where(tree, path) -> tuple[str, list]:
    """Name the question or option that ``path`` points into; return the name and the rest."""
    path = list(path)
    if len(path) < 2 or path[0] != "questions" or not isinstance(path[1], int):
        return "the survey", path
    question = _item(tree, ["questions", path[1]])
    key = question.get("key") if isinstance(question, dict) else None
    name = f"question '{key}'" if isinstance(key, str) else f"question {path[1] + 1}"
    rest = path[2:]
    if len(rest) >= 2 and rest[0] == "options" and isinstance(rest[1], int):
        option = _item(question, rest[:2])
        number = option.get("number") if isinstance(option, dict) else None
        name += f" option {number if isinstance(number, int) else rest[1] + 1}"
        rest = rest[2:]
    return name, rest


def _item(node, path):
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _subject(tree, path) -> str:
    name, rest = where(tree, path)
    fields = [_FIELD_WORDS.get(step, f"'{step}'") if isinstance(step, str) else f"item {step + 1}"
              for step in rest]
    return " ".join([name, *fields])


def _reword(tree, error) -> list[tuple[list, str]]:
    """One or more (path, sentence) pairs for a jsonschema error."""
    path = list(error.absolute_path)
    subject = _subject(tree, path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if name not in value]
        return [(path, f"{subject} has no '{name}'") for name in missing]
    if kind == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        found = []
        for extra in (name for name in value if name not in known):
            close = difflib.get_close_matches(str(extra), known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            found.append((path + [extra], f"{subject} has an unknown field '{extra}'{hint}"))
        return found
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
        return [(path, f"{subject} should be {wanted}, not {describe_value(value)}")]
    if kind == "enum":
        allowed = ", ".join("null" if item is None else str(item) for item in expected)
        return [(path, f"{subject} is {describe_value(value)}, but must be one of: {allowed}")]
    if kind == "pattern":
        rule = error.schema.get("description", f"it must match {expected}")
        return [(path, f"{subject} {describe_value(value)} is not allowed: {rule}")]
    messages = {
        "minLength": f"{subject} is empty",
        "maxLength": f"{subject} is longer than {expected} characters",
        "minItems": f"{subject} needs at least {expected} item{'s' if expected != 1 else ''}",
        "maxItems": f"{subject} has more than {expected} items",
        "minimum": f"{subject} must be at least {expected}",
        "maximum": f"{subject} must be at most {expected}",
        "uniqueItems": f"{subject} lists the same value twice",
        "minProperties": f"{subject} is empty",
    }
    if kind in messages:
        return [(path, messages[kind])]
    if kind == "dependentRequired":
        return [(path, f"{subject} has '{field}' but no '{need}'")
                for field, needs in expected.items() if field in value
                for need in needs if need not in value]
    return [(path, f"{subject}: {error.message}")]


def schema_problems(tree) -> tuple[list[tuple[int, str]], set[int]]:
    """Every schema failure as (line, sentence) in file order, and which questions failed.

    The positions of failing questions let later checks still look at the sound ones, so an
    author sees every problem in one run.
    """
    found = []
    broken: set[int] = set()
    for error in validator().iter_errors(tree):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            broken.add(path[1])
        for where_path, sentence in _reword(tree, error):
            found.append((line_of(tree, where_path), sentence))
    return sorted(set(found)), broken
