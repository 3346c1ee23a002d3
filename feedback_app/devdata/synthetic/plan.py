"""What synthetic national data looks like: the plan (how many responses, councils, years), the
national shares it draws from, each council's profile, and the answers along the survey's route.

Every answer is an option the survey offers, on the route the survey would have taken; a test
replays a sample through the validation ``record_answer`` applies to every channel.
"""
from __future__ import annotations

import random
import re
from bisect import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from itertools import accumulate

from ...questionnaire import PREFER_NOT_SAY, SKIP
from ...reports.periods import LONDON, Quarter, quarter_of, quarters_ending

SLUG_PREFIX = "synthetic-"
SYNTHETIC_SLUG = re.compile(r"synthetic-\d+")
UTC = timezone.utc
HOUR = 3600

# ONS code prefix, how many such councils England has, and their caseload beside a unitary's.
COUNCIL_TYPES = (("E06", 63, 1.0), ("E08", 36, 1.5), ("E09", 33, 0.8), ("E10", 21, 2.6))
# Share of invitations sent by each channel, and the share of those answered (about 37% in all).
CHANNELS = {"web": (0.36, 0.30), "sms": (0.30, 0.36), "paper": (0.20, 0.24), "assisted": (0.09, 0.72),
            "staff": (0.05, 0.85)}
_SENT = {("independent", "after"): 54, ("independent", "during"): 3, ("independent", "at_closure"): 3,
         ("enquiry_lead", "at_closure"): 28, ("enquiry_lead", "during"): 8, ("enquiry_lead", "after"): 4}
# Days from sending to answering, by channel: the earliest, and the mean wait after that.
DELAYS = {"web": (0, 3), "sms": (0, 2), "paper": (5, 6), "assisted": (0, 7)}
# Who asks, and when, by channel: staff ask at the closing visit, advocates visit afterwards.
ROUTES = {"staff": {("enquiry_lead", "at_closure"): 8, ("enquiry_lead", "during"): 2},
          "assisted": {("independent", "after"): 78, ("independent", "during"): 12,
                       ("enquiry_lead", "at_closure"): 10},
          "web": _SENT, "sms": _SENT, "paper": _SENT}
# The Safeguarding Adults Collection's national shares, near enough (SG4a and the risk outcome).
OUTCOMES_ASKED = {"asked_expressed": 63, "asked_not_expressed": 15, "not_asked": 9, "dont_know": 5,
                  "not_recorded": 8}
EXPRESSED = "asked_expressed"
OUTCOMES_ACHIEVED = {"fully": 66, "partially": 29, "not_achieved": 5}
RISK_OUTCOMES = {"removed": 22, "reduced": 69, "remained": 9}
REPRESENTATIVE_KINDS = {"family": 55, "friend": 7, "carer": 13, "care_act_advocate": 10, "imca": 15}
# Who answers, by who was invited; None is a skipped "who is answering" question.
RESPONDENTS = {"adult": {"adult": 70, "adult_with_help": 24, "representative": 2, None: 4},
               "representative": {"representative": 86, "adult_with_help": 9, "adult": 2, None: 3}}
OTHER_LANGUAGES = ("ur", "pl", "ar")
# How much more (or less) positive people are about a framework item than about the others.
ITEM_TONE = {"mspof:Q4": 1, "mspof:Q6": -1, "mspof:Q7": -2}
ACHIEVED_TONE = {"fully": 2, "partially": -2, "not_achieved": -5}
UNANSWERED = {SKIP: 0.02, PREFER_NOT_SAY: 0.01}
DESIRED_OUTCOMES = ("To feel safe at home.", "To stay living where I am.", "For the calls to stop.",
                    "To see my family again.", "To have a say in my care.", "To get my money back.")
# Shared JSON values: each is serialised once for COPY.
NO_CATEGORIES, NO_NEEDS, EASY_READ, LARGE_PRINT, NO_SCREENING = [], [], ["easy_read"], ["large_print"], {}

ENQUIRY_COLUMNS = ("id", "organisation_id", "case_ref_hash", "case_ref_hint", "kind", "opened_on", "closed_on",
                   "imported", "outcomes_asked", "desired_outcome_categories", "desired_outcomes_text",
                   "outcomes_achieved", "risk_outcome", "created_at")
PARTICIPANT_COLUMNS = ("id", "organisation_id", "enquiry_id", "role", "representative_kind", "language",
                       "format_needs", "screening", "created_at")
INVITATION_COLUMNS = ("id", "organisation_id", "participant_id", "survey_id", "channel", "timing", "asked_by",
                      "status", "due_at", "expires_at", "attempts", "reminders_sent", "sent_at", "created_at")
RESPONSE_COLUMNS = ("id", "organisation_id", "participant_id", "invitation_id", "survey_id", "survey_version",
                    "language", "channel", "enquiry_kind", "timing", "asked_by", "respondent",
                    "representative_kind", "person_present", "status", "submitted_at", "created_at", "mode",
                    "enquiry_closed_on", "feedback_window")
ANSWER_COLUMNS = ("response_id", "question_key", "framework_item", "choice_key", "answered_at", "channel")


def answer_mode(channel: str, respondent: str | None) -> str:
    """How the answers were given: a representative's own view, the person with an advocate's or
    the enquiry lead's support, or the person on their own."""
    if respondent == "representative":
        return "representative_view"
    if channel in ("assisted", "staff") and respondent == "adult_with_help":
        return "supported"
    return "self"


FILLED_TABLES = ("enquiry", "participant", "invitation", "response", "answer")


