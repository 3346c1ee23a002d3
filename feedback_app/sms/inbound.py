"""Texts people send us: STOP, START and HELP as consent events, whatever else they write.

Each text is handled once, by its provider id (Twilio retries a webhook it thinks failed). The
phone is known only by a keyed hash; the people it belongs to are those we have texted on it.
Words are kept only as what they did (``InboundMessage.outcome``), except with the ``log``
backend, where the development page shows them.

- STOP (and Twilio's other opt-out words, or its ``OptOutType``) withdraws consent for every
  channel of each person we texted on that phone, which cancels everything waiting to be sent.
  Twilio answers a STOP itself; we answer only when it did not handle the word.
- START lifts a STOP: it is recorded, but nobody is texted again until a member of staff records
  the person's agreement again.
- HELP is answered with the council's help number and nothing else.
- DELETE asks for the person's answers and details to be deleted. The first asks them to send it
  again, so that one slip of the thumb deletes nothing; the second, within a day, records the
  request for each person we texted on that phone (which stops everything waiting to be sent, as
  STOP does), and the jobs runner carries it out (``dispatch/erasure.py``).
- Anything else answers the questionnaire being asked by text on that phone (``dialogue``), if
  there is one; otherwise it gets one short, neutral reply per phone and day.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import force_locale, gettext
from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..consent import record_consent
from ..i18n import LANGUAGES
from ..models import (
    Channel, ConsentKind, InboundMessage, Invitation, Organisation, OutboundMessage, Participant, utcnow,
)
from ..phones import phone_hash
from . import dialogue
from .replies import keyword

TWILIO_KEYWORDS = {"STOP": "stop", "START": "start", "HELP": "help"}
NEUTRAL_EVERY = timedelta(days=1)
# How long a first DELETE waits for the second that confirms it.
CONFIRM_DELETE_WITHIN = timedelta(days=1)


@dataclass
class Received:
    """What arrived: Twilio's webhook fields, read once."""

    message_sid: str
    sender: str
    body: str
    opt_out_type: str | None = None


@dataclass
class Handled:
    outcome: str  # stop, start, help, delete_asked, delete, neutral, repeated, unknown_number
    replies: list[str] = field(default_factory=list)


def _participants(session: Session, hashed: str) -> list[Participant]:
    """Everyone we have texted on this phone, most recent first."""
    latest = (select(Invitation.participant_id, func.max(OutboundMessage.id).label("last"))
              .join(OutboundMessage, OutboundMessage.invitation_id == Invitation.id)
              .where(OutboundMessage.phone_hash == hashed).group_by(Invitation.participant_id).subquery())
    return list(session.scalars(select(Participant).join(latest, latest.c.participant_id == Participant.id)
                                .order_by(latest.c.last.desc())))


def _claim(session: Session, received: Received, hashed: str, backend: str) -> int | None:
    """Record the text's arrival, once per provider id: its row's id, or None for a repeat."""
    keep = backend == "log"
    values = {"message_sid": received.message_sid, "phone_hash": hashed, "backend": backend,
              "sender": received.sender if keep else None, "body": received.body if keep else None,
              "received_at": utcnow()}
    connection = session.connection()
    dialect_insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = (dialect_insert(InboundMessage.__table__).values(values)
                 .on_conflict_do_nothing(index_elements=["message_sid"]).returning(InboundMessage.__table__.c.id))
    return connection.execute(statement).scalar()


