"""A development page that shows the texts the ``log`` backend kept, newest first, so that
links can be followed and wording checked without a phone. Registered only when
``SMS_BACKEND`` is ``log`` outside production (see ``create_app``)."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.permissions import requires
from ..db import db
from ..duty.display import absolute_time
from ..models import OutboundMessage, Role
from ..phones import display_phone

bp = Blueprint("sms_dev", __name__)

SHOWN = 200
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


@bp.route("/dev/messages")
@requires(Role.ADMIN, Role.PRACTITIONER)
def messages():
    return render_template(
        "sms/messages.html", messages=log_messages(db.session), shown=SHOWN, purpose_labels=PURPOSE_LABELS,
        status_labels=STATUS_LABELS, recipient_label=recipient_label, absolute_time=absolute_time,
    )
