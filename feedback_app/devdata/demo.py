"""Demo data: two councils, an advocacy service, a national viewer, and fresh survey links.

Running it again changes nothing structural: organisations, users and enquiries are found by
their stable keys, passwords are replaced with new ones and earlier demo links are cancelled
so that only the links just printed work.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from ..auth.passwords import hash_password
from ..casework_refs import case_reference_hash, case_reference_hint
from ..comments.themes import seed_demo_comments
from ..models import (
    AskedBy, Channel, ConsentEvent, ConsentKind, ContactKind, ContactPoint, Enquiry, EnquiryKind, Invitation, InvitationStatus,
    Membership, Organisation, OrganisationKind, OutcomesAchieved, OutcomesAsked, Participant,
    OutboundMessage, ParticipantRole, Partnership, RepresentativeKind, RiskOutcome, Role, Timing, User, utcnow,
)
from ..phones import phone_hash
from ..screening import CONDITIONS
from ..sms import dialogue
from ..sms.inbound import Received, receive
from ..tokens import new_link_token, new_reference_code
from .advocacy import add_advocacy_work, add_sample_pool
from .history import add_demo_history, finalise_demo_returns
from .practitioner import give_practitioner_their_enquiries

SURVEY_ID = "msp-experience"
COUNCIL_ROLES = (Role.ADMIN, Role.PRACTITIONER, Role.ANALYST, Role.DUTY)

COUNCIL_SETTINGS = {
    "northshire": {
        "help_phone": "0300 123 4567",
        "text_relay": "18001 0300 123 4567",
        "help_email": "safeguarding.feedback@northshire.example",
        "bsl_relay": "https://bsl-relay.northshire.example/",
        "languages": ["en", "cy", "ur"],
    },
    "southbay": {
        "help_phone": "0300 765 4321",
        "text_relay": "18001 0300 765 4321",
        "languages": ["en", "cy"],
    },
}

ORGANISATIONS = [
    ("northshire", "Northshire County Council", OrganisationKind.COUNCIL, "E10000901"),
    ("southbay", "Southbay Borough Council", OrganisationKind.COUNCIL, "E06000901"),
    ("northshire-advocacy", "Northshire Independent Advocacy", OrganisationKind.ADVOCACY, None),
    ("national", "National Safeguarding Benchmarking", OrganisationKind.NATIONAL, None),
]

# (case reference, council, participant role, language, representative kind)
DEMO_PARTICIPANTS = [
    ("DEMO-0001", "northshire", ParticipantRole.ADULT, "en", None),
    ("DEMO-0002", "northshire", ParticipantRole.ADULT, "cy", None),
    ("DEMO-0003", "northshire", ParticipantRole.REPRESENTATIVE, "en", RepresentativeKind.FAMILY),
    ("DEMO-0004", "northshire", ParticipantRole.ADULT, "ur", None),
    ("DEMO-0005", "southbay", ParticipantRole.ADULT, "en", None),
]


# A person answering by text, part way through: an Ofcom drama number, which reaches nobody.
TEXT_PHONE = "+447700900314"
TEXT_REFERENCE = "DEMO-0007"
# The person whose form goes out in the post room's next batch.
POST_REFERENCE = "DEMO-0008"
TEXT_REPLIES_SO_FAR = ("1", "1")  # yes to answering, and "me" to who is answering


@dataclass
class DemoOutput:
    logins: list[tuple[str, str, str, str]]
    links: list[tuple[str, str, str]]
    paper_codes: list[str]
    sms_phones: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"login {role} {email} {password} {slug}" for role, email, password, slug in self.logins]
        out += [f"survey-link {url} {language} {who}" for url, language, who in self.links]
        out += [f"paper-code {code}" for code in self.paper_codes]
        out += [f"sms-phone {phone} {language}" for phone, language in self.sms_phones]
        return out


def _organisation(session, slug, name, kind, ons_code) -> Organisation:
    organisation = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        organisation = Organisation(slug=slug, name=name, kind=kind, ons_code=ons_code)
        session.add(organisation)
    settings = {**(organisation.settings or {}), **COUNCIL_SETTINGS.get(slug, {})}
    if "languages" in settings:
        # The demo councils accept the machine-made translations, as an administrator does on
        # /admin/languages; "by" is nobody, since the demo set it up.
        accepted = settings.get("languages_accepted") or {}
        settings["languages_accepted"] = {code: accepted.get(code) or {"by": None, "at": utcnow().isoformat(
            timespec="seconds")} for code in settings["languages"] if code != "en"}
    organisation.settings = settings
    session.flush()
    return organisation


def _user(session, organisation: Organisation, role: Role) -> tuple[str, str]:
    email = f"{role.value}@{organisation.slug}.example"
    password = secrets.token_urlsafe(12)
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=f"Demo {role.value} ({organisation.name})")
        user.memberships.append(Membership(organisation_id=organisation.id, role=role))
        session.add(user)
    user.password_hash = hash_password(password)
    user.active = True
    user.session_version = (user.session_version or 0) + 1
    return email, password


def _enquiry(session, council: Organisation, reference: str) -> Enquiry:
    ref_hash = case_reference_hash(council, reference)
    enquiry = session.scalar(select(Enquiry).where(
        Enquiry.organisation_id == council.id, Enquiry.case_ref_hash == ref_hash))
    if enquiry is None:
        enquiry = Enquiry(
            organisation_id=council.id, case_ref_hash=ref_hash, case_ref_hint=case_reference_hint(reference),
            kind=EnquiryKind.S42, opened_on=date.today() - timedelta(days=60),
            closed_on=date.today() - timedelta(days=7),
            outcomes_asked=OutcomesAsked.EXPRESSED,
            desired_outcome_categories=["feel_safe", "stay_home"],
            desired_outcomes_text="To feel safe at home. To see my grandson again.",
            outcomes_achieved=OutcomesAchieved.PARTIALLY, risk_outcome=RiskOutcome.REDUCED,
        )
        session.add(enquiry)
        session.flush()
    return enquiry


def _participant(session, enquiry, role, language, representative_kind) -> Participant:
    participant = session.scalar(select(Participant).where(
        Participant.enquiry_id == enquiry.id, Participant.role == role))
    if participant is None:
        participant = Participant(
            organisation_id=enquiry.organisation_id, enquiry_id=enquiry.id, role=role,
            language=language, representative_kind=representative_kind, format_needs=["easy_read"],
        )
        session.add(participant)
        session.flush()
        session.add(ConsentEvent(
            organisation_id=enquiry.organisation_id, participant_id=participant.id, kind=ConsentKind.GIVEN,
            channel=Channel.STAFF, how="in_person", note="Agreed at the closing visit (demo).",
        ))
    return participant


def _fresh_invitation(session, participant, channel: Channel) -> tuple[Invitation, str]:
    now = utcnow()
    for old in session.scalars(select(Invitation).where(
            Invitation.participant_id == participant.id, Invitation.channel == channel,
            Invitation.status.in_([InvitationStatus.SCHEDULED, InvitationStatus.SENDING, InvitationStatus.SENT,
                                    InvitationStatus.OPENED]))):
        old.status = InvitationStatus.CANCELLED
    token, token_hash = new_link_token()
    invitation = Invitation(
        organisation_id=participant.organisation_id, participant_id=participant.id, survey_id=SURVEY_ID,
        channel=channel, timing=Timing.AFTER, asked_by=AskedBy.INDEPENDENT, token_hash=token_hash,
        reference_code=new_reference_code() if channel == Channel.PAPER else None,
        status=InvitationStatus.SENT, due_at=now, sent_at=now, expires_at=now + timedelta(days=28),
    )
    session.add(invitation)
    return invitation, token


def is_demo_or_empty(session) -> bool:
    """True when every organisation in the database is one of the demo ones."""
    demo_slugs = {slug for slug, *_ in ORGANISATIONS}
    return set(session.scalars(select(Organisation.slug))) <= demo_slugs


def load_demo_data(session, base_url: str) -> DemoOutput:
    organisations = {slug: _organisation(session, slug, name, kind, ons)
                     for slug, name, kind, ons in ORGANISATIONS}
    advocacy = organisations["northshire-advocacy"]
    if not session.scalar(select(Partnership).where(
            Partnership.council_id == organisations["northshire"].id, Partnership.partner_id == advocacy.id)):
        session.add(Partnership(council_id=organisations["northshire"].id, partner_id=advocacy.id))

    logins = []
    for slug in ("northshire", "southbay"):
        for role in COUNCIL_ROLES:
            email, password = _user(session, organisations[slug], role)
            logins.append((role.value, email, password, slug))
    for slug, role in (("northshire-advocacy", Role.ADVOCATE), ("northshire-advocacy", Role.ADMIN),
                       ("national", Role.NATIONAL)):
        email, password = _user(session, organisations[slug], role)
        logins.append((role.value, email, password, slug))

    links, paper_codes = [], []
    for reference, council_slug, role, language, rep_kind in DEMO_PARTICIPANTS:
        enquiry = _enquiry(session, organisations[council_slug], reference)
        participant = _participant(session, enquiry, role, language, rep_kind)
        _, token = _fresh_invitation(session, participant, Channel.WEB)
        links.append((f"{base_url}/s/{token}", language, role.value))
    for slug in ("northshire", "southbay"):
        add_demo_history(session, organisations[slug], slug)
        seed_demo_comments(session, organisations[slug])
    session.commit()
    finalise_demo_returns(session, organisations["northshire"], organisations["southbay"])
    # Asked on paper in Welsh: the printed form, and keying it back, can be tried in both languages.
    paper_participant = _participant(
        session, _enquiry(session, organisations["northshire"], "DEMO-0006"), ParticipantRole.ADULT, "cy", None)
    paper_invitation, _ = _fresh_invitation(session, paper_participant, Channel.PAPER)
    paper_codes.append(paper_invitation.reference_code)
    _due_by_post(session, organisations["northshire"])
    sms_phones = [_text_conversation(session, organisations["northshire"])]
    northshire = organisations["northshire"]
    enquiry_for = lambda reference: _enquiry(session, northshire, reference)  # noqa: E731
    participant_for = lambda enquiry, role, language, kind: _participant(session, enquiry, role, language, kind)  # noqa: E731
    add_advocacy_work(session, northshire, advocacy, enquiry_for, participant_for)
    add_sample_pool(session, northshire, enquiry_for, participant_for)
    give_practitioner_their_enquiries(session, northshire, enquiry_for, participant_for, [
        reference for reference, council_slug, *_ in DEMO_PARTICIPANTS if council_slug == "northshire"] + [
        "DEMO-0006", POST_REFERENCE, TEXT_REFERENCE, "DEMO-0010", "DEMO-0011", "DEMO-0012"])
    session.commit()
    return DemoOutput(logins=logins, links=links, paper_codes=paper_codes, sms_phones=sms_phones)


def _due_by_post(session, council: Organisation) -> None:
    """A person of the first council whose form is due by post now, with a checked address: the
    next ``flask jobs tick`` puts it in the day's batch at /paper/batches."""
    participant = _participant(session, _enquiry(session, council, POST_REFERENCE), ParticipantRole.ADULT, "en",
                               None)
    participant.format_needs = ["large_print"]
    participant.screening = {condition: {"present": False} for condition in CONDITIONS}
    checker = session.scalar(select(User).where(User.email == f"practitioner@{council.slug}.example"))
    if session.scalar(select(ContactPoint.id).where(ContactPoint.participant_id == participant.id)) is None:
        session.add(ContactPoint(
            organisation_id=council.id, participant_id=participant.id, kind=ContactKind.POSTAL,
            value="Flat 4\n27 Orchard Road\nNorthtown\nNT4 7QD", is_private=True, may_name_council=False,
            safe_checked_by_id=checker.id, safe_checked_at=utcnow()))
    invitation, _ = _fresh_invitation(session, participant, Channel.PAPER)
    invitation.status, invitation.sent_at, invitation.token_hash = InvitationStatus.SCHEDULED, None, None


