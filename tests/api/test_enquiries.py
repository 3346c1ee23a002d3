from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from feedback_app.api.keys import create_key, hash_key, revoke_key
from feedback_app.consent import record_consent
from feedback_app.models import ApiKey, AuditEvent, Enquiry, Participant
from feedback_app.models.enums import Channel, ConsentKind, InvitationStatus
from tests.auth.fixtures import audit_events
from tests.factories import create_invitation, create_organisation, create_participant

OPENED = (date.today() - timedelta(days=30)).isoformat()
CLOSED = (date.today() - timedelta(days=2)).isoformat()
ENQUIRY = {"case_reference": "ABC-12345", "kind": "s42", "opened_on": OPENED, "closed_on": CLOSED}


def _count(records, model):
    records.expire_all()
    return records.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-key", "Basic abc", "{key}"])
def test_a_missing_or_unknown_key_is_refused(client, records, api_key, header):
    headers = {"Authorization": header.format(key=api_key)} if header else {}
    response = client.post("/api/v1/enquiries", json=ENQUIRY, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert set(response.get_json()) == {"error", "fields"}
    assert _count(records, Enquiry) == 0


def test_a_revoked_key_is_refused(api, records):
    key = records.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(api.key)))
    revoke_key(records, key, None)
    assert api.get("/api/v1/enquiries?case_reference=ABC").status_code == 401


def test_only_the_hash_of_a_key_is_stored(records, council):
    record, key = create_key(records, council, "Another system", None)
    assert record.key_hash == hash_key(key) and key not in (record.key_hash, record.prefix)
    assert key.startswith(record.prefix) and len(key) >= 43


def test_an_enquiry_and_participant_are_registered_and_their_feedback_followed(api, records, council):
    response = api.post("/api/v1/enquiries", json={**ENQUIRY, "outcomes_asked": "asked_expressed",
                                                   "desired_outcomes_text": "To feel safe at home",
                                                   "outcomes_achieved": "partially"})
    assert response.status_code == 201, response.get_json()
    enquiry = response.get_json()
    assert enquiry["kind"] == "s42" and enquiry["closed_on"] == CLOSED
    assert enquiry["outcomes_achieved"] == "partially" and enquiry["participants"] == []
    assert "ABC-12345" not in response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/api/v1/enquiries/{enquiry['id']}")

    response = api.post(f"/api/v1/enquiries/{enquiry['id']}/participants",
                        json={"role": "adult", "language": "cy", "format_needs": ["large_print"],
                              "capacity_basis": "adult_consents"})
    assert response.status_code == 201, response.get_json()
    participant = response.get_json()
    assert participant["role"] == "adult" and participant["format_needs"] == ["large_print"]
    assert participant["feedback"] == {"consent": "unknown", "latest_invitation": None,
                                       "response_submitted": False}

    stored = records.get(Participant, participant["id"])
    record_consent(records, stored, ConsentKind.GIVEN, Channel.STAFF)
    records.commit()
    create_invitation(records, stored, status=InvitationStatus.OPENED)

    response = api.get(f"/api/v1/enquiries/{enquiry['id']}")
    assert response.status_code == 200
    feedback = response.get_json()["participants"][0]["feedback"]
    assert feedback["consent"] == "given"
    assert feedback["latest_invitation"]["status"] == "opened"
    assert feedback["response_submitted"] is False

    found = api.get("/api/v1/enquiries", query_string={"case_reference": "ABC-12345"}).get_json()
    assert [e["id"] for e in found["enquiries"]] == [enquiry["id"]]
    assert api.get("/api/v1/enquiries?case_reference=NOPE").get_json() == {"enquiries": []}


def test_a_lookup_without_a_reference_names_the_parameter(api):
    response = api.get("/api/v1/enquiries")
    assert response.status_code == 400
    assert "case_reference" in response.get_json()["fields"]


def test_a_duplicate_reference_is_refused_naming_the_field(api, records):
    assert api.post("/api/v1/enquiries", json=ENQUIRY).status_code == 201
    response = api.post("/api/v1/enquiries", json={**ENQUIRY, "kind": "other"})
    assert response.status_code == 422
    assert response.get_json()["fields"] == {
        "case_reference": "An enquiry with this case reference is already registered"}
    assert _count(records, Enquiry) == 1


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400), (b"", 400), (b"[1, 2]", 400), (b'"text"', 400), (b"\xff\xfe", 400),
    (b"[" * 5000 + b"]" * 5000, 400), (b'{"case_reference": "CASE\\u00001", "kind": "s42"}', 400),
    (b'{"case_reference": "CASE\\ud8001", "kind": "s42", "opened_on": "2025-04-01"}', 400),
    (b'{"case_reference": "CASE-1", "kind": "s42", "opened_on": "2025-04-01", "\\udfff": 1}', 400),
], ids=["broken", "empty", "list", "text", "not utf-8", "nested 5000 deep", "NUL in text", "half a surrogate pair",
        "half a surrogate pair in a name"])
