"""Council helpline staff taking a person's answers by telephone: the assisted-response pages
(``assist.flow``) in the telephone mode, recorded on the assisted channel with the member of
staff as the one who entered them.

A call is direct contact, so the checks before a text apply: the person agreed (or has not said
no), screening is clear, they are not an adult recorded as lacking capacity (their representative
is called instead), and a phone number passed the safe-contact check. An invitation already out
with them (a link or a form) is answered on; otherwise the call gets an invitation of its own,
and anything still waiting to be sent is cancelled, so they are not asked again."""
from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import audit
from ..answers import ANSWERABLE
from ..assist import flow
from ..assist.answering import Setup
from ..assist.work import SURVEY_ID, visit_window
from ..auth.permissions import requires
from ..capacity import lacks_capacity
from ..consent import consent_state
from ..db import db
from ..dispatch.checks import safe_phone
from ..labels import PARTICIPANT_ROLE_LABELS
from ..models import (
    AnswerMode, Channel, ConsentState, Invitation, InvitationStatus, Response, ResponseStatus, utcnow,
)
from ..screening import screening_clear
from .access import CHANGE_ROLES
from .blueprint import bp
from .participant_views import participant_or_404

CALL_DAYS = 28


def telephone_blockers(session, participant) -> list:
    blockers = []
    if consent_state(session, participant.id) in (ConsentState.DECLINED, ConsentState.WITHDRAWN):
        blockers.append(_l("The person declined or withdrew consent, so they cannot be asked"))
    if not screening_clear(participant.screening):
        blockers.append(_l("Screening is not complete, or a condition applies without a recorded reason to go "
                           "ahead"))
    if lacks_capacity(participant):
        blockers.append(_l("This adult lacks capacity to decide about being asked, so they are never contacted "
                           "directly: take their representative’s answers instead"))
    if safe_phone(session, participant.id) is None:
        blockers.append(_l("There is no phone number with a completed safe-contact check"))
    return blockers


def _open_invitation(session, participant) -> Invitation | None:
    """An invitation already out with the person that can still be answered."""
    for invitation in session.scalars(select(Invitation).where(
            Invitation.participant_id == participant.id, Invitation.status.in_(ANSWERABLE),
            Invitation.expires_at > utcnow()).order_by(Invitation.id.desc())):
        status = session.scalar(select(Response.status).where(Response.invitation_id == invitation.id))
        if status in (None, ResponseStatus.IN_PROGRESS):
            return invitation
    return None


class Call(flow.Work):
    modes = (AnswerMode.TELEPHONE,)

    def __init__(self, participant):
        self.participant = participant
        invitation = _open_invitation(db.session, participant)
        self.invitation_id = invitation.id if invitation else None
        self.label = str(PARTICIPANT_ROLE_LABELS[participant.role])
        self.back_url = self.done_url = url_for("casework.participant", participant_id=participant.id)

    def url(self, page: str, **values) -> str:
        return url_for(f"casework.telephone_{page}", participant_id=self.participant.id, **values)

    def begin(self, setup: Setup, user) -> int:
        if self.invitation_id is not None:
            return self.invitation_id
        now = utcnow()
        timing, _ends = visit_window(self.participant.enquiry, now)
        cancelled = db.session.execute(
            update(Invitation).where(Invitation.participant_id == self.participant.id,
                                     Invitation.status == InvitationStatus.SCHEDULED)
            .values(status=InvitationStatus.CANCELLED).execution_options(synchronize_session=False)).rowcount
        invitation = Invitation(
            organisation_id=self.participant.organisation_id, participant_id=self.participant.id,
            survey_id=SURVEY_ID, channel=Channel.ASSISTED, timing=timing, asked_by=setup.asked_by,
            status=InvitationStatus.SENT, due_at=now, sent_at=now, expires_at=now + timedelta(days=CALL_DAYS),
            created_by_id=user.id)
        db.session.add(invitation)
        db.session.flush()
        audit.record(db.session, "telephone_answers_started", invitation, user=user,
                     participant_id=self.participant.id, scheduled_cancelled=cancelled)
        db.session.commit()
        self.invitation_id = invitation.id
        return invitation.id


def _call(participant_id):
    participant = participant_or_404(participant_id)
    blockers = telephone_blockers(db.session, participant)
    if blockers:
        for message in blockers:
            flash(message, "important")
        return None, redirect(url_for("casework.participant", participant_id=participant.id))
    return Call(participant), None


@bp.route("/participants/<int:participant_id>/telephone", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def telephone_start(participant_id):
    call, refused = _call(participant_id)
    return refused or flow.start_page(call)


@bp.route("/participants/<int:participant_id>/telephone/q/<key>", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def telephone_question(participant_id, key):
    call, refused = _call(participant_id)
    return refused or flow.question_page(call, key)


@bp.route("/participants/<int:participant_id>/telephone/check", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def telephone_check(participant_id):
    call, refused = _call(participant_id)
    return refused or flow.check_page(call)