def _text_conversation(session, council: Organisation) -> tuple[str, str]:
    """A person of the first council answering by text, who has replied to the first two
    questions: their texts go through the same code as the dispatcher's and Twilio's webhook."""
    participant = _participant(session, _enquiry(session, council, TEXT_REFERENCE), ParticipantRole.ADULT, "en",
                               None)
    participant.screening = {condition: {"present": False} for condition in CONDITIONS}
    checker = session.scalar(select(User).where(User.email == f"practitioner@{council.slug}.example"))
    if session.scalar(select(ContactPoint.id).where(ContactPoint.participant_id == participant.id)) is None:
        session.add(ContactPoint(
            organisation_id=council.id, participant_id=participant.id, kind=ContactKind.PHONE, value=TEXT_PHONE,
            is_private=True, may_name_council=False, code_word="bluebell", safe_checked_by_id=checker.id,
            safe_checked_at=utcnow()))
    invitation, _ = _fresh_invitation(session, participant, Channel.SMS)
    invitation.answer_by_reply, invitation.token_hash = True, None
    session.flush()
    hashed = phone_hash(TEXT_PHONE)
    dialogue.close_all(session, hashed)
    conversation = dialogue.start(session, invitation, participant, hashed, utcnow())
    session.add(OutboundMessage(
        organisation_id=council.id, invitation_id=invitation.id, channel=Channel.SMS, backend="log",
        purpose="invitation", recipient=TEXT_PHONE, phone_hash=hashed, status="sent",
        body=dialogue.opening_text(conversation, session, None), provider_id=f"log-{secrets.token_hex(12)}"))
    session.flush()
    for body in TEXT_REPLIES_SO_FAR:
        receive(session, Received(f"SMdemo{secrets.token_hex(13)}", TEXT_PHONE, body), backend="log")
    return TEXT_PHONE, participant.language
