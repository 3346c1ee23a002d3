"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Paths are relative to the server URL ``/api/v1``; a test checks that they match the
blueprint's routes both ways and that every ``$ref`` resolves.
"""
from __future__ import annotations

import copy

from ..i18n import LANGUAGES
from ..models.enums import (
    ConsentState, EnquiryKind, InvitationStatus, OutcomesAchieved, OutcomesAsked, ParticipantRole,
    RepresentativeKind, RiskOutcome,
)
from ..casework.records import CAPACITY_BASES, FORMAT_NEEDS


def _enum(values, nullable=False, description=None):
    schema = {"type": ["string", "null"] if nullable else "string",
              "enum": [getattr(v, "value", v) for v in values] + ([None] if nullable else [])}
    if description:
        schema["description"] = description
    return schema


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema_name, description):
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


DATE = {"type": "string", "format": "date", "description": "An ISO 8601 date, YYYY-MM-DD."}
NULLABLE_DATE = {**DATE, "type": ["string", "null"]}
TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}
ENQUIRY_ID = {"name": "enquiry_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ACCEPT_LANGUAGE = {
    "name": "Accept-Language", "in": "header", "required": False,
    "description": "The language of error messages: " + ", ".join(LANGUAGES) + ".",
    "schema": {"type": "string"},
}
ERRORS = {
    "400": _json("Error", "The body is not JSON, is not an object, or a query parameter is missing."),
    "401": _json("Error", "The API key is missing, unknown or revoked."),
}

_DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Safeguarding feedback API",
        "version": "1.0.0",
        "description": (
            "Lets a council's case-management system register safeguarding enquiries and the "
            "people who may be asked for feedback, and follow what has happened since. A key "
            "sees only its own council's records. The case reference is never stored or "
            "returned: only a short hint."
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"apiKey": []}],
    "paths": {
        "/openapi.json": {
            "get": {
                "operationId": "openapi", "summary": "This document", "security": [],
                "responses": {"200": {"description": "The OpenAPI document.",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            },
        },
        "/enquiries": {
            "post": {
                "operationId": "createEnquiry", "summary": "Register an enquiry",
                "parameters": [ACCEPT_LANGUAGE],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("NewEnquiry")}}},
                "responses": {
                    "201": {**_json("Enquiry", "The enquiry was registered."),
                            "headers": {"Location": {"schema": {"type": "string"}}}},
                    **ERRORS,
                    "422": _json("Error", "A field is of the wrong type, unknown or not valid, or the "
                                          "case reference is already registered."),
                },
            },
            "get": {
                "operationId": "findEnquiries", "summary": "Find an enquiry by its case reference",
                "parameters": [
                    {"name": "case_reference", "in": "query", "required": True, "schema": {"type": "string"}},
                    ACCEPT_LANGUAGE,
                ],
                "responses": {"200": _json("EnquiryList", "The matching enquiry, if there is one."), **ERRORS},
            },
        },
        "/enquiries/{enquiry_id}": {
            "get": {
                "operationId": "getEnquiry", "summary": "An enquiry, its participants and their feedback",
                "parameters": [ENQUIRY_ID, ACCEPT_LANGUAGE],
                "responses": {
                    "200": _json("Enquiry", "The enquiry."), **ERRORS,
                    "404": _json("Error", "No enquiry with this ID belongs to the key's council."),
                },
            },
        },
        "/enquiries/{enquiry_id}/participants": {
            "post": {
                "operationId": "createParticipant", "summary": "Add someone who may be asked for feedback",
                "parameters": [ENQUIRY_ID, ACCEPT_LANGUAGE],
                "requestBody": {"required": True,
                                "content": {"application/json": {"schema": _ref("NewParticipant")}}},
                "responses": {
                    "201": _json("Participant", "The participant was added."), **ERRORS,
                    "404": _json("Error", "No enquiry with this ID belongs to the key's council."),
                    "422": _json("Error", "A field is of the wrong type, unknown or not valid."),
                },
            },
        },
    },
    "components": {
        "securitySchemes": {
            "apiKey": {"type": "http", "scheme": "bearer",
                       "description": "A key created by a council administrator, sent as `Authorization: Bearer <key>`."},
        },
        "schemas": {
            "Error": {
                "type": "object", "required": ["error", "fields"], "additionalProperties": False,
                "properties": {
                    "error": {"type": "string", "description": "What went wrong, in the requested language."},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"},
                               "description": "A message for each field that was not accepted."},
                },
            },
            "NewEnquiry": {
                "type": "object", "required": ["case_reference", "kind", "opened_on"],
                "additionalProperties": False,
                "properties": {
                    "case_reference": {"type": "string", "maxLength": 64},
                    "kind": _enum(EnquiryKind),
                    "opened_on": DATE,
                    "closed_on": NULLABLE_DATE,
                    "outcomes_asked": _enum(OutcomesAsked, nullable=True),
                    "desired_outcomes_text": {"type": ["string", "null"], "maxLength": 5000},
                    "outcomes_achieved": _enum(OutcomesAchieved, nullable=True),
                    "risk_outcome": _enum(RiskOutcome, nullable=True),
                },
            },
            "NewParticipant": {
                "type": "object", "required": ["role", "language", "capacity_basis"],
                "additionalProperties": False,
                "properties": {
                    "role": _enum(ParticipantRole),
                    "representative_kind": _enum(RepresentativeKind, nullable=True,
                                                 description="Required for a representative."),
                    "language": _enum(LANGUAGES),
                    "format_needs": {"type": ["array", "null"], "items": _enum(FORMAT_NEEDS)},
                    "communication_notes": {"type": ["string", "null"], "maxLength": 2000},
                    "capacity_basis": _enum(CAPACITY_BASES),
                },
            },
            "Invitation": {
                "type": "object",
                "properties": {
                    "status": _enum(InvitationStatus), "channel": {"type": "string"},
                    "due_at": TIMESTAMP, "sent_at": TIMESTAMP, "expires_at": TIMESTAMP,
                },
            },
            "Feedback": {
                "type": "object", "required": ["consent", "latest_invitation", "response_submitted"],
                "properties": {
                    "consent": _enum(ConsentState),
                    "latest_invitation": {"oneOf": [_ref("Invitation"), {"type": "null"}]},
                    "response_submitted": {"type": "boolean"},
                },
            },
            "Participant": {
                "type": "object",
                "required": ["id", "enquiry_id", "role", "language", "feedback"],
                "properties": {
                    "id": {"type": "integer"}, "enquiry_id": {"type": "integer"},
                    "role": _enum(ParticipantRole),
                    "representative_kind": _enum(RepresentativeKind, nullable=True),
                    "language": {"type": "string"},
                    "format_needs": {"type": "array", "items": {"type": "string"}},
                    "capacity_basis": {"type": ["string", "null"]},
                    "created_at": TIMESTAMP,
                    "feedback": _ref("Feedback"),
                },
            },
            "Enquiry": {
                "type": "object",
                "required": ["id", "case_reference_hint", "kind", "opened_on", "participants"],
                "properties": {
                    "id": {"type": "integer"},
                    "case_reference_hint": {"type": "string",
                                            "description": "A few characters of the reference, to recognise the case."},
                    "kind": _enum(EnquiryKind), "opened_on": DATE, "closed_on": NULLABLE_DATE,
                    "outcomes_asked": _enum(OutcomesAsked, nullable=True),
                    "outcomes_achieved": _enum(OutcomesAchieved, nullable=True),
                    "risk_outcome": _enum(RiskOutcome, nullable=True),
                    "imported": {"type": "boolean"}, "created_at": TIMESTAMP,
                    "participants": {"type": "array", "items": _ref("Participant")},
                },
            },
            "EnquiryList": {
                "type": "object", "required": ["enquiries"],
                "properties": {"enquiries": {"type": "array", "items": _ref("Enquiry")}},
            },
        },
    },
}


def document() -> dict:
    # A copy, so nothing that serves or tests the document can change the original.
    return copy.deepcopy(_DOCUMENT)
