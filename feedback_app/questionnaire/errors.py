"""What can go wrong with a questionnaire file, and with an answer to it."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: str | os.PathLike) -> str:
    """The path as a person would type it: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at one line (``line`` is None for the file as a whole)."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class SurveyError(SystemExit):
    """A questionnaire file is broken.

    It derives from SystemExit so that `flask` prints the sentence and stops without a traceback:
    a broken survey must stop start-up, and the person fixing it needs the file and line, not a
    stack. ``problems`` holds every problem found, first one first.
    """

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("SurveyError needs at least one problem")
        self.problems = list(problems)
        message = str(self.problems[0])
        if len(self.problems) > 1:
            others = len(self.problems) - 1
            message += f" (and {others} more problem{'s' if others > 1 else ''})"
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class AnswerInvalid(ValueError):
    """An answer that this survey cannot store; ``code`` says why, for the caller to word it.

    Codes: unknown_question, choice_required, unknown_choice, text_not_allowed, empty,
    text_too_long.
    """

    def __init__(self, code: str, question_key: str | None = None):
        super().__init__(f"{code}: {question_key}" if question_key else code)
        self.code = code
        self.question_key = question_key


class UnknownQuestion(KeyError):
    """A question key that the survey does not have."""
