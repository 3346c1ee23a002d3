"""Scheduling a request for feedback, cancelling it, and keeping it in step with closure.

Feedback timed from closure ("at closure" or "N days after") may be planned while the enquiry is
still open. Until the closed date is known, such an invitation is parked: its due time is set N
days after ``AWAITING_CLOSURE``, a moment no dispatcher reaches, which also keeps N itself.
Setting the closed date moves it to 10:00 UK time on the real due date.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import audit
from ...answers.windows import place_enquiry_responses
from ...capacity import lacks_capacity, representatives_on_record
from ...consent import consent_state
from ...models import (
    AskedBy, Channel, ConsentState, Enquiry, Invitation, InvitationStatus, Participant, Timing,
)
from ...screening import screening_clear
from ...tokens import new_reference_code
from .checks import LONDON, Checker, DateMessages, RecordRejected, today
from .contacts import postable_contacts, textable_contacts

SURVEY_ID = "msp-experience"
SEND_TIME = time(10, 0)
FRAMEWORK_WINDOW_DAYS = 56
DEFAULT_DAYS_AFTER_CLOSURE = 14
DEFAULT_LINK_DAYS = 28
# How the texts work: a link to the web questionnaire, or the questions asked and answered by text.
TEXT_WAYS = ("link", "reply")
# By text message, or a printed form by post (the post room's daily batch).
CHANNELS = (Channel.SMS.value, Channel.PAPER.value)
NO_ROUTE = {
    Channel.SMS: _l("There is no mobile phone number with a completed safe-contact check: ask by post, or add "
                    "and check a number"),
    Channel.PAPER: _l("There is no postal address with a completed safe-contact check: ask by text, or add "
                      "and check an address"),
}
AWAITING_CLOSURE = datetime(9000, 1, 1, 10, 0, tzinfo=timezone.utc)
PENDING = (InvitationStatus.SCHEDULED, InvitationStatus.SENDING, InvitationStatus.SENT,
           InvitationStatus.OPENED)
FROM_CLOSURE = (Timing.AT_CLOSURE, Timing.AFTER)

CAPACITY_BLOCKER = _l("This adult lacks capacity to decide about being asked, so they are never contacted "
                      "directly: ask their representative, or ask a partner organisation to visit")
NOBODY_TO_ASK_BLOCKER = _l("This adult lacks capacity to decide about being asked and has no representative on "
                           "record, so they are screened out: add a representative, or ask a partner "
                           "organisation to visit")
LATE_WARNING = _l("Feedback asked for more than 8 weeks after closure does not count towards the "
                  "framework return")
DURING_DATE = DateMessages(
    required=_l("Enter the date to ask for feedback"),
    incomplete=_l("The date to ask must include a day, month and year"),
    invalid=_l("The date to ask must be a real date"),
    out_of_range=_l("The date to ask must be today or in the future"),
)


def council_setting(organisation, key: str, fallback: int) -> int:
    value = (organisation.settings or {}).get(key)
    return value if isinstance(value, int) and value > 0 else fallback


def due_moment(day: date) -> datetime:
    return datetime.combine(day, SEND_TIME, tzinfo=LONDON).astimezone(timezone.utc)


def is_awaiting_closure(invitation: Invitation) -> bool:
    return invitation.due_at >= AWAITING_CLOSURE


def _days(later: datetime, earlier: datetime) -> int:
    return round((later - earlier).total_seconds() / 86400)


def days_after_closure(invitation: Invitation, closed_on: date | None) -> int | None:
    if invitation.timing not in FROM_CLOSURE:
        return None
    if is_awaiting_closure(invitation):
        return _days(invitation.due_at, AWAITING_CLOSURE)
    if closed_on is None:
        return None
    return (invitation.due_at.astimezone(LONDON).date() - closed_on).days


def schedule_blockers(session: Session, participant: Participant) -> dict[str, str]:
    """What stops this participant being asked now, keyed by what needs fixing."""
    blockers = {}
    state = consent_state(session, participant.id)
    if state in (ConsentState.DECLINED, ConsentState.WITHDRAWN):
        blockers["consent"] = _l("The person declined or withdrew consent, so they cannot be asked")
    elif state != ConsentState.GIVEN:
        blockers["consent"] = _l("Consent has not been given: record the person’s consent first")
    if lacks_capacity(participant):
        blockers["capacity"] = CAPACITY_BLOCKER if representatives_on_record(session, participant) \
            else NOBODY_TO_ASK_BLOCKER
    if not screening_clear(participant.screening):
        blockers["screening"] = _l("Screening is not complete, or a condition applies without a "
                                   "recorded reason to go ahead")
    if not textable_contacts(participant) and not postable_contacts(participant):
        blockers["contact"] = _l("There is no mobile phone number or postal address with a completed "
                                 "safe-contact check")
    if pending_invitations(session, participant):
        blockers["pending"] = _l("A request for feedback is already waiting: cancel it before "
                                 "scheduling another")
    return blockers


def pending_invitations(session: Session, participant: Participant) -> list[Invitation]:
    return list(session.scalars(select(Invitation).where(
        Invitation.participant_id == participant.id, Invitation.status.in_(PENDING))))


def validate_schedule(data: dict, enquiry: Enquiry, organisation) -> tuple[dict, dict]:
    """Check when and how to ask. The due date is worked out here so the 8-week warning can be
    shown before anything is saved; ``due_on`` is None while it waits for the closed date."""
    check = Checker(data)
    channel = check.choice("channel", CHANNELS, required=False, message=_l("Select how to ask: by text or by post"))
    timing = check.choice("timing", Timing, message=_l("Select when to ask for feedback"))
    check.choice("asked_by", AskedBy, message=_l("Select who is asking for feedback"))
    texts = check.choice("texts", TEXT_WAYS, required=False, message=_l("Select how the texts should work"))
    check.whole_number("link_days", minimum=1, maximum=90, default=council_setting(
        organisation, "link_days", DEFAULT_LINK_DAYS), message=_l(
        "The number of days the link works must be a whole number from 1 to 90"))
    closed_on, days, due_on = enquiry.closed_on, 0, None
    if timing == Timing.DURING:
        if closed_on:
            check.fail("timing", _l("The enquiry has closed: choose to ask at closure or after closure"))
        else:
            due_on = check.date("due_on", DURING_DATE, earliest=today())
    elif timing == Timing.AFTER:
        days = check.whole_number("days_after_closure", minimum=1, maximum=365, default=council_setting(
            organisation, "days_after_closure", DEFAULT_DAYS_AFTER_CLOSURE), message=_l(
            "The number of days after closure must be a whole number from 1 to 365"))
    if timing in FROM_CLOSURE and days is not None and closed_on:
        due_on = max(closed_on + timedelta(days=days), today())
    late = timing in FROM_CLOSURE and days is not None and (
        (due_on - closed_on).days if closed_on else days) > FRAMEWORK_WINDOW_DAYS
    if late and not check.yes_no("confirm_late", required=False, message=LATE_WARNING):
        check.fail("confirm_late", LATE_WARNING)
    channel = Channel(channel or Channel.SMS.value)
    check.clean.update(channel=channel, answer_by_reply=channel == Channel.SMS and texts == "reply",
                       days_after_closure=days if timing in FROM_CLOSURE else None,
                       due_on=due_on, late=bool(late))
    return check.result


def schedule_feedback(session: Session, participant: Participant, clean: dict, actor) -> Invitation:
    """Create the invitation and commit; ``RecordRejected`` names whatever stops it."""
    blockers = schedule_blockers(session, participant)
    if blockers:
        raise RecordRejected(blockers)
    routes = textable_contacts if clean["channel"] == Channel.SMS else postable_contacts
    if not routes(participant):
        raise RecordRejected({"channel": NO_ROUTE[clean["channel"]]})
    link_days = clean["link_days"]
    if clean["due_on"] is None:
        due_at = AWAITING_CLOSURE + timedelta(days=clean["days_after_closure"])
        expires_at = due_at + timedelta(days=link_days)
    else:
        due_at = due_moment(clean["due_on"])
        expires_at = due_moment(clean["due_on"] + timedelta(days=link_days))
    invitation = Invitation(
        organisation_id=participant.organisation_id, participant_id=participant.id, survey_id=SURVEY_ID,
        channel=clean["channel"], answer_by_reply=clean.get("answer_by_reply", False), timing=clean["timing"],
        asked_by=clean["asked_by"],
        reference_code=unused_reference_code(session) if clean["channel"] == Channel.PAPER else None,
        status=InvitationStatus.SCHEDULED, due_at=due_at, expires_at=expires_at,
        created_by_id=getattr(actor, "id", None),
    )
    session.add(invitation)
    session.flush()
    audit.record(session, "feedback_scheduled", invitation, user=actor, participant_id=participant.id,
                 channel=invitation.channel.value,
                 timing=invitation.timing.value, asked_by=invitation.asked_by.value,
                 answer_by_reply=invitation.answer_by_reply,
                 awaiting_closure=clean["due_on"] is None, late=clean["late"])
    session.commit()
    return invitation


def unused_reference_code(session: Session) -> str:
    """A new form code that no invitation has (a clash is about one in ten billion)."""
    while True:
        code = new_reference_code()
        if session.scalar(select(Invitation.id).where(Invitation.reference_code == code)) is None:
            return code


def cancel_invitation(session: Session, invitation: Invitation, actor) -> bool:
    """Cancel a request not yet sent; False when it had already gone (or was cancelled)."""
    if invitation.status != InvitationStatus.SCHEDULED:
        return False
    invitation.status = InvitationStatus.CANCELLED
    audit.record(session, "invitation_cancelled", invitation, user=actor)
    session.commit()
    return True


def follow_closure(session: Session, enquiry: Enquiry, previous_closed_on: date | None) -> int:
    """Move feedback timed from closure to match a new closed date, and place the feedback
    already given in its window from the new date, without committing."""
    if enquiry.closed_on == previous_closed_on:
        return 0
    place_enquiry_responses(session, enquiry.id, enquiry.closed_on)
    invitations = session.scalars(
        select(Invitation).join(Participant, Participant.id == Invitation.participant_id)
        .where(Participant.enquiry_id == enquiry.id, Invitation.status == InvitationStatus.SCHEDULED,
               Invitation.timing.in_(FROM_CLOSURE))
    ).all()
    for invitation in invitations:
        days = days_after_closure(invitation, previous_closed_on) or 0
        link_days = _days(invitation.expires_at, invitation.due_at)
        if enquiry.closed_on is None:
            invitation.due_at = AWAITING_CLOSURE + timedelta(days=max(days, 0))
            invitation.expires_at = invitation.due_at + timedelta(days=link_days)
        else:
            due_on = max(enquiry.closed_on + timedelta(days=max(days, 0)), today())
            invitation.due_at = due_moment(due_on)
            invitation.expires_at = due_moment(due_on + timedelta(days=link_days))
    return len(invitations)