@dataclass(frozen=True)
class Plan:
    responses: int
    councils: int
    years: int
    seed: int
    last_quarter: Quarter

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return quarters_ending(self.last_quarter, self.years * 4)


@dataclass
class Made:
    councils: int = 0
    enquiries: int = 0
    invitations: int = 0
    responses: int = 0
    answers: int = 0


def last_full_quarter(today: date | None = None) -> Quarter:
    return quarter_of(today or datetime.now(LONDON).date()).previous()


class _Pick:
    """A weighted choice by bisection: cheaper than ``random.choices`` for one value at a time."""

    def __init__(self, weights: Mapping, rng: random.Random):
        total = sum(weights.values())
        self.values = list(weights)
        self.cumulative = [w / total for w in accumulate(weights.values())]
        self.cumulative[-1] = 1.0
        self.random = rng.random

    def __call__(self):
        return self.values[bisect(self.cumulative, self.random())]


class _Answers:
    """Answers along the survey's own route, from its own options: positive on the whole, less so
    in some councils, from representatives, and about outcomes that were not achieved."""

    def __init__(self, survey, rng: random.Random):
        self.rng, self._graded = rng, {}
        self.questions = [(q, self._kind(q)) for q in survey.questions]

    @staticmethod
    def _kind(question) -> str:
        if question.ends_survey_unless:
            return "go_on"
        if any(option.respondent for option in question.options):
            return "who"
        # The person's own words are optional; leaving them out keeps every alert real.
        return "left_out" if question.is_free_text else "graded"

    def _graded_pick(self, question, tone: int) -> _Pick:
        key = (question.key, tone)
        if key not in self._graded:
            options = [o.key for o in question.options if o.key not in question.raises_alert_on]
            # The first option is the most positive; each one after it is chosen less often.
            weights = [(0.28 - 0.035 * tone) ** i for i in range(len(options))]
            share = (1 - sum(UNANSWERED.values())) / sum(weights)
            self._graded[key] = _Pick({**{o: w * share for o, w in zip(options, weights)}, **UNANSWERED},
                                      self.rng)
        return self._graded[key]

    def plan(self, outcomes_recorded: bool, respondent: str | None, tone: int,
             achieved: str | None) -> tuple[list[tuple[str, str | None, str]], str | None]:
        """The answer rows (question, framework item, choice), and who said they were answering."""
        chosen, shown, rows, answering = {}, set(), [], None
        for question, kind in self.questions:
            if question.show_if and not question.show_if.holds(outcomes_recorded, chosen, shown):
                continue
            shown.add(question.key)
            if kind == "left_out":
                continue
            if kind == "go_on":
                choice = next(o.key for o in question.options if o.key in question.ends_survey_unless)
            elif kind == "who":
                choice = next((o.key for o in question.options if o.respondent == respondent), SKIP)
                answering = respondent if choice != SKIP else None
            else:
                mood = tone + ITEM_TONE.get(question.framework, 0)
                if question.show_if and question.show_if.record:
                    mood += ACHIEVED_TONE.get(achieved, 0)
                choice = self._graded_pick(question, max(-5, min(5, mood)))()
            chosen[question.key] = choice
            rows.append((question.key, question.framework, choice))
        return rows, answering


@dataclass
class _Council:
    id: int
    weight: float
    growth: float
    s42: float
    imported: bool
    tone: int
    blank: float  # how often a record item is left blank
    representatives: float
    languages: _Pick
    answering: _Pick  # channel of an invitation that is answered
    ignored: _Pick  # channel of one that is not
    unanswered_ratio: float


def _council_rows(plan: Plan, rng: random.Random) -> list[dict]:
    england = sum(n for _, n, _ in COUNCIL_TYPES)
    types = [(prefix, size) for prefix, n, size in COUNCIL_TYPES
             for _ in range(max(1, round(n * plan.councils / england)))]
    rng.shuffle(types)
    rows, now = [], datetime.now(UTC)
    for number in range(1, plan.councils + 1):
        prefix, size = types[(number - 1) % len(types)]
        offered = ["en", "cy", *(code for code in OTHER_LANGUAGES if rng.random() < 0.4)]
        rows.append({"slug": f"{SLUG_PREFIX}{number}", "name": f"Synthetic Council {number}", "kind": "council",
                     "ons_code": f"{prefix}{800000 + number:06d}", "settings": {"languages": offered},
                     "created_at": now, "size": size * rng.lognormvariate(0, 0.5)})
    return rows


def _profile(council_id: int, row: dict, rng: random.Random) -> _Council:
    mix = {channel: share * rng.lognormvariate(0, 0.35) for channel, (share, _) in CHANNELS.items()}
    answered = {channel: mix[channel] * rate for channel, (_, rate) in CHANNELS.items()}
    ignored = {channel: mix[channel] * (1 - rate) for channel, (_, rate) in CHANNELS.items()}
    languages = {"en": 95.0, **{code: 2.0 if code == "cy" else 1.0 for code in row["settings"]["languages"][1:]}}
    return _Council(
        id=council_id, weight=row["size"], growth=rng.uniform(0.04, 0.05), s42=rng.uniform(0.72, 0.88),
        imported=rng.random() < 0.3, tone=rng.randint(-2, 2), blank=rng.uniform(0.01, 0.12),
        representatives=rng.uniform(0.2, 0.4), languages=_Pick(languages, rng), answering=_Pick(answered, rng),
        ignored=_Pick(ignored, rng), unanswered_ratio=sum(ignored.values()) / sum(answered.values()))

