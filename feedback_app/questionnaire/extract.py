"""A Babel extractor for surveys/*.yaml, so questionnaire text shares the interface's catalogue.

Each message carries a comment naming the survey, the question and which wording it is, because
a translator seeing "A bit" alone cannot tell what it answers.
"""
from __future__ import annotations

from collections.abc import Iterator

from .errors import Problem, SurveyError
from .model import clean_text
from .yamlsource import YamlProblem, parse

SMS_NOTE = ("one text message: at most 160 plain characters (accented letters may not fit); "
            "keep the reply numbers")


def _text(node, key):
    value = node.get(key) if isinstance(node, dict) else None
    return clean_text(value) if isinstance(value, str) and value.strip() else None


def survey_messages(tree) -> Iterator[tuple[int, str, str]]:
    """(line, English text, note for translators) for every translatable text in a survey."""
    if not isinstance(tree, dict):
        return
    survey_id = tree.get("id", "?")
    title = _text(tree, "title")
    if title:
        yield tree.lines["title"], title, f"survey {survey_id}: title"
    questions = tree.get("questions")
    for question in questions if isinstance(questions, list) else []:
        if not isinstance(question, dict):
            continue
        where = f"survey {survey_id}, question '{question.get('key', '?')}'"
        for audience, reader in (("adult", "the adult"), ("representative", "a representative")):
            wording = question.get(audience)
            for part, what in (("text", "question"), ("hint", "hint"), ("sms", "SMS text")):
                value = _text(wording, part)
                if value:
                    note = f"{where}: {what} for {reader}"
                    if part == "sms":
                        note += f"; {SMS_NOTE}"
                    yield wording.lines[part], value, note
        options = question.get("options")
        for option in options if isinstance(options, list) else []:
            if not isinstance(option, dict):
                continue
            label = f"{where}: answer {option.get('number', '?')} ({option.get('key', '?')})"
            for part, reader in (("label", ""), ("representative_label", " for a representative")):
                value = _text(option, part)
                if value:
                    yield option.lines[part], value, label + reader


def extract_surveys(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method: yields (lineno, funcname, message, comments)."""
    raw = fileobj.read()
    text = raw.decode(options.get("encoding", "utf-8")) if isinstance(raw, bytes) else raw
    try:
        tree, _ = parse(text)
    except YamlProblem as error:
        name = getattr(fileobj, "name", "survey file")
        raise SurveyError([Problem(str(name), error.line, error.message)]) from None
    for line, message, note in survey_messages(tree):
        yield line, None, message, [note]