def test_a_body_that_is_not_a_json_object_is_refused(api, records, body, status):
    response = api.post("/api/v1/enquiries", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert response.get_json()["error"]
    assert _count(records, Enquiry) == 0


def test_a_whole_surrogate_pair_is_one_character_and_is_kept(api, records):
    response = api.post("/api/v1/enquiries", data=b'{"case_reference": "CASE-\\ud83d\\ude00", "kind": "s42", '
                                                   b'"opened_on": "2025-04-01"}',
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 201 and response.get_json()["case_reference_hint"].endswith("-😀")


@pytest.mark.parametrize("changes, field", [
    ({"kind": 42}, "kind"),
    ({"opened_on": ["2024", "1", "1"]}, "opened_on"),
    ({"case_reference": {"a": 1}}, "case_reference"),
    ({"colour": "blue"}, "colour"),
    ({"kind": "s43"}, "kind"),
    ({"closed_on": "2000-01-01"}, "closed_on"),
    ({"case_reference": ""}, "case_reference"),
    ({"outcomes_achieved": "fully"}, "outcomes_achieved"),
])
def test_a_field_that_is_not_accepted_is_named_and_nothing_is_written(api, records, changes, field):
    response = api.post("/api/v1/enquiries", json={**ENQUIRY, **changes})
    assert response.status_code == 422
    body = response.get_json()
    assert field in body["fields"] and body["fields"][field]
    assert _count(records, Enquiry) == 0
    assert audit_events(records, "enquiry_registered") == []
    [rejected] = audit_events(records, "api_request_rejected")
    assert field in rejected.detail["fields"]


def test_a_language_the_council_does_not_offer_is_refused(api, records, council, make_enquiry):
    council.settings = {"languages": ["en"]}
    records.commit()
    response = api.post(f"/api/v1/enquiries/{make_enquiry(council).id}/participants",
                        json={"role": "adult", "language": "pl", "capacity_basis": "adult_consents"})
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"language"}
    assert _count(records, Participant) == 0


def test_a_participant_with_wrong_types_is_refused(api, records, council, make_enquiry):
    enquiry = make_enquiry(council)
    response = api.post(f"/api/v1/enquiries/{enquiry.id}/participants",
                        json={"role": "adult", "language": "en", "capacity_basis": "adult_consents",
                              "format_needs": "large_print"})
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"format_needs"}
    response = api.post(f"/api/v1/enquiries/{enquiry.id}/participants", json={"role": "representative"})
    assert set(response.get_json()["fields"]) >= {"representative_kind", "language", "capacity_basis"}
    assert _count(records, Participant) == 0


def test_messages_follow_accept_language(api):
    response = api.post("/api/v1/enquiries", json={**ENQUIRY, "kind": 1}, headers={"Accept-Language": "cy"})
    assert response.status_code == 422
    english = api.post("/api/v1/enquiries", json={**ENQUIRY, "kind": 1}).get_json()
    assert english == {"error": "Some fields were not accepted", "fields": {"kind": "kind must be a string"}}
    welsh = response.get_json()
    assert welsh["error"] != english["error"] and "kind" in welsh["fields"]["kind"]
    assert welsh["fields"]["kind"] != english["fields"]["kind"]


def test_another_councils_enquiry_is_not_found(api, records, make_enquiry):
    other = create_organisation(records, name="Southshire Council")
    theirs = make_enquiry(other, reference="THEIRS-1")
    create_participant(records, theirs)
    assert api.get(f"/api/v1/enquiries/{theirs.id}").status_code == 404
    response = api.post(f"/api/v1/enquiries/{theirs.id}/participants",
                        json={"role": "adult", "language": "en", "capacity_basis": "adult_consents"})
    assert response.status_code == 404
    assert _count(records, Participant) == 1
    assert api.get("/api/v1/enquiries?case_reference=THEIRS-1").get_json() == {"enquiries": []}


def test_the_same_reference_may_be_used_by_another_council(api, records, make_enquiry):
    other = create_organisation(records)
    make_enquiry(other, reference=ENQUIRY["case_reference"])
    assert api.post("/api/v1/enquiries", json=ENQUIRY).status_code == 201


def test_every_use_is_audited_against_the_keys_council(api, records, council):
    key = records.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(api.key)))
    assert key.last_used_at is None
    enquiry_id = api.post("/api/v1/enquiries", json=ENQUIRY).get_json()["id"]
    api.get(f"/api/v1/enquiries/{enquiry_id}")
    records.expire_all()
    assert records.get(ApiKey, key.id).last_used_at is not None
    [created] = audit_events(records, "api_enquiry_created")
    assert created.organisation_id == council.id and created.target_id == enquiry_id
    assert created.detail["api_key_id"] == key.id
    [viewed] = audit_events(records, "api_enquiry_viewed")
    assert viewed.organisation_id == council.id
    actions = records.scalars(select(AuditEvent.action).where(AuditEvent.organisation_id == council.id)).all()
    assert "enquiry_registered" in actions


def test_an_enquirys_feedback_is_read_in_the_same_few_queries_however_many_participants(api, app, records, council):
    from sqlalchemy import event

    from feedback_app.db import db

    enquiry = api.post("/api/v1/enquiries", json=ENQUIRY).get_json()
    counts = []
    for people in (1, 5):
        while len(api.get(f"/api/v1/enquiries/{enquiry['id']}").get_json()["participants"]) < people:
            added = api.post(f"/api/v1/enquiries/{enquiry['id']}/participants", json={
                "role": "representative", "representative_kind": "family",
                "capacity_basis": "representative_consents", "language": "en"})
            assert added.status_code == 201, added.get_json()
            create_invitation(records, records.get(Participant, added.get_json()["id"]))
        statements = []
        with app.app_context():
            engine = db.engine
        listener = lambda *_args: statements.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            body = api.get(f"/api/v1/enquiries/{enquiry['id']}").get_json()
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert len(body["participants"]) == people
        assert all(p["feedback"]["latest_invitation"]["status"] == "sent" for p in body["participants"])
        counts.append(len(statements))
    assert counts[0] == counts[1]
