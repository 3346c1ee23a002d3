"""A response's state, read once: the invitation, who it is for, the enquiry facts routing needs,
the council's settings, and the response with its answers so far.

Every channel starts from this read, and ``record_answer`` keeps it up to date as it writes, so
a page or a text reply costs one statement to read and one transaction to save. It returns
plain rows rather than ORM objects: building objects cost more than the query on the page that
every answer passes through.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from sqlalchemy import Text, bindparam, cast, select, type_coerce
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..crypto import keyring
from ..questionnaire import Context
from ..models import (
    Answer, AnswerMode, AskedBy, Channel, Enquiry, EnquiryKind, Invitation, InvitationStatus, Organisation,
    OutcomesAsked, Participant, ParticipantRole, RepresentativeKind, Response, ResponseStatus, Timing, utcnow,
)

# Invitations whose questionnaire may still be answered.
ANSWERABLE = (InvitationStatus.SENT, InvitationStatus.OPENED)
WHO_QUESTION = "who"


@dataclass(frozen=True)
class InvitationFacts:
    id: int
    survey_id: str
    status: InvitationStatus
    expires_at: datetime
    participant_id: int
    organisation_id: int
    timing: Timing
    asked_by: AskedBy
    channel: Channel


@dataclass(frozen=True)
class ParticipantFacts:
    id: int
    role: ParticipantRole
    representative_kind: RepresentativeKind | None
    language: str


@dataclass(frozen=True)
class CouncilFacts:
    id: int
    name: str
    settings: dict


class EnquiryFacts:
    """What the questionnaire reads from the enquiry: its kind, whether desired outcomes were
    recorded, and their words for the outcomes question, decrypted only when asked for."""

    def __init__(self, kind: EnquiryKind, outcomes_asked: OutcomesAsked | None, encrypted_outcomes: str | None,
                 closed_on: date | None = None):
        self.kind = kind
        self.closed_on = closed_on
        self.outcomes_asked = outcomes_asked
        self._encrypted_outcomes = encrypted_outcomes

    @cached_property
    def desired_outcomes_text(self) -> str | None:
        return None if self._encrypted_outcomes is None else keyring.decrypt(self._encrypted_outcomes)

    @property
    def outcomes_recorded(self) -> bool:
        # Blank words are stored as NULL (casework validation), so the ciphertext's presence
        # answers this without decrypting on every page.
        return self.outcomes_asked == OutcomesAsked.EXPRESSED and self._encrypted_outcomes is not None


def outcomes_recorded(enquiry) -> bool:
    """Whether the outcomes question applies: the enquiry (an ``Enquiry`` or ``EnquiryFacts``)
    recorded that the person expressed desired outcomes, and their words."""
    return bool(enquiry is not None and enquiry.outcomes_asked == OutcomesAsked.EXPRESSED
                and enquiry.desired_outcomes_text)


@dataclass
class StoredAnswer:
    question_key: str
    choice_key: str | None
    free_text: str | None


@dataclass
class ResponseRow:
    """The response as stored, with its answers in the order they were first given."""

    id: int
    organisation_id: int
    participant_id: int | None
    survey_id: str
    survey_version: int
    status: ResponseStatus
    current_question: str | None
    mode: AnswerMode | None = None
    channel: Channel | None = None  # the channel the response began on
    answers: list[StoredAnswer] = field(default_factory=list)

    def answer(self, question_key: str) -> StoredAnswer | None:
        return next((a for a in self.answers if a.question_key == question_key), None)

    def answers_by_key(self) -> dict[str, str]:
        """Answers by question key, free text as "text": what routing reads."""
        return {a.question_key: a.choice_key or "text" for a in self.answers}


@dataclass
class ResponseState:
    """Everything a channel needs about one invitation's questionnaire, and how far it has got."""

    invitation: InvitationFacts
    participant: ParticipantFacts
    enquiry: EnquiryFacts
    council: CouncilFacts
    response: ResponseRow | None

    @property
    def for_representative(self) -> bool:
        """Whether the invitation was made out to a representative."""
        return self.participant.role == ParticipantRole.REPRESENTATIVE

    @property
    def answers(self) -> dict[str, str]:
        return self.response.answers_by_key() if self.response is not None else {}

    @property
    def routing(self) -> Context:
        """What routing needs: whether outcomes were recorded, and the answers so far."""
        return Context(outcomes_recorded=self.enquiry.outcomes_recorded, answers=self.answers)

    @property
    def uses_representative_wording(self) -> bool:
        """The representative version of the questions: who the invitation is for, unless the
        answer to "who is answering?" or the way the response is being answered says otherwise."""
        who = self.answers.get(WHO_QUESTION)
        if who == "representative":
            return True
        if who in ("adult", "adult_with_help"):
            return False
        if self.response is not None and self.response.mode is not None:
            return self.response.mode == AnswerMode.REPRESENTATIVE_VIEW
        return self.for_representative

    @property
    def answerable(self) -> bool:
        """The invitation is live and its response, if any, has not been sent or erased."""
        invitation = self.invitation
        if invitation.status not in ANSWERABLE or invitation.expires_at <= utcnow():
            return False
        return self.response is None or self.response.status == ResponseStatus.IN_PROGRESS


