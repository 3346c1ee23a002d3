"""Re-keying a returned paper form: what was ticked, question by question, recorded through
``answers.record_answer`` with channel paper, who keyed it, and the date the form came back.

A question on paper can come back ticked once, not ticked, ticked more than once, or unreadable;
the last three are kept as skipped (outside every percentage base), so no guess is ever counted.
Words written beside a question are kept with its answer and read for worrying words like any
other free text.

With the council's second keying on, the first keying waits; a second person keys the same form
without seeing it; if the two agree the answers are recorded, and if not the differences are
shown side by side and settled by a person with the form in front of them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..answers import Given, ResponseClosed, load_state, outcomes_recorded, record_answer, submit_response
from ..models import (
    AnswerMode, Channel, Invitation, KeyingStatus, Organisation, PaperKeying, Participant, ParticipantRole,
    utcnow,
)
from ..questionnaire import FREE_TEXT_MAX, SKIP, get_survey
from ..questionnaire.survey import normalise_text
from .printed import printed_questions

NO_TICK, SEVERAL, UNREADABLE = "-none", "-several", "-unreadable"
MARKS = (NO_TICK, SEVERAL, UNREADABLE)
SECOND_KEYING = "second_keying"
# How far back a form's date of return may go: a typing slip beyond this is refused.
OLDEST_RETURN_DAYS = 400


def second_keying_on(settings: dict | None) -> bool:
    """Whether the council has every returned form keyed twice (off unless switched on)."""
    return (settings or {}).get(SECOND_KEYING) is True


@dataclass(frozen=True)
class Keyed:
    """One question as keyed: ``mark`` is an option key, or one of ``MARKS``; ``words`` are the
    words written (the answer of a free-text question, or beside a ticked one)."""

    mark: str
    words: str | None = None

    def given(self, question_key: str, free_text: bool) -> Given:
        if free_text:
            return Given(question_key, None, self.words) if self.words else Given(question_key, SKIP)
        choice = self.mark if self.mark not in MARKS else SKIP
        return Given(question_key, choice, self.words)


def form_questions(invitation: Invitation, participant: Participant, *, translate=True):
    survey = get_survey(invitation.survey_id)
    enquiry = participant.enquiry
    return printed_questions(survey, for_representative=participant.role == ParticipantRole.REPRESENTATIVE,
                             outcomes_recorded=outcomes_recorded(enquiry), translate=translate)


def read_keying(questions, data) -> tuple[dict[str, Keyed], dict[str, str]]:
    """What the keying form says for each question, and a problem code per question that has one:
    ``missing`` (nothing chosen, not even "no tick"), ``unknown`` (a value not on the form),
    ``too_long``."""
    keyed, problems = {}, {}
    for question in questions:
        words = normalise_text(data.get(f"words-{question.key}") or "") or None
        if words and len(words) > FREE_TEXT_MAX:
            problems[question.key] = "too_long"
            continue
        if question.free_text:
            keyed[question.key] = Keyed(NO_TICK if words is None else "words", words)
            continue
        mark = data.get(f"q-{question.key}") or ""
        if not mark:
            problems[question.key] = "missing"
        elif mark not in MARKS and mark not in {option.key for option in question.options}:
            problems[question.key] = "unknown"
        else:
            keyed[question.key] = Keyed(mark, words)
    return keyed, problems


def read_received_on(day: str, month: str, year: str, *, not_before: date, today: date) -> tuple[date | None, str | None]:
    """The date the form came back, or a problem code: ``missing``, ``invalid``, ``future``,
    ``too_early``."""
    if not (day or "").strip() and not (month or "").strip() and not (year or "").strip():
        return None, "missing"
    try:
        received = date(int(year), int(month), int(day))
    except (TypeError, ValueError, OverflowError):
        return None, "invalid"
    if received > today:
        return None, "future"
    if received < not_before or (today - received).days > OLDEST_RETURN_DAYS:
        return None, "too_early"
    return received, None


def _dump(keyed: dict[str, Keyed]) -> str:
    return json.dumps({key: {"mark": k.mark, "words": k.words} for key, k in keyed.items()}, ensure_ascii=False)


def load_entries(keying: PaperKeying) -> dict[str, Keyed]:
    return {key: Keyed(value["mark"], value.get("words")) for key, value in json.loads(keying.entries or "{}").items()}


def differences(first: dict[str, Keyed], second: dict[str, Keyed]) -> list[str]:
    keys = list(dict.fromkeys([*first, *second]))
    return [key for key in keys if first.get(key) != second.get(key)]


@dataclass(frozen=True)
class KeyingResult:
    """What happened to a keying: ``recorded`` (the response is in), ``waiting`` (a second person
    is to key it), or ``different`` (the two keyings are to be settled)."""

    status: KeyingStatus
    keying: PaperKeying
    recorded: int = 0
    not_used: tuple = ()


def save_keying(session: Session, invitation: Invitation, keyed: dict[str, Keyed], *, received_on: date,
                user, council: Organisation) -> KeyingResult:
    """Keep one person's keying of ``invitation``'s form and record it when that is due. Commits."""
    earlier = session.scalars(select(PaperKeying).where(
        PaperKeying.invitation_id == invitation.id, PaperKeying.status == KeyingStatus.WAITING)
        .with_for_update()).first()
    keying = PaperKeying(organisation_id=invitation.organisation_id, invitation_id=invitation.id,
                         keyed_by_id=user.id, round=2 if earlier else 1, received_on=received_on,
                         entries=_dump(keyed), status=KeyingStatus.WAITING)
    session.add(keying)
    session.flush()
    audit.record(session, "paper_form_keyed", keying, user=user, invitation=invitation.id, round=keying.round)
    if earlier is None and second_keying_on(council.settings):
        session.commit()
        return KeyingResult(KeyingStatus.WAITING, keying)
    if earlier is not None and differences(load_entries(earlier), keyed):
        earlier.status = keying.status = KeyingStatus.DIFFERENT
        session.commit()
        return KeyingResult(KeyingStatus.DIFFERENT, keying)
    received_on = min(received_on, earlier.received_on) if earlier else received_on
    return _record(session, invitation, keyed, [k for k in (earlier, keying) if k], received_on=received_on,
                   user=user)


def settle(session: Session, invitation: Invitation, chosen: dict[str, Keyed], *, user) -> KeyingResult:
    """Record the answers a person settled from two differing keyings. Commits."""
    keyings = list(session.scalars(select(PaperKeying).where(
        PaperKeying.invitation_id == invitation.id, PaperKeying.status == KeyingStatus.DIFFERENT)
        .order_by(PaperKeying.id).with_for_update()))
    if len(keyings) != 2:
        raise ResponseClosed()
    first = load_entries(keyings[0])
    settled = {**first, **chosen}
    for keying in keyings:
        keying.settled_by_id = user.id
    audit.record(session, "paper_keying_settled", keyings[1], user=user, invitation=invitation.id,
                 questions=sorted(chosen))
    return _record(session, invitation, settled, keyings, received_on=min(k.received_on for k in keyings),
                   user=user)


def _record(session: Session, invitation: Invitation, keyed: dict[str, Keyed], keyings, *, received_on: date,
            user) -> KeyingResult:
    """Record the form's answers in question order as one response, sent at once."""
    participant = session.get(Participant, invitation.participant_id)
    at = datetime.combine(received_on, time(12), tzinfo=timezone.utc)
    state = load_state(session, invitation.id)
    recorded, not_used = 0, []
    for question in form_questions(invitation, participant, translate=False):
        entry = keyed.get(question.key)
        if entry is None:
            continue
        outcome = record_answer(session, state, entry.given(question.key, question.free_text), channel=Channel.PAPER,
                                entered_by=user, mode=AnswerMode.SELF, at=at, language=participant.language)
        if outcome.recorded:
            recorded += 1
        elif entry.mark not in MARKS or entry.words:
            # Left off the route by an earlier answer (a form that says no at question 1).
            not_used.append(question.key)
    if state.response is not None:
        submit_response(session, state, actor=user, at=at)
    now = utcnow()
    for keying in keyings:
        keying.status, keying.entries, keying.recorded_at = KeyingStatus.RECORDED, None, now
    session.commit()
    return KeyingResult(KeyingStatus.RECORDED, keyings[-1], recorded=recorded, not_used=tuple(not_used))


def forms_awaiting_second_keying(session: Session, organisation_id: int, start: date, end: date) -> int:
    """How many forms that came back between ``start`` and ``end`` (inclusive) wait for a second
    keying or for a difference to be settled: their answers are not counted yet."""
    return session.scalar(select(func.count(func.distinct(PaperKeying.invitation_id))).where(
        PaperKeying.organisation_id == organisation_id, PaperKeying.received_on.between(start, end),
        PaperKeying.status.in_((KeyingStatus.WAITING, KeyingStatus.DIFFERENT)))) or 0
