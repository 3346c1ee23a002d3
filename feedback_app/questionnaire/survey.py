"""A whole questionnaire: its route through the questions, and what counts as a valid answer.

Every channel (web, text message, paper re-keying, an advocate's form) asks the survey for the
next question and validates answers here, so they all follow the same route and store the same
keys.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import AnswerInvalid, UnknownQuestion
from .model import FREE_TEXT_MAX, Question, translate

# Control characters other than newline and tab come from copy and paste, never from a person.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Context:
    """What routing needs: whether the case record holds desired outcomes, and answers so far."""

    outcomes_recorded: bool = False
    answers: Mapping[str, str] = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, context: Context | Mapping | None) -> Context:
        if isinstance(context, Context):
            return context
        context = context or {}
        return cls(bool(context.get("outcomes_recorded")), dict(context.get("answers") or {}))


@dataclass(frozen=True)
class ValidAnswer:
    """An answer ready to store: a choice, words for a free-text question, or a choice with the
    person's own words beside it."""

    question_key: str
    choice_key: str | None
    free_text: str | None
    framework_item: str | None
    raises_alert: bool = False


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


@dataclass(frozen=True, repr=False)
class Survey:
    id: str
    version: int
    title: str
    questions: tuple[Question, ...]
    source: str = field(default="", compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_key", {q.key: q for q in self.questions})

    def __repr__(self) -> str:
        return f"<Survey {self.id} v{self.version}: {len(self.questions)} questions>"

    def title_translated(self) -> str:
        return translate(self.title)

    def has_question(self, key: str) -> bool:
        return key in self._by_key

    def question(self, key: str) -> Question:
        try:
            return self._by_key[key]
        except (KeyError, TypeError):
            raise UnknownQuestion(f"survey {self.id!r} has no question {key!r}") from None

    def visible_questions(self, context: Context | Mapping | None = None) -> list[Question]:
        """The questions this person will be asked, in order, given what is known so far."""
        context = Context.of(context)
        shown: list[Question] = []
        shown_keys: set[str] = set()
        for question in self.questions:
            condition = question.show_if
            if condition and not condition.holds(context.outcomes_recorded, context.answers,
                                                 shown_keys):
                continue
            shown.append(question)
            shown_keys.add(question.key)
            answer = context.answers.get(question.key)
            if question.ends_survey_unless and answer is not None \
                    and answer not in question.ends_survey_unless:
                break
        return shown

    def first_question(self, context: Context | Mapping | None = None) -> Question | None:
        visible = self.visible_questions(context)
        return visible[0] if visible else None

    def next_question(self, key: str, context: Context | Mapping | None = None) -> Question | None:
        """The question after ``key`` on this person's route, or None when the survey is done.

        ``key`` need not be on the route itself (an answer may just have hidden it); the next
        visible question after its place in the file is returned.
        """
        position = self.question(key).position
        for question in self.visible_questions(context):
            if question.position > position:
                return question
        return None

    def previous_question(self, key: str,
                          context: Context | Mapping | None = None) -> Question | None:
        position = self.question(key).position
        earlier = [q for q in self.visible_questions(context) if q.position < position]
        return earlier[-1] if earlier else None

    def respondent(self, answers: Mapping[str, str]) -> str | None:
        """Who is answering (adult, adult_with_help, representative), if a question has said so."""
        for question in self.questions:
            chosen = answers.get(question.key)
            for option in question.options:
                if option.key == chosen and option.respondent:
                    return option.respondent
        return None

    def validate_answer(self, question_key: str, choice_key: str | None = None,
                        free_text: str | None = None, *, words_with_choice: bool = False) -> ValidAnswer:
        """Check one answer against this survey; raise AnswerInvalid with a code when it fails.

        ``words_with_choice`` accepts words beside a choice (written in a paper form's margin, or
        said to an advocate where they differ from the tick); otherwise a choice stands alone.
        """
        if not isinstance(question_key, str) or not self.has_question(question_key):
            raise AnswerInvalid("unknown_question", str(question_key))
        question = self.question(question_key)
        text = normalise_text(free_text) if free_text is not None else ""
        if choice_key not in (None, ""):
            if not isinstance(choice_key, str) or choice_key not in question.choice_keys:
                raise AnswerInvalid("unknown_choice", question_key)
            if text and not words_with_choice:
                raise AnswerInvalid("text_not_allowed", question_key)
            if len(text) > FREE_TEXT_MAX:
                raise AnswerInvalid("text_too_long", question_key)
            return ValidAnswer(question_key, choice_key, text or None, question.framework,
                               question.raises_alert(choice_key))
        if not question.is_free_text:
            if text:
                raise AnswerInvalid("text_not_allowed", question_key)
            raise AnswerInvalid("choice_required", question_key)
        if not text:
            raise AnswerInvalid("empty", question_key)
        if len(text) > FREE_TEXT_MAX:
            raise AnswerInvalid("text_too_long", question_key)
        return ValidAnswer(question_key, None, text, question.framework)
