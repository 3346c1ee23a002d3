"""Plain factory functions that create real records for tests, and the helpers that read them back."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from feedback_app.models import (
    Enquiry, Membership, Organisation, OrganisationKind, Participant, ParticipantRole, Role, User,
    EnquiryKind,
)

_counter = itertools.count(1)


def every_language_offered() -> dict:
    from feedback_app.i18n import LANGUAGES

    return {"languages": list(LANGUAGES),
            "languages_accepted": {code: {"by": None, "at": "2026-01-05T09:00:00"} for code in LANGUAGES if code != "en"}}


def create_organisation(session, name=None, kind=OrganisationKind.COUNCIL, slug=None, ons_code=None,
                        settings=None) -> Organisation:
    n = next(_counter)
    settings = dict(settings or {})
    if kind == OrganisationKind.COUNCIL and "languages" not in settings:
        # A test council offers people every language, as if its administrator had accepted the
        # machine-made ones; tests of that choice pass their own "languages".
        settings.update(every_language_offered())
    organisation = Organisation(
        name=name or f"Test Council {n}", slug=slug or f"test-council-{n}", kind=kind,
        ons_code=ons_code or (f"E0600{n:04d}" if kind == OrganisationKind.COUNCIL else None),
        settings=settings,
    )
    session.add(organisation)
    session.commit()
    return organisation


def create_user(session, organisation=None, role=Role.PRACTITIONER, email=None, password="correct horse battery",
                name=None, active=True) -> User:
    from feedback_app.auth.passwords import hash_password

    n = next(_counter)
    organisation = organisation or create_organisation(session)
    user = User(
        email=email or f"user{n}@example.org", name=name or f"Test User {n}",
        password_hash=hash_password(password) if password else None, active=active,
    )
    user.memberships.append(Membership(organisation_id=organisation.id, role=role))
    session.add(user)
    session.commit()
    return user


def create_enquiry(session, organisation, reference=None, kind=EnquiryKind.S42, closed=True) -> Enquiry:
    from feedback_app.casework_refs import case_reference_hash, case_reference_hint

    reference = reference or f"CASE-{next(_counter):05d}"
    enquiry = Enquiry(
        organisation_id=organisation.id, kind=kind,
        case_ref_hash=case_reference_hash(organisation, reference), case_ref_hint=case_reference_hint(reference),
        opened_on=date.today() - timedelta(days=40), closed_on=date.today() - timedelta(days=5) if closed else None,
    )
    session.add(enquiry)
    session.commit()
    return enquiry


def create_participant(session, enquiry, role=ParticipantRole.ADULT, language="en") -> Participant:
    participant = Participant(organisation_id=enquiry.organisation_id, enquiry_id=enquiry.id, role=role,
                              language=language)
    session.add(participant)
    session.commit()
    return participant


def create_invitation(session, participant, channel=None, status=None, survey_id="msp-experience"):
    """An invitation with a link token; returns (invitation, token)."""
    from datetime import timedelta as _td

    from feedback_app.models import AskedBy, Channel, Invitation, InvitationStatus, Timing, utcnow
    from feedback_app.tokens import new_link_token

    token, token_hash = new_link_token()
    now = utcnow()
    invitation = Invitation(
        organisation_id=participant.organisation_id, participant_id=participant.id, survey_id=survey_id,
        channel=channel or Channel.WEB, timing=Timing.AFTER, asked_by=AskedBy.INDEPENDENT,
        token_hash=token_hash, status=status or InvitationStatus.SENT, due_at=now, sent_at=now,
        expires_at=now + _td(days=28),
    )
    session.add(invitation)
    session.commit()
    return invitation, token


def answer(session, invitation, *answers, channel=None, mode=None, language=None, entered_by=None,
           person_present=None, at=None, submit=False):
    """Record ``answers`` for ``invitation`` the way every channel does, through ``record_answer``,
    and commit. Each answer is ``(question, choice)`` or ``(question, None, words)``. Returns the
    response, read afresh."""
    from feedback_app.answers import Given, load_state, record_answer, submit_response
    from feedback_app.models import AnswerMode, Response

    state = load_state(session, invitation.id)
    for given in answers:
        outcome = record_answer(session, state, Given(*given), channel=channel or invitation.channel,
                                mode=mode or AnswerMode.SELF, language=language, entered_by=entered_by,
                                person_present=person_present, at=at)
        assert outcome.recorded, f"{given} was not recorded: {outcome.reask}"
    if submit:
        submit_response(session, state, at=at)
    session.commit()
    return session.get(Response, state.response.id, populate_existing=True) if state.response else None


def reload(session, instance=None):
    """End the test's read transaction so that it sees what requests have written since."""
    session.commit()
    session.expire_all()
    return None if instance is None else session.get(type(instance), instance.id)


def audit_events(session, action=None) -> list:
    """Every audit event so far, oldest first; only those of ``action`` when given."""
    from sqlalchemy import select

    from feedback_app.models import AuditEvent

    reload(session)
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.scalars(query))


def audit_actions(session, target=None) -> list[str]:
    """The actions audited so far, oldest first; only those about ``target`` when given."""
    return [event.action for event in audit_events(session)
            if target is None or (event.target_type, event.target_id) == (type(target).__name__, target.id)]
