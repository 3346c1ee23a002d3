"""Questions and their options, as read from surveys/*.yaml. Immutable once loaded.

Every piece of text here is the English source. The ``*_translated`` helpers pass it through
gettext at the moment of use, so one loaded survey serves every language: the Babel extractor
puts the same English strings into the catalogue.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext


def N_(text: str) -> str:
    """Mark text for the catalogue without translating it yet (it is translated when shown)."""
    return text


def clean_text(text: str) -> str:
    """The English source form of a text: what the loader keeps and the extractor catalogues."""
    return text.strip()


def translate(text: str | None) -> str | None:
    # gettext("") returns the catalogue's header, so empty text must never reach it.
    if not text:
        return text
    return gettext(text)


KINDS = ("choice", "yes_no", "scale", "free_text", "outcomes_review")
PRINCIPLES = ("Empowerment", "Prevention", "Proportionality", "Protection", "Partnership",
              "Accountability")
FREE_TEXT_MAX = 2000
SKIP = "skip"
PREFER_NOT_SAY = "prefer_not_say"


@dataclass(frozen=True)
class Option:
    """One numbered answer. ``number`` is what a person ticks on paper or replies by text."""

    number: int
    key: str
    adult_label: str
    symbol: str
    representative_label: str | None = None
    respondent: str | None = None
    universal: bool = False

    def label(self, for_representative: bool = False) -> str:
        if for_representative and self.representative_label:
            return self.representative_label
        return self.adult_label

    def label_translated(self, for_representative: bool = False) -> str:
        return translate(self.label(for_representative))


# Offered on every question by the service rather than written into each file, so no survey can
# forget them. 0 and 9 keep clear of the 1..8 that a survey's own options may use.
UNIVERSAL_CHOICES = (
    Option(number=0, key=SKIP, adult_label=N_("Skip this question"), symbol="skip.svg",
           universal=True),
    Option(number=9, key=PREFER_NOT_SAY, adult_label=N_("I'd rather not say"),
           symbol="prefer-not-say.svg", universal=True),
)
UNIVERSAL_KEYS = frozenset(option.key for option in UNIVERSAL_CHOICES)


@dataclass(frozen=True)
class Wording:
    """What one audience reads: the question, an easy-read hint, and the one-text SMS form."""

    text: str
    sms: str
    hint: str | None = None


@dataclass(frozen=True)
class ShowIf:
    """A condition on the case record, or on an earlier answer."""

    record: str | None = None
    question: str | None = None
    answers: frozenset[str] = frozenset()

    def holds(self, outcomes_recorded: bool, answers, shown: set[str]) -> bool:
        if self.record == "outcomes_recorded" and not outcomes_recorded:
            return False
        if self.question is not None:
            # An answer to a question that is no longer shown (because an earlier answer changed)
            # must not keep steering the route.
            if self.question not in shown or answers.get(self.question) not in self.answers:
                return False
        return True


@dataclass(frozen=True, repr=False)
class Question:
    key: str
    framework: str | None
    principle: str | None
    kind: str
    symbol: str
    adult: Wording
    representative: Wording
    options: tuple[Option, ...] = ()
    show_if: ShowIf | None = None
    raises_alert_on: frozenset[str] = frozenset()
    ends_survey_unless: frozenset[str] | None = None
    position: int = 0

    def __repr__(self) -> str:
        return f"<Question {self.key} ({self.kind})>"

    def wording(self, for_representative: bool = False) -> Wording:
        return self.representative if for_representative else self.adult

    def text(self, for_representative: bool = False) -> str:
        return self.wording(for_representative).text

    def hint(self, for_representative: bool = False) -> str | None:
        return self.wording(for_representative).hint

    def sms(self, for_representative: bool = False) -> str:
        return self.wording(for_representative).sms

    def text_translated(self, for_representative: bool = False) -> str:
        return translate(self.text(for_representative))

    def hint_translated(self, for_representative: bool = False) -> str | None:
        return translate(self.hint(for_representative))

    def sms_translated(self, for_representative: bool = False) -> str:
        return translate(self.sms(for_representative))

    @property
    def is_free_text(self) -> bool:
        return self.kind == "free_text"

    @property
    def choices(self) -> tuple[Option, ...]:
        """The survey's own options followed by skip and prefer-not-say, in display order."""
        return self.options + UNIVERSAL_CHOICES

    @property
    def offered_choices(self) -> tuple[Option, ...]:
        """The choices a page or a form offers. A question that decides whether the questionnaire
        goes on (consent) needs yes, no or not now, so it offers no "Skip" or "I'd rather not say";
        a channel that received no answer at all (no tick on paper, two unclear texts) still
        records it as skipped, which ends the questionnaire as any answer but yes does."""
        return self.options if self.ends_survey_unless else self.choices

    @property
    def choice_keys(self) -> frozenset[str]:
        return frozenset(option.key for option in self.choices)

    def choice(self, key: str) -> Option:
        for option in self.choices:
            if option.key == key:
                return option
        raise KeyError(f"question {self.key!r} has no choice {key!r}")

    def choice_by_number(self, number: int) -> Option | None:
        """The choice a person means by a number written on paper or replied by text."""
        for option in self.choices:
            if option.number == number:
                return option
        return None

    def raises_alert(self, choice_key: str | None) -> bool:
        return choice_key in self.raises_alert_on
