"""Synthetic national data for measuring the reports (``flask synthetic generate``).

A report that is quick over the demo data can still be slow over every council's five years, and
only rows spread as unevenly as real ones show it: councils of very different sizes growing a few
per cent a year, section 42 and other enquiries, answers by web, text, paper, with an advocate or
with staff, asked by an independent person or by the enquiry lead, before, at or after closure,
answers mostly positive, and most invitations never answered. Rows go in by the batch (COPY on
PostgreSQL, executemany elsewhere), never as an ORM object each, so a million responses take
minutes. The same seed makes the same data.

Only what the reports read is made, for councils whose slugs are ``synthetic-<n>``: no users, no
contact details, no consent ledger, no link tokens (so no synthetic invitation can be opened),
no free text and no alerts (no synthetic person asks to be contacted, so no duty desk fills up).
An enquiry's case reference hash is random, so no real reference can ever match one. Every
answer is an option the survey offers, on the route the survey would have taken.
"""
from __future__ import annotations

import json
import os
import random
import re
import time as timer
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from itertools import accumulate

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import JSON, Connection, Table, Text, bindparam, func, or_, select, text

from .casework.records.scheduling import (
    DEFAULT_DAYS_AFTER_CLOSURE, DEFAULT_LINK_DAYS, FRAMEWORK_WINDOW_DAYS, SEND_TIME, SURVEY_ID,
)
from .crypto import keyring
from .db import db
from .i18n import LANGUAGES
from .models import Base, Organisation
from .models.base import EncryptedText
from .questionnaire import PREFER_NOT_SAY, SKIP, get_survey
from .reports.periods import LONDON, InvalidPeriod, Quarter, parse_quarter, quarter_of, quarters_ending

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
                    "representative_kind", "person_present", "status", "submitted_at", "created_at")
ANSWER_COLUMNS = ("response_id", "question_key", "framework_item", "choice_key", "answered_at")
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


class _Clock:
    """UTC instants of clock times in England by day number, without a time zone lookup each."""

    def __init__(self, first: int, last: int):
        self.first = first
        self.midnights = [datetime.combine(date.fromordinal(day), time(12), LONDON).astimezone(UTC)
                          - timedelta(hours=12) for day in range(first, last + 1)]

    def at(self, day: int, seconds: int) -> datetime:
        # Right for any time after 03:00, so on the two days a year the clocks change as well.
        return self.midnights[day - self.first] + timedelta(seconds=seconds)