def receive(session: Session, received: Received, *, backend: str) -> Handled:
    """Handle one text in the caller's transaction; the caller commits and sends ``replies``."""
    hashed = phone_hash(received.sender)
    record_id = _claim(session, received, hashed, backend)
    if record_id is None:
        return Handled("repeated")
    twilio_kind = TWILIO_KEYWORDS.get((received.opt_out_type or "").strip().upper())
    kind = twilio_kind or keyword(received.body)
    conversation = dialogue.live_conversation(session, hashed) if kind is None else None
    if conversation is not None:
        # The usual case, an answer: the conversation says whose it is and in which language.
        organisation_id, invitation_id = conversation.organisation_id, conversation.invitation_id
        handled = Handled("answer", dialogue.reply(session, conversation, received.body))
    else:
        people = _participants(session, hashed)
        organisation_id = people[0].organisation_id if people else None
        invitation_id = None
        handled = _not_an_answer(session, people, kind, twilio_kind is not None, hashed)
    session.execute(update(InboundMessage).where(InboundMessage.id == record_id).values(
        outcome=handled.outcome, organisation_id=organisation_id,
        conversation_id=conversation.id if conversation is not None else None))
    if organisation_id is not None and handled.replies:
        # Replies go back in the webhook's answer (TwiML); they are kept like every other text.
        session.execute(insert(OutboundMessage.__table__), [{
            "organisation_id": organisation_id, "invitation_id": invitation_id, "channel": Channel.SMS,
            "backend": backend, "purpose": "reply", "recipient": received.sender, "phone_hash": hashed,
            "body": text, "status": "sent", "created_at": utcnow()} for text in handled.replies])
    return handled


def _not_an_answer(session: Session, people: list[Participant], kind: str | None, twilio_handled: bool,
                   hashed: str) -> Handled:
    language = _language(people)
    if not people:
        return Handled("unknown_number")
    if kind == "stop":
        for person in people:
            record_consent(session, person, ConsentKind.STOP, Channel.SMS, how="text_reply")
        dialogue.close_all(session, hashed)
        return Handled("stop", [] if twilio_handled else [_in(language, _stopped_text)])
    if kind == "start":
        for person in people:
            record_consent(session, person, ConsentKind.START, Channel.SMS, how="text_reply")
        return Handled("start", [] if twilio_handled else [_in(language, _started_text)])
    if kind == "help":
        council = session.get(Organisation, people[0].organisation_id)
        return Handled("help", [_in(language, lambda: _help_text(council))])
    if kind == "delete":
        return _delete(session, people, hashed, language)
    return _neutral(session, hashed, language)


def _delete(session: Session, people: list[Participant], hashed: str, language: str) -> Handled:
    last = session.scalar(
        select(InboundMessage.outcome)
        .where(InboundMessage.phone_hash == hashed, InboundMessage.outcome.in_(("delete_asked", "delete")),
               InboundMessage.received_at > utcnow() - CONFIRM_DELETE_WITHIN)
        .order_by(InboundMessage.id.desc()).limit(1))
    if last != "delete_asked":
        return Handled("delete_asked", [_in(language, _confirm_delete_text)])
    for person in people:
        record_consent(session, person, ConsentKind.ERASE_REQUESTED, Channel.SMS, how="text_reply")
    dialogue.close_all(session, hashed)
    return Handled("delete", [_in(language, _deleting_text)])


def _neutral(session: Session, hashed: str, language: str) -> Handled:
    recently = session.scalar(
        select(InboundMessage.id).where(InboundMessage.phone_hash == hashed, InboundMessage.outcome == "neutral",
                                        InboundMessage.received_at > utcnow() - NEUTRAL_EVERY).limit(1))
    if recently is not None:
        return Handled("ignored")
    return Handled("neutral", [_in(language, _neutral_text)])


def _language(people: list[Participant]) -> str:
    language = people[0].language if people else "en"
    return language if language in LANGUAGES else "en"


def _in(language: str, make) -> str:
    with force_locale(language):
        return make()


def _stopped_text() -> str:
    return gettext("You will not get any more texts from us. Reply START if you change your mind.")


def _started_text() -> str:
    return gettext("Thank you. We will only text you again if you agree to it.")


def _help_text(council: Organisation) -> str:
    phone = (council.settings or {}).get("help_phone")
    if phone:
        return gettext("To talk to someone, call %(phone)s.", phone=phone)
    return gettext("To talk to someone, call the number in our first message.")


def _confirm_delete_text() -> str:
    return gettext("To delete your answers and the details we hold about you, reply DELETE again. "
                   "To keep them, do nothing.")


def _deleting_text() -> str:
    return gettext("We will delete your answers and your details. You will not get any more texts from us.")


def _neutral_text() -> str:
    return gettext("Thank you for your message. There is nothing to answer by text at the moment.")
