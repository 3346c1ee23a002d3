"""The retention cut: answers kept for the figures, no longer anybody's.

Once a council's retention period (``response_retention_days`` in its settings) has passed since
the end of a quarter's feedback window (eight weeks after the quarter's last day), each counted
response about an enquiry closed in that quarter, and sent at least that long ago, is cut from the
person who gave it. What stays is exactly what the figures count:

- the response's council, status, channel, who asked, timing, enquiry kind, who answered and
  feedback window, with its enquiry's closing date and its sending date both moved to the first
  day of their quarters (figures are made for quarters, never for days);
- whether it stood for its enquiry in "all respondents", worked out before the cut;
- its answers to the framework's questions, as choices only.

Everything else goes: the link to the participant, their invitation and whoever typed the answers
in, the language, how the person was helped, free text and the analysts' redacted copies (so
approved quotes from those answers leave later downloads), answers to questions no figure reads,
and the times of day. The rows are written again under new ids in a random order, all of a
council's quarter at once, so that neither their ids nor their dates say which invitation or
which enquiry they came from. The invitation keeps only that it was answered
(``Invitation.answer_counted``) and the enquiry the route of its first answer
(``Enquiry.answered_route``), which the response rate and the funnel count.

A response with an alert the duty desk has not closed waits until it is closed. Answers begun and
never counted (the invitation was cancelled when the person withdrew) are deleted once the period
has passed since they were last touched, because no figure reads them. Each pass commits one
council at a time and records in the audit trail how many responses it cut, never which; a pass
with nothing due changes nothing.

One limit is known and accepted: a response sent *after* its enquiry's other responses in the
same window were cut cannot see them, so "all respondents" may count that enquiry twice. Only
late feedback can arrive so long after (answers in the eight weeks after closure are all in
before the cut can start), and only a second late answer about one enquiry, more than the
retention period after the first, is affected. The adults' and representatives' own columns are
never affected.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from .. import audit
from ..answers.windows import WINDOW_DAYS
from ..models import (
    COUNTED_RESPONSES, Alert, AlertStatus, Answer, CommentReview, Enquiry, Invitation, InvitationStatus, Organisation,
    Participant, Response, ResponseStatus,
)
from ..reports.figures import FRAMEWORK_ITEMS, first_for_enquiry
from ..reports.periods import local_date, quarter_of
from .settings import response_retention_days

# Rows handled per statement: well inside every database's limit on bound values.
CHUNK = 500
UNDETERMINED_LANGUAGE = "und"
# How long one pass goes on starting councils' cuts.
PASS_BUDGET_SECONDS = 30.0
_KEPT = ("organisation_id", "survey_id", "survey_version", "status", "channel", "enquiry_kind", "timing",
         "asked_by", "respondent", "feedback_window")
_shuffle = random.SystemRandom().shuffle


class _Raced(Exception):
    """Another runner cut some of the same responses first."""


@dataclass
class CutSummary:
    cut: int = 0       # responses cut from their participants
    deleted: int = 0   # uncounted responses deleted


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def last_quarter_due(today: date, days: int):
    """The latest quarter whose enquiries' answers are due to be cut, by today's date."""
    latest = today - timedelta(days=WINDOW_DAYS + days)
    quarter = quarter_of(latest)
    return quarter if quarter.end <= latest else quarter.previous()


def _quarter_start_utc(day: date | datetime) -> datetime:
    return quarter_of(day).utc_bounds()[0]


def _due(session: Session, council: Organisation, now: datetime) -> list[int]:
    days = response_retention_days(council.settings)
    quarter = last_quarter_due(local_date(now), days)
    not_closed = select(Alert.response_id).where(Alert.response_id.is_not(None), Alert.status != AlertStatus.CLOSED)
    return list(session.scalars(
        select(Response.id)
        .where(Response.organisation_id == council.id, Response.detached_at.is_(None),
               Response.status.in_(COUNTED_RESPONSES), Response.enquiry_closed_on <= quarter.end,
               Response.submitted_at <= now - timedelta(days=days), Response.id.not_in(not_closed))
        .order_by(Response.id).with_for_update()))


def _first_routes(session: Session, ids: list[int]) -> dict[int, list]:
    """{enquiry: [channel, asked_by, timing]} of the first counted response about each enquiry
    that these responses are about and that has none kept yet."""
    routes: dict[int, list] = {}
    for chunk in _chunks(ids):
        enquiries = select(Participant.enquiry_id).join(Response, Response.participant_id == Participant.id) \
            .where(Response.id.in_(chunk))
        rows = session.execute(
            select(Participant.enquiry_id, Response.channel, Response.asked_by, Response.timing)
            .join(Response, Response.participant_id == Participant.id)
            .join(Enquiry, Enquiry.id == Participant.enquiry_id)
            .where(Participant.enquiry_id.in_(enquiries), Enquiry.answered_route.is_(None),
                   Response.status.in_(COUNTED_RESPONSES))
            .order_by(Response.submitted_at, Response.id)).all()
        for enquiry_id, *route in rows:
            routes.setdefault(enquiry_id, [value.value for value in route])
    return routes


def _standing(session: Session, ids: list[int]) -> dict[int, bool]:
    """Whether each response stands for its enquiry: all worked out before any is cut, because
    cutting one takes it out of the comparison for the others."""
    first: dict[int, bool] = {}
    for chunk in _chunks(ids):
        first.update(session.execute(select(Response.id, first_for_enquiry()).where(Response.id.in_(chunk))).all())
    return first


def _cut_chunk(session: Session, ids: list[int], first: dict[int, bool]) -> int:
    responses = session.execute(
        select(Response.id, Response.invitation_id, Response.enquiry_closed_on, Response.submitted_at,
               *(getattr(Response, name) for name in _KEPT))
        .where(Response.id.in_(ids), Response.detached_at.is_(None))).all()
    answers: dict[int, list] = {}
    for response_id, question, item, choice in session.execute(
            select(Answer.response_id, Answer.question_key, Answer.framework_item, Answer.choice_key)
            .where(Answer.response_id.in_(ids), Answer.framework_item.like(FRAMEWORK_ITEMS),
                   Answer.choice_key.is_not(None)).order_by(Answer.id)):
        answers.setdefault(response_id, []).append((question, item, choice))

    invitations = [row.invitation_id for row in responses if row.invitation_id is not None]
    if invitations:
        session.execute(update(Invitation).where(Invitation.id.in_(invitations)).values(answer_counted=True)
                        .execution_options(synchronize_session=False))
    session.execute(update(Alert).where(Alert.response_id.in_(ids)).values(response_id=None)
                    .execution_options(synchronize_session=False))
    session.execute(delete(CommentReview).where(CommentReview.response_id.in_(ids))
                    .execution_options(synchronize_session=False))
    session.execute(delete(Answer).where(Answer.response_id.in_(ids)).execution_options(synchronize_session=False))
    gone = session.execute(delete(Response).where(Response.id.in_([row.id for row in responses]),
                                                  Response.detached_at.is_(None))
                           .execution_options(synchronize_session=False)).rowcount
    if gone != len(responses):
        # Another runner cut some of these first: leave them all to it.
        raise _Raced()

    _shuffle(responses)
    rows = []
    for row in responses:
        sent = _quarter_start_utc(row.submitted_at)
        rows.append({**{name: getattr(row, name) for name in _KEPT},
                     "language": UNDETERMINED_LANGUAGE, "counted_first": bool(first.get(row.id)),
                     "enquiry_closed_on": quarter_of(row.enquiry_closed_on).start, "submitted_at": sent,
                     "detached_at": sent, "created_at": sent})
    new_ids = session.scalars(insert(Response).returning(Response.id, sort_by_parameter_order=True), rows).all()
    kept = [{"response_id": new_id, "question_key": question, "framework_item": item, "choice_key": choice,
             "answered_at": row["submitted_at"]}
            for new_id, row, old in zip(new_ids, rows, responses) for question, item, choice in answers.get(old.id, [])]
    if kept:
        session.execute(insert(Answer), kept)
    return len(responses)


def _delete_uncounted(session: Session, council: Organisation, now: datetime) -> int:
    """Answers begun and never counted, whose invitation was cancelled, untouched for the period."""
    days = response_retention_days(council.settings)
    cancelled = select(Invitation.id).where(Invitation.status == InvitationStatus.CANCELLED)
    last_answer = select(func.max(Answer.answered_at)).where(Answer.response_id == Response.id).scalar_subquery()
    ids = list(session.scalars(
        select(Response.id).where(
            Response.organisation_id == council.id, Response.status == ResponseStatus.IN_PROGRESS,
            or_(Response.invitation_id.is_(None), Response.invitation_id.in_(cancelled)),
            func.coalesce(last_answer, Response.created_at) <= now - timedelta(days=days))))
    for chunk in _chunks(ids):
        session.execute(update(Alert).where(Alert.response_id.in_(chunk)).values(response_id=None)
                        .execution_options(synchronize_session=False))
        session.execute(delete(CommentReview).where(CommentReview.response_id.in_(chunk))
                        .execution_options(synchronize_session=False))
        session.execute(delete(Answer).where(Answer.response_id.in_(chunk)).execution_options(synchronize_session=False))
        session.execute(delete(Response).where(Response.id.in_(chunk)).execution_options(synchronize_session=False))
    return len(ids)


def _councils_with_work(session: Session, now: datetime) -> list[Organisation]:
    """The councils that may have something to cut or delete, found with two statements over the
    shortest period any council keeps answers, so that a pass with nothing due stays cheap."""
    councils = session.scalars(select(Organisation).order_by(Organisation.id)).all()
    if not councils:
        return []
    days = min(response_retention_days(council.settings) for council in councils)
    quarter, cutoff = last_quarter_due(local_date(now), days), now - timedelta(days=days)
    attached = (Response.detached_at.is_(None), Response.status.in_(COUNTED_RESPONSES))
    # The oldest closure still linked to someone: the first entry of a small partial index.
    oldest = session.scalar(select(func.min(Response.enquiry_closed_on)).where(*attached))
    with_work = set()
    if oldest is not None and oldest <= quarter.end:
        with_work |= set(session.scalars(select(Response.organisation_id).where(
            *attached, Response.enquiry_closed_on <= quarter.end, Response.submitted_at <= cutoff).distinct()))
    with_work |= set(session.scalars(select(Response.organisation_id).where(
        Response.status == ResponseStatus.IN_PROGRESS, Response.created_at <= cutoff).distinct()))
    return [council for council in councils if council.id in with_work]


def cut_old_responses(session: Session, now: datetime, budget_seconds: float = PASS_BUDGET_SECONDS) -> CutSummary:
    """Carry out the cut for every council with work, one council at a time, each committed;
    once ``budget_seconds`` have gone, the councils not yet started wait for the next pass (a
    first cut of years of answers is long, and the jobs runner has other work)."""
    summary = CutSummary()
    started = time.monotonic()
    for council in _councils_with_work(session, now):
        try:
            ids = _due(session, council, now)
            _shuffle(ids)
            routes = _first_routes(session, ids)
            first = _standing(session, ids)
            for enquiry_id, route in routes.items():
                session.execute(update(Enquiry).where(Enquiry.id == enquiry_id, Enquiry.answered_route.is_(None))
                                .values(answered_route=route).execution_options(synchronize_session=False))
            cut = sum(_cut_chunk(session, chunk, first) for chunk in _chunks(ids))
            deleted = _delete_uncounted(session, council, now)
        except _Raced:
            session.rollback()
            continue
        if cut or deleted:
            audit.record(session, "responses_cut", council, cut=cut, deleted_unfinished=deleted,
                         retention_days=response_retention_days(council.settings))
        session.commit()
        summary.cut += cut
        summary.deleted += deleted
        if time.monotonic() - started > budget_seconds:
            break  # at least one council a pass, so that the work always moves on
    return summary