class _Writer:
    """COPY on PostgreSQL; one INSERT executed for many rows elsewhere."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.copying = connection.dialect.name == "postgresql"
        self._json: dict[int, str] = {}

    def write(self, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        if not self.copying:
            # Stored as given: the encrypted text is already ciphertext.
            statement = table.insert().values({c: bindparam(f"v_{c}", type_=Text() if isinstance(
                table.c[c].type, EncryptedText) else table.c[c].type) for c in columns})
            self.connection.execute(statement, [{f"v_{c}": v for c, v in zip(columns, row)} for row in rows])
            return
        shaped = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
        with self.connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    if shaped:
                        row = list(row)
                        for i in shaped:
                            row[i] = self._json_text(row[i])
                    copy.write_row(row)

    def _json_text(self, value) -> str:
        if id(value) not in self._json:
            self._json[id(value)] = json.dumps(value)
        return self._json[id(value)]


class _Case:
    """One enquiry with its participant and invitation, and the response if there is one."""

    __slots__ = ("sent_at", "council", "kind", "opened", "closed", "asked", "outcomes_text", "achieved", "risk",
                 "role", "representative", "language", "needs", "channel", "asked_by", "timing", "reminders",
                 "submitted_at", "started_at", "respondent", "present", "answers")


class _Generator:
    def __init__(self, connection: Connection, plan: Plan, councils: list[_Council]):
        self.plan, self.councils = plan, councils
        self.rng = rng = random.Random(f"{plan.seed}:records")
        self.survey = get_survey(SURVEY_ID)
        self.writer = _Writer(connection)
        self.answers = _Answers(self.survey, rng)
        self.first_day = plan.quarters[0].start.toordinal()
        self.end_day = plan.last_quarter.end.toordinal() + 1  # the day after the data ends
        self.clock = _Clock(self.first_day - 60, self.end_day)
        self.end = self.clock.at(self.end_day, 0)
        self.next_id = {name: _first_free_id(connection, name) for name in FILLED_TABLES[:-1]}
        self.made = Made(councils=len(councils))
        self.picks = {name: _Pick(weights, rng) for name, weights in (
            ("asked", OUTCOMES_ASKED), ("achieved", OUTCOMES_ACHIEVED), ("risk", RISK_OUTCOMES),
            ("representative", REPRESENTATIVE_KINDS), *((f"who:{k}", w) for k, w in RESPONDENTS.items()),
            *((f"route:{k}", w) for k, w in ROUTES.items()))}
        # A few texts encrypted once and shared: ciphertext made per enquiry would cost minutes.
        self.outcomes_texts = [keyring.encrypt(words) for words in DESIRED_OUTCOMES]

    def months(self) -> list[tuple[int, int]]:
        months, day = [], self.first_day
        while day < self.end_day:
            first = date.fromordinal(day)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1).toordinal()
            months.append((day, following - 1))
            day = following
        return months

    def allocate(self, months) -> tuple[Counter, Counter]:
        """Which council and month each response, and each unanswered invitation, belongs to."""
        cells, answered, ignored = [], [], []
        for m, (first, last) in enumerate(months):
            for c, council in enumerate(self.councils):
                weight = council.weight * (1 + council.growth) ** (m / 12) * (last - first + 1)
                cells.append((m, c))
                answered.append(weight)
                ignored.append(weight * council.unanswered_ratio)
        unanswered = round(self.plan.responses * sum(ignored) / sum(answered))
        draw = self.rng.choices
        return (Counter(draw(cells, cum_weights=list(accumulate(answered)), k=self.plan.responses)),
                Counter(draw(cells, cum_weights=list(accumulate(ignored)), k=unanswered)))

    def run(self, progress: Callable[[Quarter, Made], None] | None = None) -> Made:
        months = self.months()
        answered, ignored = self.allocate(months)
        tables = Base.metadata.tables
        for m, (first, last) in enumerate(months):
            cases = [self.case(council, first, last, responded)
                     for c, council in enumerate(self.councils)
                     for responded, counts in ((True, answered), (False, ignored))
                     for _ in range(counts.get((m, c), 0))]
            cases.sort(key=lambda case: case.sent_at)  # rows arrive in time order, councils mixed
            for name, columns, rows in self.rows(cases):
                self.writer.write(tables[name], columns, rows)
            quarter = quarter_of(date.fromordinal(last))
            if progress and (last + 1 == self.end_day or quarter_of(date.fromordinal(last + 1)) != quarter):
                progress(quarter, self.made)
        return self.made

    def case(self, council: _Council, first: int, last: int, responded: bool) -> _Case:
        rng, picks, case = self.rng, self.picks, _Case()
        case.council, case.channel = council.id, (council.answering if responded else council.ignored)()
        case.asked_by, case.timing = picks[f"route:{case.channel}"]()
        scheduled = case.channel in ("web", "sms", "paper")
        sent_seconds = (SEND_TIME.hour * HOUR + rng.randint(0, 900) if scheduled
                        else rng.randint(9 * HOUR + 1800, 17 * HOUR))
        if responded:
            answered_day = rng.randint(first, last)
            delay = self._delay(case.channel)
            sent_day = answered_day - delay
            case.sent_at = self.clock.at(sent_day, sent_seconds)
            case.submitted_at = (case.sent_at + timedelta(seconds=rng.randint(600, 4 * HOUR)) if delay == 0
                                 else self.clock.at(answered_day, rng.randint(7 * HOUR, 22 * HOUR)))
            case.started_at = max(case.sent_at, case.submitted_at - timedelta(seconds=rng.randint(120, 1800)))
        else:
            sent_day = rng.randint(first, last)
            case.sent_at, case.submitted_at = self.clock.at(sent_day, sent_seconds), None
        self._enquiry(case, council, sent_day)
        case.role = "representative" if rng.random() < council.representatives else "adult"
        case.representative = picks["representative"]() if case.role == "representative" else None
        case.language = council.languages()
        needs = rng.random()
        case.needs = EASY_READ if needs < 0.15 else LARGE_PRINT if needs < 0.18 else NO_NEEDS
        case.reminders = 1 if case.channel in ("web", "sms") and (not responded or delay >= 7) else 0
        if responded:
            wanted = picks[f"who:{case.role}"]()
            tone = council.tone + (case.asked_by == "enquiry_lead") - (wanted == "representative")
            recorded = case.asked == EXPRESSED and case.outcomes_text is not None
            case.answers, case.respondent = self.answers.plan(recorded, wanted, tone, case.achieved)
            case.present = (rng.random() < (0.5 if wanted == "representative" else 0.95)
                            if case.channel in ("assisted", "staff") else None)
        return case

    def _delay(self, channel: str) -> int:
        """Days from sending to answering: on the spot with staff, post both ways for paper."""
        if channel == "staff":
            return 0
        earliest, mean = DELAYS[channel]
        return min(DEFAULT_LINK_DAYS - 1, earliest + int(self.rng.expovariate(1 / mean)))

    def _enquiry(self, case: _Case, council: _Council, sent_day: int) -> None:
        rng, picks = self.rng, self.picks
        case.kind = "s42" if rng.random() < council.s42 else "other"
        if case.timing == "after":
            closed = sent_day - round(rng.triangular(1, FRAMEWORK_WINDOW_DAYS, DEFAULT_DAYS_AFTER_CLOSURE))
        elif case.timing == "at_closure":
            closed = sent_day - rng.randint(0, 2)
        else:
            closed = sent_day + rng.randint(7, 120)
            closed = closed if closed < self.end_day else None  # still open when the data ends
        case.closed = closed
        case.opened = (sent_day - rng.randint(5, 90) if case.timing == "during"
                       else closed - max(2, min(400, int(rng.lognormvariate(3.7, 0.8)))))
        case.asked = case.outcomes_text = case.achieved = case.risk = None
        if closed is not None:
            blank = council.blank
            case.asked = None if rng.random() < blank else picks["asked"]()
            if case.asked == EXPRESSED:
                case.outcomes_text = rng.choice(self.outcomes_texts)
                case.achieved = None if rng.random() < blank else picks["achieved"]()
            case.risk = None if rng.random() < blank else picks["risk"]()

    def rows(self, cases: list[_Case]) -> list[tuple[str, tuple[str, ...], list[tuple]]]:
        """The rows of each table for these cases, with ids handed out in order."""
        ids, link_life = self.next_id, timedelta(days=DEFAULT_LINK_DAYS)
        enquiries, participants, invitations, answered = [], [], [], []
        imported = {council.id: council.imported for council in self.councils}
        for n, case in enumerate(cases):
            enquiry_id, participant_id, invitation_id = (ids["enquiry"] + n, ids["participant"] + n,
                                                         ids["invitation"] + n)
            opened = date.fromordinal(case.opened)
            enquiries.append((
                enquiry_id, case.council, f"{self.rng.getrandbits(256):064x}", f"…{enquiry_id % 10000:04d}",
                case.kind, opened, date.fromordinal(case.closed) if case.closed else None, imported[case.council],
                case.asked, NO_CATEGORIES, case.outcomes_text, case.achieved, case.risk,
                datetime(opened.year, opened.month, opened.day, 10, tzinfo=UTC)))
            participants.append((participant_id, case.council, enquiry_id, case.role, case.representative,
                                 case.language, case.needs, NO_SCREENING, case.sent_at))
            expires = case.sent_at + link_life
            status = "completed" if case.submitted_at else "expired" if expires <= self.end else "sent"
            invitations.append((invitation_id, case.council, participant_id, SURVEY_ID, case.channel, case.timing,
                                case.asked_by, status, case.sent_at, expires, 1, case.reminders, case.sent_at,
                                case.sent_at))
            if case.submitted_at:
                answered.append((case, participant_id, invitation_id))
        answered.sort(key=lambda item: item[0].started_at)
        responses, answers = [], []
        for n, (case, participant_id, invitation_id) in enumerate(answered):
            response_id = ids["response"] + n
            responses.append((response_id, case.council, participant_id, invitation_id, SURVEY_ID,
                              self.survey.version, case.language, case.channel, case.kind, case.timing,
                              case.asked_by, case.respondent, case.representative, case.present, "submitted",
                              case.submitted_at, case.started_at))
            answers.extend((response_id, key, item, choice, case.submitted_at) for key, item, choice in case.answers)
        for name, rows in (("enquiry", enquiries), ("participant", participants), ("invitation", invitations),
                           ("response", responses)):
            ids[name] += len(rows)
        self.made.enquiries += len(cases)
        self.made.invitations += len(cases)
        self.made.responses += len(responses)
        self.made.answers += len(answers)
        return [("enquiry", ENQUIRY_COLUMNS, enquiries), ("participant", PARTICIPANT_COLUMNS, participants),
                ("invitation", INVITATION_COLUMNS, invitations), ("response", RESPONSE_COLUMNS, responses),
                ("answer", ANSWER_COLUMNS, answers)]


def _first_free_id(connection: Connection, name: str) -> int:
    return (connection.scalar(select(func.max(Base.metadata.tables[name].c.id))) or 0) + 1


def synthetic_council_ids(connection: Connection) -> list[int]:
    table = Organisation.__table__
    rows = connection.execute(select(table.c.id, table.c.slug).where(table.c.slug.like(f"{SLUG_PREFIX}%")))
    return [row.id for row in rows if SYNTHETIC_SLUG.fullmatch(row.slug)]


def delete_synthetic(connection: Connection) -> int:
    """Delete the synthetic councils and every record that belongs to them; returns how many."""
    ids = synthetic_council_ids(connection)
    if not ids:
        return 0
    organisation = Organisation.__table__
    for table in reversed(Base.metadata.sorted_tables):
        criteria = _belonging_to(table, ids)
        if criteria is not None and table is not organisation:
            connection.execute(table.delete().where(criteria))
    connection.execute(organisation.delete().where(organisation.c.id.in_(ids)))
    return len(ids)


def _belonging_to(table: Table, ids: list[int]):
    if "organisation_id" in table.c:
        return table.c.organisation_id.in_(ids)
    owned = []
    for key in table.foreign_keys:
        parent = key.column.table
        if parent.name == "organisation":
            owned.append(key.parent.in_(ids))
        elif "organisation_id" in parent.c:
            owned.append(key.parent.in_(select(parent.c.id).where(parent.c.organisation_id.in_(ids))))
    return or_(*owned) if owned else None


def generate(connection: Connection, plan: Plan,
             progress: Callable[[Quarter, Made], None] | None = None) -> Made:
    """Make the councils and their records in the caller's transaction, which commits them."""
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        # Ids are handed out here, from the highest in use: nobody else may add rows meanwhile.
        connection.execute(text(f"LOCK TABLE {', '.join(FILLED_TABLES)} IN EXCLUSIVE MODE"))
    rng = random.Random(f"{plan.seed}:councils")
    rows = _council_rows(plan, rng)
    organisation = Organisation.__table__
    connection.execute(organisation.insert(), [{k: v for k, v in row.items() if k != "size"} for row in rows])
    ids = dict(connection.execute(select(organisation.c.slug, organisation.c.id)
                                  .where(organisation.c.slug.in_([row["slug"] for row in rows]))).all())
    councils = [_profile(ids[row["slug"]], row, rng) for row in rows]
    made = _Generator(connection, plan, councils).run(progress)
    if postgres:
        for name in FILLED_TABLES:
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                    f"GREATEST((SELECT max(id) FROM {name}), 1))"))
    return made


