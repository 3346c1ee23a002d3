"""The questionnaire by text: one question a message, answered by replying.

A conversation belongs to one invitation and is found from a reply by the keyed hash of the
phone. Each reply is read forgivingly (``replies.read_reply``) and recorded through
``answers.record_answer`` with channel ``sms``, exactly as a web answer is. An unclear reply is
asked again once with the allowed replies; a second unclear one skips the question, so nobody is
stuck. SKIP skips, LATER pauses (the reminder, if one is still to come, asks the same question
again; any reply carries on), and the last answer sends the response and
gets a short thank-you (saying someone will be in touch when the person asked for that).

Only one conversation per phone is open at a time; an invitation to the same phone waits for it
to end (see ``dispatch.sending``).
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale, format_date, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..answers import Given, ResponseClosed, alerts_raised, load_state, record_answer
from ..i18n import LANGUAGES
from ..models import Channel, ConversationStatus, TextConversation, utcnow
from ..questionnaire import SKIP, get_survey
from .replies import Reply, read_reply

LIVE = (ConversationStatus.OPEN, ConversationStatus.PAUSED)


def live_conversation(session: Session, hashed_phone: str) -> TextConversation | None:
    """The conversation open (or paused) on this phone, if there is one."""
    return session.scalar(select(TextConversation).where(
        TextConversation.phone_hash == hashed_phone, TextConversation.status.in_(LIVE))
        .order_by(TextConversation.id.desc()).limit(1))


def conversation_of(session: Session, invitation_id: int) -> TextConversation | None:
    return session.scalar(select(TextConversation).where(TextConversation.invitation_id == invitation_id))


def close_all(session: Session, hashed_phone: str) -> None:
    """End every open or paused conversation on this phone (the person said STOP)."""
    for conversation in session.scalars(select(TextConversation).where(
            TextConversation.phone_hash == hashed_phone, TextConversation.status.in_(LIVE))):
        conversation.status, conversation.ended_at = ConversationStatus.CLOSED, utcnow()


def start(session: Session, invitation, participant, hashed_phone: str, now: datetime) -> TextConversation:
    """Open the conversation for an invitation whose first question is about to be sent."""
    language = participant.language if participant.language in LANGUAGES else "en"
    state = load_state(session, invitation.id)
    first = get_survey(invitation.survey_id).first_question(state.routing)
    conversation = TextConversation(
        organisation_id=invitation.organisation_id, invitation_id=invitation.id, participant_id=participant.id,
        phone_hash=hashed_phone, language=language, status=ConversationStatus.OPEN, question_key=first.key,
        last_message_at=now, created_at=now)
    session.add(conversation)
    session.flush()
    return conversation


def opening_text(conversation: TextConversation, session: Session, council_name: str | None) -> str:
    """The first text: who would like to hear from the person, then the first question."""
    state = load_state(session, conversation.invitation_id)
    with force_locale(conversation.language):
        question = _question(state, conversation.question_key)
        if council_name:
            greeting = gettext("Hello. %(council)s would like to know what you think about the help you had "
                               "recently.", council=council_name)
        else:
            greeting = gettext("Hello. We would like to know what you think about the help you had recently.")
        return " ".join((greeting, question, gettext("Reply STOP to stop these messages.")))


def resume_text(conversation: TextConversation, session: Session) -> str:
    """The reminder for a paused conversation: the question it stopped at, again."""
    state = load_state(session, conversation.invitation_id)
    with force_locale(conversation.language):
        return " ".join((gettext("Hello again."), _question(state, conversation.question_key)))


def _question(state, key: str) -> str:
    survey = get_survey(state.invitation.survey_id)
    return survey.question(key).sms_translated(state.uses_representative_wording)


def reply(session: Session, conversation: TextConversation, body: str) -> list[str]:
    """Record what the person replied to the conversation's question; the texts to send back."""
    now = utcnow()
    texts = _reply(session, conversation, body, now)
    # Set last, so that the conversation's row is written once, with everything else that changed.
    conversation.last_message_at = now
    return texts


def _reply(session: Session, conversation: TextConversation, body: str, now: datetime) -> list[str]:
    state = load_state(session, conversation.invitation_id)
    if state is None or not state.answerable:
        return _end(conversation, ConversationStatus.CLOSED, now, [_in(conversation, _nothing_to_answer)])
    survey = get_survey(state.invitation.survey_id)
    question = survey.question(conversation.question_key)
    meant = read_reply(body, question, conversation.language, state.uses_representative_wording)
    if meant.kind == "later":
        conversation.status = ConversationStatus.PAUSED
        return [_in(conversation, lambda: _paused(state.invitation.expires_at))]
    if conversation.status == ConversationStatus.PAUSED and meant.kind == "unclear":
        conversation.status = ConversationStatus.OPEN
        return [_in(conversation, lambda: _question(state, question.key))]
    conversation.status = ConversationStatus.OPEN
    if meant.kind == "unclear":
        if not conversation.reasked:
            conversation.reasked = True
            return [_in(conversation, lambda: " ".join((_unclear(), _question(state, question.key))))]
        meant = Reply("skip", choice_key=SKIP)
        skipped_note = _in(conversation, _skipped_after_two_tries)
    else:
        skipped_note = None
    try:
        outcome = record_answer(session, state, Given(question.key, meant.choice_key, meant.free_text),
                                channel=Channel.SMS, complete_at_end=True, language=conversation.language)
    except ResponseClosed:
        return _end(conversation, ConversationStatus.CLOSED, now, [_in(conversation, _nothing_to_answer)])
    if not outcome.recorded:
        conversation.reasked = True
        return [_in(conversation, lambda: " ".join((_unclear(), _question(state, question.key))))]
    conversation.reasked = False
    if question.ends_survey_unless and meant.choice_key not in question.ends_survey_unless:
        return _end(conversation, ConversationStatus.CLOSED, now, [_in(conversation, lambda: _declined(meant))])
    if outcome.at_end:
        alert = alerts_raised(session, state.response.id)
        return _end(conversation, ConversationStatus.FINISHED, now,
                    [_in(conversation, lambda: _thanks(alert))])
    conversation.question_key = outcome.next_question
    texts = [skipped_note] if skipped_note else []
    return texts + [_in(conversation, lambda: _question(state, outcome.next_question))]


def _end(conversation: TextConversation, status: ConversationStatus, now: datetime, texts: list[str]) -> list[str]:
    conversation.status, conversation.ended_at = status, now
    return texts


def _in(conversation: TextConversation, make) -> str:
    with force_locale(conversation.language):
        return make()


def _unclear() -> str:
    return gettext("Sorry, we did not understand.")


def _skipped_after_two_tries() -> str:
    return gettext("We have skipped that question.")


def _paused(until) -> str:
    # Short, as a text is: the date the questions close, and what happens to the answers then.
    return gettext("That is fine. Reply by %(date)s to carry on. After that we will use the answers you gave.",
                   date=format_date(until, "d MMMM"))


def _nothing_to_answer() -> str:
    return gettext("Thank you for your message. There is nothing to answer by text at the moment.")


def _declined(meant) -> str:
    if meant.choice_key == "not_now":
        return gettext("That is fine. We may ask you another time.")
    return gettext("That is fine. We will not ask you these questions.")


def _thanks(alert: bool) -> str:
    if alert:
        return gettext("Thank you. Your answers have been sent. Someone from the council will get in touch with "
                       "you soon.")
    return gettext("Thank you. Your answers have been sent.")
