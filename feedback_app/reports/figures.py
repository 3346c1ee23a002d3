"""The MSP Outcomes Framework figures for a period, counted by the database.

Every function runs a few grouped queries (never a row per response) and returns unrounded
counts; disclosure control is applied afterwards, once totals have been made. Figures are kept
per organisation even for national totals, so one query serves a council, a comparison between
councils and the whole country alike: ``organisation_ids=None`` means every organisation.

The queries filter on ``organisation_id`` themselves and run outside the signed-in user's
organisation scope, because a national viewer or a benchmark looks across councils; deciding
which organisations a user may ask about is the caller's job.
"""
from __future__ import annotations

import enum
from functools import lru_cache
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Enum, String, and_, bindparam, case, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ..db import unscoped
from ..models import (
    COUNTED_RESPONSES, Answer, Enquiry, FeedbackWindow, Invitation, OutcomesAsked, Participant, Respondent, Response,
)
from .counts import Counts
from .periods import Period

# Who answered, when the questionnaire never asked or the answer was skipped.
UNKNOWN = "unknown"
# A record item the practitioner left blank: kept apart from the framework's own "not recorded"
# so that a return can decide how to count it.
NOT_ENTERED = "not_entered"
FRAMEWORK_ITEMS = "mspof:Q%"

EXPERIENCE_DIMENSIONS = ("organisation_id", "framework_item", "question_key", "choice_key",
                         "enquiry_kind", "respondent", "window", "first")
RECORD_DIMENSIONS = ("organisation_id", "enquiry_kind", "outcomes_asked", "outcomes_achieved",
                     "risk_outcome", "source")
ROUTE_DIMENSIONS = ("organisation_id", "channel", "asked_by", "timing")


def _value(value, blank: str = UNKNOWN):
    if value is None:
        return blank
    return value.value if isinstance(value, enum.Enum) else value


def _plain(column):
    """A vocabulary column read as its stored text: the same values without making an Enum for
    each of tens of thousands of national rows, only to read its ``.value`` back."""
    return type_coerce(column, String).label(column.key) if isinstance(column.type, Enum) else column


def _of(column, organisation_ids: Collection[int] | None) -> list:
    return [] if organisation_ids is None else [column.in_(sorted(set(organisation_ids)))]


def _grouped(session: Session, columns: list, *criteria, counts=None, joined=None) -> list[tuple]:
    """Rows of (columns..., counts...) grouped by ``columns``; ``joined`` is (target, on, outer)."""
    statement = select(*map(_plain, columns), *(counts or [func.count()]))
    if joined is not None:
        target, on, outer = joined
        statement = statement.select_from(columns[0].class_).join(target, on, isouter=outer)
    with unscoped(session):
        return session.execute(statement.where(*criteria).group_by(*columns)).all()


def _submitted_within(period: Period) -> list:
    start, end = period.utc_bounds()
    return [Response.status.in_(COUNTED_RESPONSES),
            Response.submitted_at >= start, Response.submitted_at < end]


def experience_counts(session: Session, organisation_ids: Collection[int] | None, period: Period) -> Counts:
    """Answers to the framework's experience questions about enquiries closed in the period.

    Feedback lands in the quarter its enquiry closed, the same quarter as the enquiry's record
    items, and carries its window (``window``): during the enquiry, from closure to eight weeks
    after, or later. Reports count the second and show the others apart.

    Counted per choice (skip and prefer_not_say included, so a base can be chosen later) and by
    framework item and question, because a survey may feed one item from several questions.
    Split by enquiry kind and by who answered: the national pilot found adults' own answers must
    be read apart from representatives'. ``first`` says whether the response stands for its
    enquiry in its window (the adult's, where an adult and a representative both answered), so
    that "all respondents" can take one answer per enquiry.
    """
    values = {"first_day": period.start, "last_day": period.end}
    if organisation_ids is not None:
        values["organisations"] = sorted(set(organisation_ids))
    with unscoped(session):
        rows = session.execute(_experience_statement(organisation_ids is not None), values).all()
    return Counts.from_rows(EXPERIENCE_DIMENSIONS, (
        (org, item, question, choice, _value(kind), _value(respondent), _value(window), bool(first), n)
        for org, item, question, choice, kind, respondent, window, first, n in rows))