def _build_state_query():
    # One row per answer (or one row with no answer), everything else repeated on each. Built
    # once: constructing the statement afresh cost more than running it.
    i, p, e, o = Invitation.__table__, Participant.__table__, Enquiry.__table__, Organisation.__table__
    r, a = Response.__table__, Answer.__table__
    return (
        select(
            i.c.id, i.c.survey_id, i.c.status, i.c.expires_at, i.c.participant_id, i.c.organisation_id,
            i.c.timing, i.c.asked_by, i.c.channel,
            p.c.role, p.c.representative_kind, p.c.language,
            # The desired outcomes (encrypted) and the council's settings (JSON) repeat on every
            # row, so they come back raw and are decoded once, by EnquiryFacts and _state.
            e.c.kind, e.c.outcomes_asked, e.c.closed_on, type_coerce(e.c.desired_outcomes_text, Text).label("encrypted_outcomes"),
            o.c.name, cast(o.c.settings, Text).label("settings_json"),
            r.c.id.label("response_id"), r.c.organisation_id.label("response_organisation_id"),
            r.c.participant_id.label("response_participant_id"), r.c.survey_id.label("response_survey_id"),
            r.c.survey_version, r.c.status.label("response_status"), r.c.current_question, r.c.mode,
            r.c.channel.label("response_channel"),
            a.c.question_key, a.c.choice_key, a.c.free_text,
        )
        .select_from(
            i.join(p, p.c.id == i.c.participant_id)
            .join(e, e.c.id == p.c.enquiry_id)
            .join(o, o.c.id == i.c.organisation_id)
            .outerjoin(r, r.c.invitation_id == i.c.id)
            .outerjoin(a, a.c.response_id == r.c.id)
        )
        .where(i.c.id == bindparam("invitation_id"))
        .order_by(a.c.id)
    )


STATE_QUERY = _build_state_query()


def load_state(session: Session, invitation_id: int, *, in_transaction: bool = True,
               organisation_id: int | None = None) -> ResponseState | None:
    """The state of an invitation's questionnaire, or None if there is no such invitation (or it
    belongs to a council other than ``organisation_id``, when given).

    Read in the session's transaction when the caller may save (the check and the write then
    commit together); a page that only shows something reads without one.
    """
    rows = _read(session, invitation_id, in_transaction)
    if not rows:
        return None
    state = _state(rows)
    if organisation_id is not None and state.invitation.organisation_id != organisation_id:
        return None
    return state


def _read(session: Session, invitation_id: int, in_transaction: bool):
    for attempt in (1, 2):
        try:
            if in_transaction:
                return session.connection().execute(STATE_QUERY, {"invitation_id": invitation_id}).all()
            # Straight from the engine: a page that only reads never opens a transaction.
            with session.get_bind().connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                return connection.execute(STATE_QUERY, {"invitation_id": invitation_id}).all()
        except DBAPIError as error:
            # The database dropped a pooled connection that had not been idle long enough to be
            # checked first (a restart, say). Nothing has been written yet, so read again on a
            # fresh connection: the pool has already replaced its connections.
            if attempt == 2 or not error.connection_invalidated:
                raise
            if in_transaction:
                session.rollback()


def _state(rows) -> ResponseState:
    first = rows[0]
    response = None
    if first.response_id is not None:
        response = ResponseRow(
            id=first.response_id, organisation_id=first.response_organisation_id,
            participant_id=first.response_participant_id, survey_id=first.response_survey_id,
            survey_version=first.survey_version, status=first.response_status,
            current_question=first.current_question, mode=first.mode, channel=first.response_channel,
            answers=[StoredAnswer(row.question_key, row.choice_key, row.free_text)
                     for row in rows if row.question_key is not None],
        )
    return ResponseState(
        invitation=InvitationFacts(first.id, first.survey_id, first.status, first.expires_at, first.participant_id,
                                   first.organisation_id, first.timing, first.asked_by, first.channel),
        participant=ParticipantFacts(first.participant_id, first.role, first.representative_kind, first.language),
        enquiry=EnquiryFacts(first.kind, first.outcomes_asked, first.encrypted_outcomes, first.closed_on),
        council=CouncilFacts(first.organisation_id, first.name, json.loads(first.settings_json)),
        response=response,
    )
