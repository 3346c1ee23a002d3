"""The API's routes. Each one authenticates by key, sees only the key's own council's records,
and answers problems with ``{"error": ..., "fields": {...}}`` in the client's language."""
from __future__ import annotations

import json
import re
from functools import wraps

from flask import g, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit, limits
from ..auth.permissions import public
from ..casework.records import (
    RecordRejected, add_participant, find_by_reference, record_msp_items, register_enquiry,
    validate_enquiry, validate_msp_record, validate_participant,
)
from ..consent import consent_states
from ..db import db, scope_to_organisations
from ..models import Enquiry, Invitation, Organisation, Participant, Response, utcnow
from ..models.enums import ResponseStatus
from ..people_languages import offered_languages
from .blueprint import bp
from .keys import active_key
from .openapi import document

STRING, STRINGS = "string", "strings"
ENQUIRY_FIELDS = {
    "case_reference": STRING, "kind": STRING, "opened_on": STRING, "closed_on": STRING,
    "outcomes_asked": STRING, "desired_outcomes_text": STRING, "outcomes_achieved": STRING,
    "risk_outcome": STRING,
}
PARTICIPANT_FIELDS = {
    "role": STRING, "representative_kind": STRING, "language": STRING, "format_needs": STRINGS,
    "communication_notes": STRING, "capacity_basis": STRING,
}

UNAUTHENTICATED = _l("Send a valid API key in the Authorization header, as Bearer followed by the key")
NOT_JSON = _l("The request body must be valid JSON")
NOT_OBJECT = _l("The request body must be a JSON object")
NUL_CHARACTER = _l("Text in the request must not contain the character U+0000")
LONE_SURROGATE = _l("Text in the request must not contain half of a surrogate pair (U+D800 to U+DFFF)")
_SURROGATE = re.compile("[\ud800-\udfff]")
INVALID = _l("Some fields were not accepted")
NOT_FOUND = _l("There is no enquiry with this ID")
REFERENCE_REQUIRED = _l("Enter the case reference")


def problem(status: int, message, fields: dict | None = None):
    response = jsonify(error=str(message), fields={name: str(text) for name, text in (fields or {}).items()})
    response.status_code = status
    return response


class Rejected(Exception):
    def __init__(self, status: int, message, fields: dict | None = None):
        super().__init__(str(message))
        self.status, self.message, self.fields = status, message, fields or {}


def used(action: str, target=None, **detail) -> None:
    """What this request did with the key, recorded once the view has succeeded."""
    g.api_use = (action, target, detail)


def key_required(view):
    """Authenticate by ``Authorization: Bearer <key>`` and scope the session to the key's council.

    Marked public because no staff session is involved; the key check here is the guard.
    """
    @wraps(view)
    def wrapped(*args, **kwargs):
        scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
        key = active_key(db.session, token.strip()) if scheme.lower() == "bearer" else None
        if key is None:
            response = problem(401, UNAUTHENTICATED)
            response.headers["WWW-Authenticate"] = "Bearer"
            return response
        scope_to_organisations(db.session, [key.organisation_id])
        g.api_key = key
        try:
            response = view(*args, **kwargs)
        except Rejected as rejection:
            # Undo anything the view had begun, then keep only the record of the attempt.
            db.session.rollback()
            used("api_request_rejected", None, status=rejection.status, fields=sorted(rejection.fields),
                 endpoint=request.endpoint)
            response = problem(rejection.status, rejection.message, rejection.fields)
        action, target, detail = g.pop("api_use", ("api_request", None, {}))
        key.last_used_at = utcnow()
        audit.record(db.session, action, target, organisation_id=key.organisation_id,
                     api_key_id=key.id, api_key_prefix=key.prefix, **detail)
        db.session.commit()
        return response

    return public(limits.api(wrapped))


