"""``record_answer``: the one function through which every channel records every answer.

The web questionnaire, a text reply, a re-keyed paper form and an advocate's form all come here,
so an answer is checked, routed and acted on the same way whichever door it came through:
- it must be on the person's route given their answers so far, and valid for its question;
- it is stored as one row per question (a second answer to the same question replaces the
  first, so double submits and back buttons never duplicate), with the channel it came through;
- the consent question writes to the consent ledger, the safety question and worrying words
  raise an alert for the duty desk;
- the response learns who is answering and which question comes next, and is sent at the end
  of the route when the channel has no check-your-answers step;
- an answer typed in by a member of staff or an advocate is audited.

It writes with a few prepared statements in the caller's transaction and never commits: the
caller commits, so the answer and everything that follows from it land together.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .. import audit
from ..models import (
    Answer, AnswerMode, AskedBy, Channel, Invitation, InvitationStatus, Respondent, Response, ResponseStatus, utcnow,
)
from ..questionnaire import AnswerInvalid, Context, Survey, ValidAnswer, get_survey
from .consequences import apply_consent, raise_alerts
from .lifecycle import ResponseClosed, forget_loaded, submit_response
from .state import ResponseRow, ResponseState, StoredAnswer

# Who is answering, when no question has said so, follows from how the answers are being given.
RESPONDENT_BY_MODE = {
    AnswerMode.SUPPORTED: Respondent.ADULT_WITH_HELP,
    AnswerMode.OWN_WORDS_WRITTEN: Respondent.ADULT_WITH_HELP,
    AnswerMode.REPRESENTATIVE_VIEW: Respondent.REPRESENTATIVE,
}


@dataclass(frozen=True)
class Given:
    """An answer as a channel received it: a choice key, or words for a free-text question.

    Words given with a choice are the person's own beside their tick (a paper form's margin, or
    what they said to an advocate); they are kept with the answer and read for worrying words.
    """

    question_key: str
    choice_key: str | None = None
    free_text: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What the channel needs next.

    ``reask`` holds the reason (an ``AnswerInvalid`` code) when the answer was not recorded and
    the same question must be asked again; otherwise ``next_question`` is the next question on
    the route, or None at the end. ``completed`` says the response was sent with this answer.
    """

    question_key: str
    next_question: str | None = None
    reask: str | None = None
    respondent: Respondent | None = None
    completed: bool = False
    alert_raised: bool = False

    @property
    def recorded(self) -> bool:
        return self.reask is None

    @property
    def at_end(self) -> bool:
        return self.recorded and self.next_question is None


def validate_answer(survey: Survey, question_key: str, choice_key: str | None, free_text: str | None, *,
                    answers, outcomes_recorded: bool) -> ValidAnswer:
    """Check one answer against the survey and the person's route so far.

    ``answers`` are the answers already given (question key to choice key, or "text"). Raises
    ``AnswerInvalid``: ``not_on_route`` when earlier answers have taken the question off this
    person's route, or the survey's own codes (unknown question or choice, empty, too long ...).
    """
    valid = survey.validate_answer(question_key, choice_key, free_text, words_with_choice=True)
    visible = survey.visible_questions(Context(outcomes_recorded=outcomes_recorded, answers=answers))
    if all(question.key != valid.question_key for question in visible):
        raise AnswerInvalid("not_on_route", valid.question_key)
    return valid


def record_answer(session: Session, state: ResponseState, answer: Given, *, channel: Channel,
                  entered_by=None, mode: AnswerMode = AnswerMode.SELF, language: str | None = None,
                  person_present: bool | None = None, asked_by: AskedBy | None = None,
                  support: list[str] | None = None, at: datetime | None = None,
                  complete_at_end: bool = False) -> Outcome:
    """Record one answer to ``state``'s questionnaire in the session's transaction.

    The response is started with the first answer; ``mode``, ``language``, ``person_present``,
    ``asked_by``, ``support`` (how the person was helped to answer) and ``entered_by`` (the member of staff or advocate typing it in, if anyone)
    describe it then and are not changed by later answers. ``at`` is when the answer was given
    (a paper form's date of receipt, say; now by default). ``complete_at_end`` sends the response
    when this answer ends the route, for channels with no check-your-answers step.

    Returns an ``Outcome``; an answer that cannot be stored comes back with ``reask`` set and
    nothing written. Raises ``ResponseClosed`` when the response was sent or erased (also since
    ``state`` was read), and ``IntegrityError`` when another request stored the same question or
    started the same response first: read the state again and record again.
    """
    response = state.response
    if response is not None and response.status != ResponseStatus.IN_PROGRESS:
        raise ResponseClosed()
    survey = get_survey(response.survey_id, response.survey_version) if response else \
        get_survey(state.invitation.survey_id)
    outcomes_recorded = state.enquiry.outcomes_recorded
    earlier = {key: value for key, value in state.answers.items() if key != answer.question_key}
    try:
        valid = validate_answer(survey, answer.question_key, answer.choice_key, answer.free_text,
                                answers=earlier, outcomes_recorded=outcomes_recorded)
    except AnswerInvalid as invalid:
        return Outcome(question_key=str(answer.question_key), next_question=str(answer.question_key),
                       reask=invalid.code)
    at = at or utcnow()
    connection = session.connection()
    if response is None:
        response = state.response = _start(connection, state, survey, channel=channel, mode=mode,
                                           language=language, person_present=person_present, asked_by=asked_by,
                                           support=support, entered_by=entered_by, at=at)
    _remember(response, valid)
    answers = response.answers_by_key()
    apply_consent(session, response.participant_id, valid, channel, entered_by)
    alerted = raise_alerts(session, response, valid, lambda: state.council.settings)
    respondent = survey.respondent(answers) or RESPONDENT_BY_MODE.get(response.mode)
    following = survey.next_question(valid.question_key, Context(outcomes_recorded=outcomes_recorded,
                                                                 answers=answers))
    next_key = following.key if following else None
    values = {"response": response.id, "question": valid.question_key, "framework": valid.framework_item,
              "choice": valid.choice_key, "text": valid.free_text, "door": channel, "at": at,
              "who": Respondent(respondent) if respondent else None, "next": next_key}
    if not _store(connection, values):
        raise ResponseClosed()
    response.current_question = next_key
    forget_loaded(session, Response, response.id)
    if entered_by is not None:
        audit.record_about(session, "answer_entered", "Response", response.id,
                           organisation_id=response.organisation_id, user=entered_by, channel=channel.value,
                           question=valid.question_key)
    completed = False
    if next_key is None and complete_at_end:
        completed = submit_response(session, state, actor=entered_by, at=at)
    return Outcome(question_key=valid.question_key, next_question=next_key,
                   respondent=Respondent(respondent) if respondent else None, completed=completed,
                   alert_raised=alerted)


