"""Everything the service holds about one person, for a subject access request: their details,
the enquiry as recorded for them, how they may be reached, the consent ledger, every request for
feedback, their answers (words as written), duty desk alerts, visits by a partner organisation,
texts, and who viewed or changed their records. A tagged PDF (PDF/UA-1), in the administrator's
language, made from the database as it is now; making it is itself audited.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..duty.display import contact_value
from ..i18n import LANGUAGES, current_language, text_direction
from ..labels import (
    ALERT_KIND_LABELS, ALERT_STATUS_LABELS, ASSIGNMENT_STATUS_LABELS, CAPACITY_BASIS_LABELS, CHANNEL_LABELS,
    CONSENT_KIND_LABELS, CONTACT_KIND_LABELS, ENQUIRY_KIND_LABELS, FORMAT_NEED_LABELS, INVITATION_STATUS_LABELS,
    OUTCOMES_ACHIEVED_LABELS, OUTCOMES_ASKED_LABELS, PARTICIPANT_ROLE_LABELS, REPRESENTATIVE_KIND_LABELS,
    RISK_OUTCOME_LABELS,
)
from ..models import (
    Alert, Answer, Assignment, AuditEvent, ConsentEvent, InboundMessage, Invitation, Organisation, OutboundMessage,
    Participant, Response, TextConversation,
)
from ..questionnaire.registry import get_survey
from .audit_trail import AuditFilter, audit_query, local_time


@dataclass
class Section:
    title: str
    items: list[list[tuple[str, str]]] = field(default_factory=list)  # one list of (label, value) per record
    empty: str = ""


def _when(moment) -> str:
    return local_time(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _label(labels: dict, value) -> str:
    return str(labels.get(value, value)) if value is not None else ""


def _filled(pairs) -> list[tuple[str, str]]:
    return [(str(label), str(value)) for label, value in pairs if value not in (None, "", [])]


def _answer_text(response: Response, answer: Answer) -> tuple[str, str]:
    try:
        question = get_survey(response.survey_id, response.survey_version).question(answer.question_key)
    except (KeyError, LookupError):
        return answer.question_key, answer.free_text or answer.choice_key or ""
    choice = ""
    if answer.choice_key:
        try:
            choice = question.choice(answer.choice_key).label_translated()
        except (KeyError, LookupError):
            choice = answer.choice_key
    given = " – ".join(part for part in (choice, answer.free_text or "") if part)
    return question.text_translated(), given


def gather(session: Session, participant: Participant) -> list[Section]:
    enquiry = participant.enquiry
    person = Section(_("The person"), [_filled([
        (_("Number"), participant.id),
        (_("Role"), _label(PARTICIPANT_ROLE_LABELS, participant.role)),
        (_("Kind of representative"), _label(REPRESENTATIVE_KIND_LABELS, participant.representative_kind)),
        (_("Language"), LANGUAGES.get(participant.language, participant.language)),
        (_("Communication needs"), ", ".join(_label(FORMAT_NEED_LABELS, need) for need in participant.format_needs or [])),
        (_("Notes about communication"), participant.communication_notes),
        (_("Who gives consent"), _label(CAPACITY_BASIS_LABELS, participant.capacity_basis)),
        (_("Added"), _when(participant.created_at)),
    ])])
    case = Section(_("The enquiry"), [_filled([
        (_("Case reference ends"), enquiry.case_ref_hint),
        (_("Kind"), _label(ENQUIRY_KIND_LABELS, enquiry.kind)),
        (_("Opened"), enquiry.opened_on), (_("Closed"), enquiry.closed_on),
        (_("Were they asked what they wanted to happen?"), _label(OUTCOMES_ASKED_LABELS, enquiry.outcomes_asked)),
        (_("What they wanted to happen"), enquiry.desired_outcomes_text),
        (_("Were the outcomes achieved?"), _label(OUTCOMES_ACHIEVED_LABELS, enquiry.outcomes_achieved)),
        (_("Risk"), _label(RISK_OUTCOME_LABELS, enquiry.risk_outcome)),
    ])])
    contacts = Section(_("Ways to contact them"), [_filled([
        (_label(CONTACT_KIND_LABELS, contact.kind), contact_value(contact) if contact.value else _("Deleted")),
        (_("Code word or instruction"), contact.code_word),
        (_("Checked as safe"), _when(contact.safe_checked_at)),
        (_("Deleted"), _when(contact.purged_at)),
    ]) for contact in participant.contact_points], _("None recorded."))
    ledger = Section(_("Consent"), [_filled([
        (_("What happened"), _label(CONSENT_KIND_LABELS, event.kind)), (_("How"), _label(CHANNEL_LABELS, event.channel)),
        (_("Note"), event.note), (_("When"), _when(event.created_at)),
    ]) for event in session.scalars(select(ConsentEvent).where(ConsentEvent.participant_id == participant.id)
                                    .order_by(ConsentEvent.created_at, ConsentEvent.id))], _("None recorded."))
    invitations = list(session.scalars(select(Invitation).where(Invitation.participant_id == participant.id)
                                       .order_by(Invitation.created_at, Invitation.id)))
    requests = Section(_("Requests for feedback"), [_filled([
        (_("How"), _label(CHANNEL_LABELS, invitation.channel)),
        (_("Status"), _label(INVITATION_STATUS_LABELS, invitation.status)),
        (_("Sent"), _when(invitation.sent_at)), (_("Ends"), _when(invitation.expires_at)),
    ]) for invitation in invitations], _("None recorded."))
    answers = Section(_("Answers"), [], _("None recorded."))
    for response in session.scalars(select(Response).where(Response.participant_id == participant.id)
                                     .order_by(Response.created_at, Response.id)):
        rows = [(_("How"), _label(CHANNEL_LABELS, response.channel)), (_("Sent"), _when(response.submitted_at))]
        rows += [_answer_text(response, answer) for answer in sorted(response.answers, key=lambda a: a.id)]
        answers.items.append(_filled(rows))
    alerts = Section(_("Alerts for the duty desk"), [_filled([
        (_("Kind"), _label(ALERT_KIND_LABELS, alert.kind)), (_("Status"), _label(ALERT_STATUS_LABELS, alert.status)),
        (_("What was done"), alert.action_taken), (_("Raised"), _when(alert.created_at)),
    ]) for alert in session.scalars(select(Alert).where(Alert.participant_id == participant.id)
                                    .order_by(Alert.created_at))], _("None recorded."))
    visits = Section(_("Visits by a partner organisation"), [_filled([
        (_("Organisation"), name), (_("Status"), _label(ASSIGNMENT_STATUS_LABELS, assignment.status)),
        (_("Note"), assignment.note), (_("Given"), _when(assignment.created_at)),
    ]) for assignment, name in session.execute(
        select(Assignment, Organisation.name).join(Organisation, Organisation.id == Assignment.partner_id)
        .where(Assignment.participant_id == participant.id).order_by(Assignment.id))], _("None recorded."))
    return [person, case, contacts, ledger, requests, answers, alerts, visits,
            _texts(session, participant, [i.id for i in invitations]), _trail(session, participant)]


def _texts(session: Session, participant: Participant, invitation_ids: list[int]) -> Section:
    sent = [(message.created_at, _("Sent"), message.body or _("Deleted")) for message in session.scalars(
        select(OutboundMessage).where(OutboundMessage.invitation_id.in_(invitation_ids)))]
    received = [(message.received_at, _("Received"), message.body or _("Deleted")) for message in session.scalars(
        select(InboundMessage).join(TextConversation, TextConversation.id == InboundMessage.conversation_id)
        .where(TextConversation.participant_id == participant.id))]
    return Section(_("Messages"), [_filled([(_("When"), _when(at)), (direction, body)])
                                   for at, direction, body in sorted(sent + received, key=lambda m: m[0])],
                   _("None recorded."))


def _trail(session: Session, participant: Participant) -> Section:
    query = audit_query(session, participant.organisation_id, AuditFilter(participant_id=participant.id))
    return Section(_("Who viewed or changed these records"), [_filled([
        (_("When"), _when(event.created_at)), (_("Who"), name or _("The service")), (_("What"), event.action),
    ]) for event, name in session.execute(query.order_by(None).order_by(AuditEvent.created_at, AuditEvent.id))],
        _("None recorded."))


def subject_access_pdf(session: Session, participant: Participant, actor) -> bytes:
    """The PDF, with its making recorded on the audit trail."""
    council = session.get(Organisation, participant.organisation_id)
    html = render_template("admin/subject_access_pdf.html", sections=gather(session, participant),
                           participant=participant, council=council, language=current_language(),
                           direction=text_direction())
    audit.record(session, "subject_access_exported", participant, user=actor)
    session.commit()
    from weasyprint import HTML  # loaded only for this download

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