@lru_cache(maxsize=2)
def _experience_statement(of_organisations: bool):
    """The experience counts' statement, built once (with or without a list of organisations):
    building the correlated check afresh cost more than running it for a council."""
    # The check runs once a response, before its answers are joined, not once an answer.
    responses = (
        select(Response.id, Response.organisation_id, _plain(Response.enquiry_kind), _plain(Response.respondent),
               _plain(Response.feedback_window), first_for_enquiry().label("first"))
        .where(Response.status.in_(COUNTED_RESPONSES),
               Response.enquiry_closed_on >= bindparam("first_day"), Response.enquiry_closed_on <= bindparam("last_day"),
               *([Response.organisation_id.in_(bindparam("organisations", expanding=True))] if of_organisations else []))
    ).subquery()
    answers = (
        select(responses.c.organisation_id, Answer.framework_item, Answer.question_key, Answer.choice_key,
               responses.c.enquiry_kind, responses.c.respondent, responses.c.feedback_window, responses.c.first)
        .select_from(responses).join(Answer, Answer.response_id == responses.c.id)
        .where(Answer.framework_item.like(FRAMEWORK_ITEMS), Answer.choice_key.is_not(None))
    ).subquery()
    return select(*answers.c, func.count()).group_by(*answers.c)


def _rank(response):
    """Whose answer stands for an enquiry: the adult's (helped or not), then one whose answerer
    is not known, then a representative's."""
    return case((response.respondent == Respondent.REPRESENTATIVE, 2), (response.respondent.is_(None), 1), else_=0)


def first_for_enquiry():
    """True for the one response that "all respondents" counts for its enquiry, within a window:
    no other counted response about the same enquiry, in the same window, comes before it (the
    adult's first, then the earliest). A response cut from its participant by the retention cut
    keeps the answer worked out before the cut."""
    mine, theirs, other = aliased(Participant), aliased(Participant), aliased(Response)
    before = exists().where(
        mine.id == Response.participant_id, theirs.enquiry_id == mine.enquiry_id,
        other.participant_id == theirs.id, other.id != Response.id,
        other.status.in_(COUNTED_RESPONSES), other.feedback_window == Response.feedback_window,
        or_(_rank(other) < _rank(Response), and_(_rank(other) == _rank(Response), other.id < Response.id)))
    return case((Response.counted_first.is_not(None), Response.counted_first), else_=~before)


@dataclass(frozen=True)
class RecordCounts:
    """Framework questions 1-3 from the case records of enquiries closed in the period."""

    records: Counts  # by RECORD_DIMENSIONS

    def enquiries(self, **where) -> int:
        return self.records.total(**where)

    def outcomes_asked(self) -> Counts:
        """Q1: asked about desired outcomes, in the five national categories."""
        return self._item("outcomes_asked")

    def outcomes_achieved(self) -> Counts:
        """Q2: only where outcomes were expressed, as the framework defines it."""
        return self._item("outcomes_achieved", outcomes_asked=OutcomesAsked.EXPRESSED.value)

    def risk_outcome(self) -> Counts:
        """Q3 as the national collection's risk outcome, until its wording is confirmed."""
        return self._item("risk_outcome")

    def completed(self) -> Counts:
        """Enquiries completed, by whether they were entered here or imported: the same rows."""
        return self.records.keep("organisation_id", "enquiry_kind", "source")

    def _item(self, item: str, **where) -> Counts:
        kept = self.records.keep("organisation_id", "enquiry_kind", item, **where)
        return Counts(("organisation_id", "enquiry_kind", "category"), kept.cells)


def record_counts(session: Session, organisation_ids: Collection[int] | None, period: Period) -> RecordCounts:
    columns = [Enquiry.organisation_id, Enquiry.kind, Enquiry.outcomes_asked, Enquiry.outcomes_achieved,
               Enquiry.risk_outcome, Enquiry.imported]
    rows = _grouped(session, columns, Enquiry.closed_on >= period.start, Enquiry.closed_on <= period.end,
                    *_of(Enquiry.organisation_id, organisation_ids))
    return RecordCounts(Counts.from_rows(RECORD_DIMENSIONS, (
        (org, _value(kind), _value(asked, NOT_ENTERED), _value(achieved, NOT_ENTERED),
         _value(risk, NOT_ENTERED), _source(imported), n)
        for org, kind, asked, achieved, risk, imported, n in rows)))


def _source(imported) -> str:
    return "imported" if imported else "entered"


@dataclass(frozen=True)
class Rate:
    responses: int
    invitations: int

    @property
    def rate(self) -> float | None:
        return self.responses / self.invitations if self.invitations else None


