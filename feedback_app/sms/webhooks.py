"""Twilio's webhooks: texts people send (``/sms/inbound``) and delivery reports (``/sms/status``).

Only requests signed with ``TWILIO_AUTH_TOKEN`` for exactly ``PUBLIC_BASE_URL`` + the path are
accepted (403 otherwise), whatever ``SMS_BACKEND`` is; the signature stands in for a CSRF token.
A retried webhook changes nothing the second time.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from ..auth.permissions import public
from ..db import db
from .. import limits
from ..extensions import csrf
from .delivery import Report, apply_report
from .inbound import Received, receive

bp = Blueprint("sms", __name__)
csrf.exempt(bp)

SIGNATURE_HEADER = "X-Twilio-Signature"
# Twilio's message ids are 34 characters and its error codes five digits: anything longer is not
# Twilio's, and would not fit the columns that keep them.
SID_MAX, ERROR_CODE_MAX = 64, 16


def signed_url() -> str:
    """The address Twilio signed: the public base address and the path, with any query."""
    query = request.query_string.decode("latin-1")
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + request.path + (f"?{query}" if query else "")


def signature_is_valid() -> bool:
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get(SIGNATURE_HEADER)
    if not token or not signature:
        return False
    return RequestValidator(token).validate(signed_url(), request.form, signature)


def _require_signature() -> None:
    if not signature_is_valid():
        abort(403)


def twiml(replies: list[str]) -> Response:
    answer = MessagingResponse()
    for text in replies:
        answer.message(text)
    return Response(str(answer), mimetype="text/xml", headers={"Cache-Control": "no-store"})


@bp.route("/sms/inbound", methods=["POST"])
@public
@limits.webhook
def inbound():
    _require_signature()
    received = Received(message_sid=request.form.get("MessageSid", ""), sender=request.form.get("From", ""),
                        body=request.form.get("Body", ""), opt_out_type=request.form.get("OptOutType"))
    if not received.message_sid or not received.sender or len(received.message_sid) > SID_MAX:
        abort(400)
    handled = receive(db.session, received, backend=current_app.config["SMS_BACKEND"])
    db.session.commit()
    return twiml(handled.replies)


@bp.route("/sms/status", methods=["POST"])
@public
@limits.webhook
def status():
    _require_signature()
    sid, error_code = request.form.get("MessageSid", ""), request.form.get("ErrorCode") or None
    if not sid or len(sid) > SID_MAX or len(error_code or "") > ERROR_CODE_MAX:
        abort(400)
    apply_report(db.session, Report(sid, request.form.get("MessageStatus", ""), error_code))
    db.session.commit()
    return Response(status=204)
