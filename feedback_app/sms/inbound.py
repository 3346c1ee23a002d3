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
- Anything else answers the questionnaire being asked by text on that phone (``dialogue``), if
  there is one; otherwise it gets one short, neutral reply per phone and day.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
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


@dataclass
class Received:
    """What arrived: Twilio's webhook fields, read once."""

    message_sid: str
    sender: str
    body: str
    opt_out_type: str | None = None


@dataclass
class Handled:
    outcome: str  # stop, start, help, neutral, repeated, unknown_number
    replies: list[str] = field(default_factory=list)


def _participants(session: Session, hashed: str) -> list[Participant]:
    """Everyone we have texted on this phone, most recent first."""
    ids = session.scalars(
        select(Invitation.participant_id).join(OutboundMessage, OutboundMessage.invitation_id == Invitation.id)
        .where(OutboundMessage.phone_hash == hashed).order_by(OutboundMessage.id.desc())
    ).all()
    seen = list(dict.fromkeys(ids))
    return [session.get(Participant, pid) for pid in seen]


def receive(session: Session, received: Received, *, backend: str) -> Handled:
    """Handle one text in the caller's transaction; the caller commits and sends ``replies``."""
    hashed = phone_hash(received.sender)
    keep = backend == "log"
    record = InboundMessage(message_sid=received.message_sid, phone_hash=hashed, backend=backend,
                            sender=received.sender if keep else None, body=received.body if keep else None,
                            received_at=utcnow())
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:
        return Handled("repeated")
    people = _participants(session, hashed)
    if people:
        record.organisation_id = people[0].organisation_id
    twilio_kind = TWILIO_KEYWORDS.get((received.opt_out_type or "").strip().upper())
    kind = twilio_kind or keyword(received.body)
    language = _language(people)
    conversation = None
    if not people:
        handled = Handled("unknown_number")
    elif kind == "stop":
        for person in people:
            record_consent(session, person, ConsentKind.STOP, Channel.SMS, how="text_reply")
        dialogue.close_all(session, hashed)
        handled = Handled("stop", [] if twilio_kind else [_in(language, _stopped_text)])
    elif kind == "start":
        for person in people:
            record_consent(session, person, ConsentKind.START, Channel.SMS, how="text_reply")
        handled = Handled("start", [] if twilio_kind else [_in(language, _started_text)])
    elif kind == "help":
        council = session.get(Organisation, people[0].organisation_id)
        handled = Handled("help", [_in(language, lambda: _help_text(council))])
    else:
        conversation = dialogue.live_conversation(session, hashed)
        if conversation is not None:
            record.conversation_id = conversation.id
            handled = Handled("answer", dialogue.reply(session, conversation, received.body))
        else:
            handled = _neutral(session, hashed, record, language)
    record.outcome = handled.outcome
    if people:
        # Replies go back in the webhook's answer (TwiML); they are kept like every other text.
        invitation_id = conversation.invitation_id if conversation is not None else None
        for text in handled.replies:
            session.add(OutboundMessage(
                organisation_id=people[0].organisation_id, invitation_id=invitation_id, channel=Channel.SMS,
                backend=backend, purpose="reply", recipient=received.sender, phone_hash=hashed, body=text,
                status="sent"))
    return handled


def _neutral(session: Session, hashed: str, record: InboundMessage, language: str) -> Handled:
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


def _neutral_text() -> str:
    return gettext("Thank you for your message. There is nothing to answer by text at the moment.")