# --- The command line ------------------------------------------------------------------------

synthetic_cli = AppGroup("synthetic", help="Synthetic national data for measuring the reports.")
LIMITS = {"--responses": (1, 20_000_000), "--councils": (1, 999), "--years": (1, 20), "--seed": (0, 2**31 - 1)}


def _terminal_language() -> str:
    """The terminal's language (LANG=cy_GB.UTF-8 gives Welsh) when the service offers it."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            code = re.split(r"[_.:@-]", os.environ[name])[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def _whole_number(option: str, value: str) -> int:
    low, high = LIMITS[option]
    try:
        number = int(str(value).replace(",", "").strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise click.UsageError(_("%(option)s must be a whole number from %(low)s to %(high)s, not %(value)s.",
                                 option=option, low=f"{low:,}", high=f"{high:,}", value=value))
    return number


def _plan(responses, councils, years, seed, last_quarter) -> Plan:
    values = {option: _whole_number(option, value) for option, value in (
        ("--responses", responses), ("--councils", councils), ("--years", years), ("--seed", seed))}
    try:
        last = last_full_quarter() if last_quarter is None else parse_quarter(last_quarter)
        last.previous(values["--years"] * 4 - 1)  # a span reaching before 1900 is no span to report on
    except InvalidPeriod:
        last = None
    if last is None or last > last_full_quarter():
        raise click.UsageError(_("%(option)s must be a quarter that has ended, written like 2025-26 Q1, "
                                 "not %(value)s.", option="--last-quarter", value=last_quarter))
    return Plan(values["--responses"], values["--councils"], values["--years"], values["--seed"], last)


@synthetic_cli.command("generate")
@click.option("--responses", default="1000000", show_default=True, help="Submitted responses to make.")
@click.option("--councils", default="153", show_default=True, help="Councils to share them between.")
@click.option("--years", default="5", show_default=True, help="Years of quarters, ending with the last quarter.")
@click.option("--seed", default="1", show_default=True, help="The same seed makes the same data.")
@click.option("--last-quarter", default=None, help="For example 2025-26 Q4. Default: the last that has ended.")
@click.option("--replace", is_flag=True, help="Delete the synthetic councils and all their records first.")
def generate_command(responses, councils, years, seed, last_quarter, replace):
    """Make synthetic councils with enquiries, invitations, responses and answers (never in production)."""
    from .commands import require_database

    with force_locale(_terminal_language()):
        if current_app.config["APP_ENV"] == "production":
            raise click.ClickException(_("Synthetic data is never made in production (APP_ENV is production)."))
        plan = _plan(responses, councils, years, seed, last_quarter)
        require_database()
        started = timer.monotonic()
        connection = db.session.connection()
        if synthetic_council_ids(connection):
            if not replace:
                raise click.ClickException(_("This database already holds synthetic councils: add --replace to "
                                             "delete them and make new ones."))
            deleted = delete_synthetic(connection)
            click.echo(ngettext("Deleted %(num)s synthetic council and everything recorded for it.",
                                "Deleted %(num)s synthetic councils and everything recorded for them.", deleted))
        click.echo(_("Making synthetic data from %(first)s to %(last)s. Responses: %(responses)s. "
                     "Councils: %(councils)s.", first=plan.quarters[0].label, last=plan.last_quarter.label,
                     responses=f"{plan.responses:,}", councils=f"{plan.councils:,}"))

        def progress(quarter: Quarter, made: Made) -> None:
            click.echo(_("%(quarter)s done. Responses so far: %(responses)s.", quarter=quarter.label,
                         responses=f"{made.responses:,}"))

        made = generate(connection, plan, progress)
        db.session.commit()
        if connection.dialect.name == "postgresql":
            db.session.execute(text(f"ANALYZE organisation, {', '.join(FILLED_TABLES)}"))
            db.session.commit()
        minutes, seconds = divmod(round(timer.monotonic() - started), 60)
        click.echo(_("Done in %(time)s. Councils: %(councils)s. Enquiries: %(enquiries)s. Invitations: "
                     "%(invitations)s. Responses: %(responses)s. Answers: %(answers)s.",
                     time=f"{minutes}:{seconds:02d}", councils=f"{made.councils:,}",
                     enquiries=f"{made.enquiries:,}", invitations=f"{made.invitations:,}",
                     responses=f"{made.responses:,}", answers=f"{made.answers:,}"))
