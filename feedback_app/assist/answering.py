"""An assisted response: how it is being given, then the questions, recorded through
``record_answer`` on the assisted channel with the advocate (or helpline worker) as the one who
entered each answer.

Before the first question the advocate records, each time: the mode (the person answering with
support, the person's own words written down for them, a representative giving their own view, or
answers taken by telephone), who is asking (independent, or the enquiry lead at closure), whether
the person is present, how they were supported, and the date. The mode decides the version of
the questions: a representative's own view gets the representative wording, the person answering
gets the adult's, whoever the invitation was made out to. For the person answering with support,
or in their own words, "Who is answering?" is answered by the mode; by telephone it is asked.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..answers import (
    CONSENT_QUESTION, Given, Outcome, ResponseState, load_state, record_answer, submit_response,
)
from ..answers.state import WHO_QUESTION
from ..casework.records.checks import LONDON, Checker, DateMessages, today
from ..labels import SUPPORT_LABELS
from ..models import AnswerMode, AskedBy, Channel, Response, utcnow
from ..questionnaire import get_survey

ASSISTED_MODES = (AnswerMode.SUPPORTED, AnswerMode.OWN_WORDS_WRITTEN, AnswerMode.REPRESENTATIVE_VIEW,
                  AnswerMode.TELEPHONE)
WHO_BY_MODE = {AnswerMode.SUPPORTED: "adult_with_help", AnswerMode.OWN_WORDS_WRITTEN: "adult_with_help",
               AnswerMode.REPRESENTATIVE_VIEW: "representative"}
SUPPORT = tuple(SUPPORT_LABELS)
OWN_WORDS_MAX = 2000
ANSWER_DATE = DateMessages(
    required=_l("Enter the date the answers were given"),
    incomplete=_l("The date the answers were given must include a day, month and year"),
    invalid=_l("The date the answers were given must be a real date"),
    out_of_range=_l("The date the answers were given must be today or in the past"),
)
NOON = time(12, 0)


@dataclass(frozen=True)
class Setup:
    """How this response is being given, recorded before the first question."""

    mode: AnswerMode
    asked_by: AskedBy
    present: bool
    support: tuple[str, ...]
    on: date

    def moment(self, now: datetime | None = None) -> datetime:
        """When each answer was given: now, or midday on an earlier day typed in afterwards."""
        now = now or utcnow()
        if self.on >= now.astimezone(LONDON).date():
            return now
        return datetime.combine(self.on, NOON, tzinfo=LONDON).astimezone(timezone.utc)

    def as_session(self) -> dict:
        data = asdict(self)
        data.update(mode=self.mode.value, asked_by=self.asked_by.value, support=list(self.support),
                    on=self.on.isoformat())
        return data

    @classmethod
    def from_session(cls, data) -> Setup | None:
        try:
            return cls(AnswerMode(data["mode"]), AskedBy(data["asked_by"]), bool(data["present"]),
                       tuple(data["support"]), date.fromisoformat(data["on"]))
        except (KeyError, TypeError, ValueError):
            return None

    @classmethod
    def from_response(cls, session: Session, response_id: int) -> Setup | None:
        """The setup of a response already begun, as it was stored with its first answer."""
        row = session.execute(select(Response.mode, Response.asked_by, Response.person_present, Response.support,
                                     Response.created_at).where(Response.id == response_id)).one_or_none()
        if row is None or row.mode not in ASSISTED_MODES:
            return None
        return cls(row.mode, row.asked_by, bool(row.person_present), tuple(row.support or ()),
                   row.created_at.astimezone(LONDON).date())


def validate_setup(data: dict, *, modes=ASSISTED_MODES, earliest: date | None = None) -> tuple[dict, dict]:
    """Check how the answers are being given; ``earliest`` is the first day they can have been
    given (the day the visit was asked for)."""
    check = Checker(data)
    check.choice("mode", tuple(mode.value for mode in modes), message=_l("Select how the answers are being given"))
    check.choice("asked_by", AskedBy, message=_l("Select who is asking"))
    check.yes_no("present", message=_l("Select whether the person is there"))
    check.choices("support", SUPPORT, message=_l("Select only the kinds of support listed"))
    given_on = check.date("on", ANSWER_DATE, latest=today())
    if given_on is not None and earliest is not None and given_on < earliest:
        check.fail("on", _l("The date the answers were given cannot be before the visit was asked for"))
    return check.result


def setup_of(clean: dict) -> Setup:
    return Setup(AnswerMode(clean["mode"]), AskedBy(clean["asked_by"]), bool(clean["present"]),
                 tuple(clean.get("support") or ()), clean["on"])


def route(state: ResponseState) -> list:
    """The questions on this response's route so far."""
    survey = survey_of(state)
    return survey.visible_questions(state.routing)


def survey_of(state: ResponseState):
    response = state.response
    return get_survey(response.survey_id, response.survey_version) if response else \
        get_survey(state.invitation.survey_id)


def next_to_ask(state: ResponseState, setup: Setup) -> str | None:
    """The first question on the route not yet answered (and not answered by the mode)."""
    answers = state.answers
    for question in route(state):
        if question.key in answers:
            continue
        if question.key == WHO_QUESTION and setup.mode in WHO_BY_MODE:
            continue
        return question.key
    return None


def uses_representative_wording(state: ResponseState, setup: Setup) -> bool:
    if setup.mode == AnswerMode.REPRESENTATIVE_VIEW:
        return True
    if setup.mode in WHO_BY_MODE:
        return False
    return state.uses_representative_wording


def record(session: Session, invitation_id: int, setup: Setup, given: Given, user) -> tuple[Outcome, ResponseState]:
    """Record one answer, and "Who is answering?" from the mode when it comes next; commits.

    A double click that starts the response twice, or stores the same answer twice, is read
    again and recorded once. Raises ``ResponseClosed`` when the answers were already sent.
    """
    for attempt in (1, 2):
        state = load_state(session, invitation_id)
        try:
            outcome = _record(session, state, setup, given, user)
        except IntegrityError:
            session.rollback()
            if attempt == 2:
                raise
            continue
        if not outcome.recorded:
            session.rollback()
            return outcome, state
        session.commit()
        return outcome, state
    raise AssertionError("unreachable")


def _record(session: Session, state: ResponseState, setup: Setup, given: Given, user) -> Outcome:
    options = dict(channel=Channel.ASSISTED, entered_by=user, mode=setup.mode, person_present=setup.present,
                   asked_by=setup.asked_by, support=list(setup.support), at=setup.moment(),
                   language=state.participant.language)
    outcome = record_answer(session, state, given, **options)
    if outcome.recorded and outcome.next_question == WHO_QUESTION and setup.mode in WHO_BY_MODE:
        outcome = record_answer(session, state, Given(WHO_QUESTION, WHO_BY_MODE[setup.mode]), **options)
    return outcome


def send(session: Session, invitation_id: int, user) -> bool:
    """Send the answers; True if this call sent them. Raises ``ResponseClosed``."""
    return submit_response(session, load_state(session, invitation_id), actor=user)


def ready_to_send(state: ResponseState, setup: Setup) -> bool:
    return state.response is not None and bool(state.response.answers) and next_to_ask(state, setup) is None \
        and state.answers.get(CONSENT_QUESTION) == "yes"
