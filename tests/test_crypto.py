from cryptography.fernet import Fernet
from sqlalchemy import text

from feedback_app.commands import rotate_encrypted_values
from feedback_app.crypto import keyring
from feedback_app.db import db
from feedback_app.models import ContactKind, ContactPoint

from .factories import create_enquiry, create_organisation, create_participant


def _contact(session):
    council = create_organisation(session)
    participant = create_participant(session, create_enquiry(session, council))
    point = ContactPoint(organisation_id=council.id, participant_id=participant.id, kind=ContactKind.PHONE,
                         value="+447911123456", code_word="bluebell")
    session.add(point)
    session.commit()
    return point


def test_contact_details_are_encrypted_at_rest(session):
    point = _contact(session)
    raw = session.execute(text("SELECT value, code_word FROM contact_point WHERE id = :id"), {"id": point.id}).one()
    assert "7911123456" not in raw.value and "bluebell" not in raw.code_word
    session.expire_all()
    assert session.get(ContactPoint, point.id).value == "+447911123456"


def test_keys_can_be_rotated(app, session):
    point = _contact(session)
    old_keys = app.config["DATA_KEYS"]
    new_key = Fernet.generate_key().decode()
    keyring.configure([new_key, *old_keys])
    try:
        assert rotate_encrypted_values(db.engine) == 2
        # With only the new key, the values still decrypt.
        keyring.configure([new_key])
        session.expire_all()
        assert session.get(ContactPoint, point.id).code_word == "bluebell"
    finally:
        keyring.configure(old_keys)