def _texts(value):
    """Every key and text in the parsed body."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _body(fields: dict) -> dict:
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8")) if raw else None
        texts = list(_texts(data))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # RecursionError: JSON nested thousands deep is not a record this API takes.
        raise Rejected(400, NOT_JSON)
    # Neither can be stored: PostgreSQL text refuses U+0000, and UTF-8 has no form for half of a
    # surrogate pair (JSON can write one, as "\ud800"; a whole pair is read as one character).
    if any("\x00" in text for text in texts):
        raise Rejected(400, NUL_CHARACTER)
    if any(_SURROGATE.search(text) for text in texts):
        raise Rejected(400, LONE_SURROGATE)
    if not isinstance(data, dict):
        raise Rejected(400, NOT_OBJECT)
    errors = {}
    for name, value in data.items():
        expected = fields.get(name)
        if expected is None:
            errors[name] = _("%(field)s is not a field this API accepts", field=name)
        elif value is None:
            continue
        elif expected == STRING and not isinstance(value, str):
            errors[name] = _("%(field)s must be a string", field=name)
        elif expected == STRINGS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            errors[name] = _("%(field)s must be a list of strings", field=name)
    if errors:
        raise Rejected(422, INVALID, errors)
    return data


def _organisation() -> Organisation:
    return db.session.get(Organisation, g.api_key.organisation_id)


def _enquiry_or_404(enquiry_id: int) -> Enquiry:
    enquiry = db.session.scalar(select(Enquiry).where(
        Enquiry.id == enquiry_id, Enquiry.organisation_id == g.api_key.organisation_id))
    if enquiry is None:
        raise Rejected(404, NOT_FOUND)
    return enquiry


def _iso(value):
    return value.isoformat() if value is not None else None


def _value(enum_value):
    return enum_value.value if enum_value is not None else None


def feedback_of(participant_ids: list[int]) -> dict[int, dict]:
    """Each participant's consent, latest invitation and whether answers came back: three
    queries for however many participants, never one per participant."""
    if not participant_ids:
        return {}
    latest: dict[int, Invitation] = {}
    for invitation in db.session.scalars(
            select(Invitation).where(Invitation.participant_id.in_(participant_ids))
            .order_by(Invitation.participant_id, Invitation.created_at.desc(), Invitation.id.desc())):
        latest.setdefault(invitation.participant_id, invitation)
    answered = set(db.session.scalars(select(Response.participant_id).where(
        Response.participant_id.in_(participant_ids), Response.status == ResponseStatus.SUBMITTED)))
    # Answers since cut from the person by the retention cut left their mark on the invitation.
    answered |= set(db.session.scalars(select(Invitation.participant_id).where(
        Invitation.participant_id.in_(participant_ids), Invitation.answer_counted)))
    consents = consent_states(db.session, participant_ids)
    return {pid: {
        "consent": consents[pid].value,
        "latest_invitation": None if pid not in latest else {
            "status": latest[pid].status.value, "channel": latest[pid].channel.value,
            "due_at": _iso(latest[pid].due_at), "sent_at": _iso(latest[pid].sent_at),
            "expires_at": _iso(latest[pid].expires_at),
        },
        "response_submitted": pid in answered,
    } for pid in participant_ids}


def participant_json(participant: Participant, feedback: dict | None = None) -> dict:
    # Communication notes are kept for the people who make contact, not handed back out.
    return {
        "id": participant.id, "enquiry_id": participant.enquiry_id, "role": participant.role.value,
        "representative_kind": _value(participant.representative_kind), "language": participant.language,
        "format_needs": list(participant.format_needs or []), "capacity_basis": participant.capacity_basis,
        "created_at": _iso(participant.created_at),
        "feedback": feedback if feedback is not None else feedback_of([participant.id])[participant.id],
    }


def enquiry_json(enquiry: Enquiry) -> dict:
    participants = list(db.session.scalars(
        select(Participant).where(Participant.enquiry_id == enquiry.id).order_by(Participant.id)))
    feedback = feedback_of([p.id for p in participants])
    return {
        "id": enquiry.id, "case_reference_hint": enquiry.case_ref_hint, "kind": enquiry.kind.value,
        "opened_on": _iso(enquiry.opened_on), "closed_on": _iso(enquiry.closed_on),
        "outcomes_asked": _value(enquiry.outcomes_asked),
        "outcomes_achieved": _value(enquiry.outcomes_achieved), "risk_outcome": _value(enquiry.risk_outcome),
        "imported": enquiry.imported, "created_at": _iso(enquiry.created_at),
        "participants": [participant_json(p, feedback[p.id]) for p in participants],
    }


def _created(payload: dict, location: str):
    response = jsonify(payload)
    response.status_code = 201
    response.headers["Location"] = location
    return response


@bp.route("/openapi.json")
@public
def openapi():
    return jsonify(document())


@bp.route("/enquiries", methods=["POST"])
@key_required
def create_enquiry():
    data = _body(ENQUIRY_FIELDS)
    clean, errors = validate_enquiry(data, with_reference=True)
    msp, msp_errors = validate_msp_record(data)
    # Both checks run before anything is written, so a rejected body leaves no enquiry behind.
    errors = {**errors, **msp_errors}
    if errors:
        raise Rejected(422, INVALID, errors)
    try:
        enquiry = register_enquiry(db.session, _organisation(), clean, None, imported=True)
    except RecordRejected as rejection:
        raise Rejected(422, INVALID, rejection.errors)
    record_msp_items(db.session, enquiry, {k: v for k, v in msp.items() if k in data}, None)
    used("api_enquiry_created", enquiry)
    return _created(enquiry_json(enquiry), url_for("api.get_enquiry", enquiry_id=enquiry.id))


@bp.route("/enquiries", methods=["GET"])
@key_required
def find_enquiries():
    reference = request.args.get("case_reference", "").strip()
    if not reference:
        raise Rejected(400, INVALID, {"case_reference": REFERENCE_REQUIRED})
    enquiry = find_by_reference(db.session, _organisation(), reference)
    used("api_enquiry_looked_up", enquiry, found=enquiry is not None)
    return jsonify(enquiries=[enquiry_json(enquiry)] if enquiry is not None else [])


@bp.route("/enquiries/<int:enquiry_id>", methods=["GET"])
@key_required
def get_enquiry(enquiry_id):
    enquiry = _enquiry_or_404(enquiry_id)
    used("api_enquiry_viewed", enquiry)
    return jsonify(enquiry_json(enquiry))


@bp.route("/enquiries/<int:enquiry_id>/participants", methods=["POST"])
@key_required
def create_participant(enquiry_id):
    enquiry = _enquiry_or_404(enquiry_id)
    data = _body(PARTICIPANT_FIELDS)
    clean, errors = validate_participant(data, offered_languages(db.session.get(Organisation, enquiry.organisation_id)
                                                                 .settings))
    if errors:
        raise Rejected(422, INVALID, errors)
    participant = add_participant(db.session, enquiry, clean, None)
    used("api_participant_added", participant, enquiry_id=enquiry.id)
    return _created(participant_json(participant), url_for("api.get_enquiry", enquiry_id=enquiry.id))