_ANSWER = Answer.__table__
_RESPONSE = Response.__table__
_INVITATION = Invitation.__table__
OPENING = (InvitationStatus.SENT, InvitationStatus.SCHEDULED)


def _build_store_statements():
    """The statements that store an answer and move the response's place on, built once.

    One row per question: a second answer to the same question updates the first (``ON
    CONFLICT``), so two tabs or a double click never make two. The place moves only while the
    response is in progress, so a response sent or erased since it was read takes nothing. On
    PostgreSQL both are one statement (the answer in a data-modifying ``WITH``): one round trip.
    """
    row = {"response_id": bindparam("response"), "question_key": bindparam("question"),
           "framework_item": bindparam("framework"), "choice_key": bindparam("choice"),
           "free_text": bindparam("text"), "channel": bindparam("door"), "answered_at": bindparam("at")}
    progress = (update(_RESPONSE)
                .where(_RESPONSE.c.id == bindparam("response"), _RESPONSE.c.status == ResponseStatus.IN_PROGRESS)
                .values(respondent=bindparam("who"), current_question=bindparam("next")))
    statements = {}
    for name, dialect_insert in (("postgresql", postgresql_insert), ("sqlite", sqlite_insert)):
        upsert = dialect_insert(_ANSWER).values(row)
        upsert = upsert.on_conflict_do_update(
            index_elements=["response_id", "question_key"],
            set_={column: upsert.excluded[column] for column in
                  ("framework_item", "choice_key", "free_text", "channel", "answered_at")})
        statements[name] = upsert
    statements["postgresql"] = progress.add_cte(statements["postgresql"].returning(_ANSWER.c.id).cte("stored"))
    return statements, progress


_STORE, _PROGRESS = _build_store_statements()
_INSERT_RESPONSE = insert(_RESPONSE)
_OPEN_INVITATION = (
    update(_INVITATION)
    .where(_INVITATION.c.id == bindparam("invitation"), _INVITATION.c.status.in_(OPENING))
    .values(status=InvitationStatus.OPENED)
)


def _store(connection, values: dict) -> bool:
    """Store the answer and the response's place; False if the response is no longer in progress
    (the caller rolls back: on PostgreSQL the answer was written in the same statement).

    No parameter is named after a column of the response: an UPDATE given one would set it."""
    if connection.dialect.name == "postgresql":
        return connection.execute(_STORE["postgresql"], values).rowcount == 1
    connection.execute(_STORE["sqlite"], values)
    return connection.execute(_PROGRESS, values).rowcount == 1


def _start(connection, state: ResponseState, survey: Survey, *, channel, mode, language, person_present, asked_by,
           support, entered_by, at) -> ResponseRow:
    """Insert the invitation's response. The enquiry kind, timing and who asked are copied so
    that figures survive the retention cut that detaches a response from its participant.

    If another request starts it at the same moment, the insert fails on the one response an
    invitation may have (``IntegrityError``) and the caller reads the state again.
    """
    invitation, participant = state.invitation, state.participant
    values = dict(
        organisation_id=invitation.organisation_id, participant_id=participant.id, invitation_id=invitation.id,
        survey_id=survey.id, survey_version=survey.version, language=language or participant.language,
        channel=channel, mode=mode, enquiry_kind=state.enquiry.kind, enquiry_closed_on=state.enquiry.closed_on,
        timing=invitation.timing,
        asked_by=asked_by or invitation.asked_by, representative_kind=participant.representative_kind,
        entered_by_id=getattr(entered_by, "id", None), person_present=person_present, support=support,
        status=ResponseStatus.IN_PROGRESS, created_at=at,
    )
    response_id = connection.execute(_INSERT_RESPONSE, values).inserted_primary_key[0]
    if invitation.status in OPENING:
        connection.execute(_OPEN_INVITATION, {"invitation": invitation.id})
    return ResponseRow(id=response_id, organisation_id=invitation.organisation_id, participant_id=participant.id,
                       survey_id=survey.id, survey_version=survey.version, status=ResponseStatus.IN_PROGRESS,
                       current_question=None, mode=mode, channel=channel)


def _remember(response: ResponseRow, valid: ValidAnswer) -> None:
    """Keep the state read at the start up to date with the answer being stored."""
    stored = response.answer(valid.question_key)
    if stored is None:
        stored = StoredAnswer(valid.question_key, None, None)
        response.answers.append(stored)
    stored.choice_key, stored.free_text = valid.choice_key, valid.free_text
