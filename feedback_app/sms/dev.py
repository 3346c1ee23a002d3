"""A development page that shows the texts the ``log`` backend kept, newest first, so that
links can be followed and wording checked without a phone; ``?phone=<E.164>`` shows one phone's
conversation in both directions, oldest first, with a box that replies as that phone through the
same code as Twilio's signed webhook. Registered only when ``SMS_BACKEND`` is ``log`` outside
production (see ``create_app``)."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..auth.permissions import requires
from ..db import db
from ..duty.display import absolute_time
from ..labels import PARTICIPANT_ROLE_LABELS
from ..models import InboundMessage, Invitation, OutboundMessage, Participant, Role
from ..phones import InvalidPhoneNumber, display_phone, normalise_phone, phone_hash
from .inbound import Received, receive

bp = Blueprint("sms_dev", __name__)

SHOWN = 200


class ReplyForm(FlaskForm):
    phone = HiddenField()
    body = TextAreaField(_l("Reply as this phone"), widget=GovTextArea(), validators=[
        DataRequired(message=_l("Enter the words of the reply")),
        Length(max=1600, message=_l("A reply must be 1,600 characters or fewer"))])
PURPOSE_LABELS = {
    "invitation": _l("Invitation"),
    "reminder": _l("Reminder"),
    "reply": _l("Reply"),
}
STATUS_LABELS = {
    "sending": _l("Sending"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
    "unknown": _l("Not known"),
}


def log_messages(session: Session, limit: int = SHOWN) -> list[OutboundMessage]:
    """The newest texts the log backend kept, within the viewer's organisations."""
    return list(session.scalars(
        select(OutboundMessage).where(OutboundMessage.backend == "log")
        .order_by(OutboundMessage.created_at.desc(), OutboundMessage.id.desc()).limit(limit)
    ))


def recipient_label(message: OutboundMessage) -> str:
    if message.recipient is None:
        return str(_l("Removed"))
    try:
        return display_phone(message.recipient)
    except Exception:
        return message.recipient


@dataclass(frozen=True)
class Line:
    direction: str  # "in" or "out"
    at: datetime
    body: str | None
    purpose: str | None = None


def conversation_lines(session: Session, phone: str) -> list[Line] | None:
    """One phone's texts in both directions, oldest first, within the viewer's organisations;
    None when none of them were sent to that phone."""
    hashed = phone_hash(phone)
    sent = session.scalars(select(OutboundMessage).where(OutboundMessage.backend == "log",
                                                         OutboundMessage.phone_hash == hashed)).all()
    if not sent:
        return None
    councils = {message.organisation_id for message in sent}
    received = session.scalars(select(InboundMessage).where(
        InboundMessage.backend == "log", InboundMessage.phone_hash == hashed,
        InboundMessage.organisation_id.in_(councils))).all()
    lines = [Line("out", m.created_at, m.body, m.purpose) for m in sent]
    lines += [Line("in", m.received_at, m.body) for m in received]
    return sorted(lines, key=lambda line: line.at)


def people_texted(session: Session, phone: str) -> list[Participant]:
    """The people this phone's kept texts were sent to, within the viewer's organisations: their
    pages show what a reply such as STOP changed."""
    texted = (select(Invitation.participant_id).join(OutboundMessage, OutboundMessage.invitation_id == Invitation.id)
              .where(OutboundMessage.backend == "log", OutboundMessage.phone_hash == phone_hash(phone)))
    return list(session.scalars(select(Participant).where(Participant.id.in_(texted))
                                .options(selectinload(Participant.enquiry)).order_by(Participant.id)))


def _conversation_page(phone: str, lines: list[Line], form):
    return render_template("sms/conversation.html", phone=phone, lines=lines, form=form,
                           people=people_texted(db.session, phone), role_labels=PARTICIPANT_ROLE_LABELS,
                           purpose_labels=PURPOSE_LABELS, absolute_time=absolute_time)


def _phone_or_404(raw: str | None) -> str:
    """An E.164 number as given, or a UK number written any other way. A number pasted into the
    address as printed, its ``+`` unencoded, arrives with a space in its place, and is read as meant."""
    raw = raw or ""
    if raw.startswith(" ") and raw.strip()[:1].isdigit():
        raw = "+" + raw.strip()
    compact = "".join(raw.split())
    if re.fullmatch(r"\+\d{7,15}", compact):
        return compact
    try:
        return normalise_phone(compact)
    except InvalidPhoneNumber:
        abort(404)


@bp.route("/dev/messages")
@requires(Role.ADMIN, Role.PRACTITIONER)
def messages():
    if request.args.get("phone") is not None:
        phone = _phone_or_404(request.args["phone"])
        lines = conversation_lines(db.session, phone)
        if lines is None:
            abort(404)
        return _conversation_page(phone, lines, ReplyForm(phone=phone))
    return render_template(
        "sms/messages.html", messages=log_messages(db.session), shown=SHOWN, purpose_labels=PURPOSE_LABELS,
        status_labels=STATUS_LABELS, recipient_label=recipient_label, absolute_time=absolute_time,
    )


@bp.route("/dev/messages/reply", methods=["POST"])
@requires(Role.ADMIN, Role.PRACTITIONER)
def reply():
    """Reply as the phone, through the code Twilio's webhook runs once its signature checks out."""
    form = ReplyForm()
    phone = _phone_or_404(form.phone.data)
    lines = conversation_lines(db.session, phone)
    if lines is None:
        abort(404)
    if not form.validate_on_submit():
        return _conversation_page(phone, lines, form), 400
    receive(db.session, Received(message_sid=f"SMdev{secrets.token_hex(14)}", sender=phone, body=form.body.data),
            backend="log")
    db.session.commit()
    return redirect(url_for("sms_dev.messages", phone=phone) + "#latest")
