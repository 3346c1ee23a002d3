"""The people who may be asked for feedback: the adult, a representative, or both."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import Session

from ... import audit
from ...capacity import lacks_capacity
from ...i18n import LANGUAGES
from ...models import (
    Channel, Enquiry, Invitation, InvitationStatus, Participant, ParticipantRole, RepresentativeKind,
)
from .checks import Checker

# Accessible Information Standard: what the person needs in order to take part.
FORMAT_NEEDS = ("easy_read", "large_print", "bsl", "audio", "interpreter", "advocate_support")
# Who gives consent for this person to be asked. Capacity is decision-specific and assessed,
# never inferred from a diagnosis, so only the basis is recorded here, not a judgement.
CAPACITY_BASES = ("adult_consents", "representative_consents")
COMMUNICATION_NOTES_MAX = 2000
PARTICIPANT_FIELDS = ("role", "representative_kind", "language", "format_needs",
                      "communication_notes", "capacity_basis")


def validate_participant(data: dict, languages=tuple(LANGUAGES)) -> tuple[dict, dict]:
    """Check a person's details; ``languages`` are those the council offers people
    (``people_languages.languages_for``)."""
    check = Checker(data)
    role = check.choice("role", ParticipantRole, message=_l(
        "Select whether this is the adult or a representative"))
    if role == ParticipantRole.REPRESENTATIVE:
        check.choice("representative_kind", RepresentativeKind, message=_l(
            "Select what kind of representative they are"))
    elif check.given("representative_kind") and role == ParticipantRole.ADULT:
        check.fail("representative_kind", _l("Only choose a kind of representative for a representative"))
    else:
        check.clean["representative_kind"] = None
    language = check.choice("language", tuple(LANGUAGES), message=_l("Select the language they want to use"))
    if language is not None and language not in languages:
        check.fail("language", _l("Select a language your council offers: an administrator chooses them on the "
                                  "Languages page"))
    check.choices("format_needs", FORMAT_NEEDS, message=_l("Select only the communication needs listed"))
    check.text("communication_notes", max_length=COMMUNICATION_NOTES_MAX, too_long=_l(
        "Notes about communication must be %(max)s characters or fewer", max="2,000"))
    check.choice("capacity_basis", CAPACITY_BASES, message=_l("Select who gives consent"))
    return check.result


def add_participant(session: Session, enquiry: Enquiry, clean: dict, actor) -> Participant:
    participant = Participant(organisation_id=enquiry.organisation_id, enquiry_id=enquiry.id,
                              screening={}, **{field: clean.get(field) for field in PARTICIPANT_FIELDS})
    participant.format_needs = participant.format_needs or []
    session.add(participant)
    session.flush()
    audit.record(session, "participant_added", participant, user=actor, role=participant.role.value,
                 enquiry_id=enquiry.id)
    session.commit()
    return participant


def update_participant(session: Session, participant: Participant, clean: dict, actor) -> list[str]:
    changed = []
    for field in PARTICIPANT_FIELDS:
        value = clean.get(field) if field != "format_needs" else clean.get(field) or []
        if field in clean and getattr(participant, field) != value:
            setattr(participant, field, value)
            changed.append(field)
    if changed:
        cancelled = _stop_direct_contact(session, participant) if lacks_capacity(participant) else 0
        audit.record(session, "participant_updated", participant, user=actor, changed=changed,
                     invitations_cancelled=cancelled)
        session.commit()
    return changed


def note_participant_viewed(session: Session, participant: Participant, actor) -> None:
    """Looking at someone's contact details and consent is itself worth a record."""
    audit.record(session, "participant_viewed", participant, user=actor)
    session.commit()


DIRECT_CHANNELS = (Channel.SMS, Channel.PAPER, Channel.WEB)
NOT_ENDED = (InvitationStatus.SCHEDULED, InvitationStatus.SENDING, InvitationStatus.SENT, InvitationStatus.OPENED)


def _stop_direct_contact(session: Session, participant: Participant) -> int:
    """An adult now recorded as lacking capacity: texts, letters and links to them stop at once."""
    return session.execute(
        update(Invitation)
        .where(Invitation.participant_id == participant.id, Invitation.channel.in_(DIRECT_CHANNELS),
               Invitation.status.in_(NOT_ENDED))
        .values(status=InvitationStatus.CANCELLED, last_error="capacity")
        .execution_options(synchronize_session="fetch")
    ).rowcount
