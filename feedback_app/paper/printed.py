"""What a printed questionnaire says, read from the same questionnaire definition as the web and
text channels: the same questions in the same order, the same option numbers, the adult or the
representative wording.

On paper a person skips a question by leaving it blank, so "Skip this question" is not printed;
"I'd rather not say" is, with its number 9, except on the consent question, whose answer must be
yes, no or not now. Free-text questions get space to write.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..answers import CONSENT_QUESTION
from ..questionnaire import SKIP, Context, Survey

EASY_READ = "easy-read"
LARGE_PRINT = "large-print"
FORMATS = (EASY_READ, LARGE_PRINT)


@dataclass(frozen=True)
class PrintedOption:
    number: int
    key: str
    label: str
    symbol: str


@dataclass(frozen=True)
class PrintedQuestion:
    number: int
    key: str
    text: str
    hint: str | None
    symbol: str
    options: tuple[PrintedOption, ...]
    free_text: bool


def printed_options(question) -> tuple:
    """The definition's options that a paper form shows for ``question``, in order."""
    if question.is_free_text:
        return ()
    if question.key == CONSENT_QUESTION:
        return question.options
    return tuple(option for option in question.choices if option.key != SKIP)


def printed_questions(survey: Survey, *, for_representative: bool, outcomes_recorded: bool,
                      translate=True) -> list[PrintedQuestion]:
    """The questions a person could be asked, numbered as printed, in the current language (or the
    definition's English when ``translate`` is False)."""
    # Before any answer: every question whose conditions hold for this person's record.
    visible = survey.visible_questions(Context(outcomes_recorded=outcomes_recorded))
    printed = []
    for number, question in enumerate(visible, start=1):
        text = question.text_translated if translate else question.text
        hint = question.hint_translated if translate else question.hint
        printed.append(PrintedQuestion(
            number=number, key=question.key, text=text(for_representative), hint=hint(for_representative),
            symbol=question.symbol, free_text=question.is_free_text,
            options=tuple(PrintedOption(
                number=option.number, key=option.key, symbol=option.symbol,
                label=(option.label_translated if translate else option.label)(for_representative))
                for option in printed_options(question)),
        ))
    return printed