@dataclass(frozen=True)
class Activity:
    enquiries_completed: Counts  # organisation_id, enquiry_kind, source (entered or imported)
    invitations_sent: Counts  # ROUTE_DIMENSIONS, of the invitation
    invitations_answered: Counts  # the same invitations, those with a submitted response
    responses_submitted: Counts  # ROUTE_DIMENSIONS, of the response, whatever started it

    def response_rates(self, *dimensions: str, **where) -> dict:
        """Responses per invitation sent in the period, for each group of ``dimensions``.

        The responses counted are those to the invitations sent in the period, whenever they
        came back: a rate of the same people, never above 100%, that a late reply still counts
        towards. A recent quarter's rate therefore rises for a few weeks after it ends.
        """
        sent = self.invitations_sent.by(*dimensions, **where)
        answered = self.invitations_answered.by(*dimensions, **where)
        return {key: Rate(answered.get(key, 0), n) for key, n in sent.items()}

    def response_rate(self, **where) -> Rate:
        return Rate(self.invitations_answered.total(**where), self.invitations_sent.total(**where))


def activity(session: Session, organisation_ids: Collection[int] | None, period: Period,
             records: RecordCounts | None = None) -> Activity:
    """Enquiries completed, invitations sent and responses sent in the period, by route.

    ``records``, when the caller has already counted the period's record items for the same
    organisations, gives the enquiries completed without counting the same rows again.
    """
    if records is None:
        records = record_counts(session, organisation_ids, period)

    start, end = period.utc_bounds()
    route = [Invitation.organisation_id, Invitation.channel, Invitation.asked_by, Invitation.timing]
    # Two counts in one pass: every invitation, and those joined to a submitted response (a
    # response's invitation_id is unique, so the outer join never counts an invitation twice) or
    # whose counted response the retention cut has since taken from it.
    answered = and_(Response.invitation_id == Invitation.id, Response.status.in_(COUNTED_RESPONSES))
    invitations = _grouped(
        session, route, Invitation.sent_at >= start, Invitation.sent_at < end,
        *_of(Invitation.organisation_id, organisation_ids),
        counts=[func.count(Invitation.id), func.count(case((or_(Response.id.is_not(None), Invitation.answer_counted), 1)))],
        joined=(Response, answered, True),
    )
    responses = _grouped(session, [Response.organisation_id, Response.channel, Response.asked_by, Response.timing],
                         *_submitted_within(period), *_of(Response.organisation_id, organisation_ids))

    def routes(rows):
        return [(org, _value(channel), _value(asked_by), _value(timing), *counts)
                for org, channel, asked_by, timing, *counts in rows]

    return Activity(
        enquiries_completed=records.completed(),
        invitations_sent=Counts.from_rows(ROUTE_DIMENSIONS, (row[:-1] for row in routes(invitations))),
        invitations_answered=Counts.from_rows(ROUTE_DIMENSIONS, ((*row[:4], row[5]) for row in routes(invitations))),
        responses_submitted=Counts.from_rows(ROUTE_DIMENSIONS, routes(responses)),
    )


CROSS_DIMENSIONS = ("organisation_id", "safer", "outcomes")


def safer_by_outcomes(session: Session, organisation_ids: Collection[int] | None, period: Period) -> Counts:
    """Feeling safer (framework Q6) beside outcomes achieved in the person's view (Q2), from the
    same responses: one count per pair of answers, counted as the experience figures are (about
    enquiries closed in the period, given from closure to eight weeks after)."""
    safer, outcomes = aliased(Answer), aliased(Answer)
    statement = (
        select(Response.organisation_id, safer.choice_key, outcomes.choice_key, func.count())
        .select_from(Response)
        .join(safer, and_(safer.response_id == Response.id, safer.framework_item == "mspof:Q6"))
        .join(outcomes, and_(outcomes.response_id == Response.id, outcomes.framework_item == "mspof:Q2"))
        .where(Response.status.in_(COUNTED_RESPONSES), Response.enquiry_closed_on >= period.start,
               Response.enquiry_closed_on <= period.end, Response.feedback_window == FeedbackWindow.AFTER,
               safer.choice_key.is_not(None), outcomes.choice_key.is_not(None),
               *_of(Response.organisation_id, organisation_ids))
        .group_by(Response.organisation_id, safer.choice_key, outcomes.choice_key))
    with unscoped(session):
        return Counts.from_rows(CROSS_DIMENSIONS, session.execute(statement).all())
