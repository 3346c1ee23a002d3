"""What people wrote, and what staff noted about them, is encrypted at rest like contact details:
the database holds only tokens, the service reads the words back, the migration encrypts what was
stored before, and rotating DATA_KEY re-encrypts it all."""
from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, select, text

from feedback_app.commands import rotate_encrypted_values
from feedback_app.comments.reviews import create_missing_reviews
from feedback_app.crypto import keyring
from feedback_app.migrate import alembic_config, upgrade
from feedback_app.models import Alert, AlertKind, Answer, Channel, CommentReview, ConsentEvent, ConsentKind
from tests.factories import answer, create_enquiry, create_invitation, create_organisation, create_participant

WORDS = "My daughter Priya helped me; the social worker listened this time."
CONSENT_NOTE = "Agreed on the phone while her son was out."
DUTY_NOTE = "Rang back at 3pm; she is safe and staying with a friend."
STORED = (("answer", "free_text", WORDS), ("consent_event", "note", CONSENT_NOTE),
          ("alert", "action_taken", DUTY_NOTE))


def _records(session):
    council = create_organisation(session)
    participant = create_participant(session, create_enquiry(session, council))
    invitation, _ = create_invitation(session, participant)
    response = answer(session, invitation, ("consent", "yes"), ("quote_ok", "yes"), ("own_words", None, WORDS),
                      submit=True)
    session.add(ConsentEvent(organisation_id=council.id, participant_id=participant.id, kind=ConsentKind.GIVEN,
                             channel=Channel.STAFF, note=CONSENT_NOTE))
    session.add(Alert(organisation_id=council.id, response_id=response.id, participant_id=participant.id,
                      kind=AlertKind.SAFETY_REQUEST, action_taken=DUTY_NOTE))
    create_missing_reviews(session, council.id)
    session.commit()
    return council


def _raw(database_url, table, column):
    engine = create_engine(database_url)
    with engine.connect() as connection:
        values = connection.execute(text(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")).scalars().all()
    engine.dispose()
    return values


def _read_back(session):
    session.expire_all()
    assert session.scalar(select(Answer.free_text).where(Answer.question_key == "own_words")) == WORDS
    assert session.scalar(select(ConsentEvent.note).where(ConsentEvent.note.is_not(None))) == CONSENT_NOTE
    assert session.scalar(select(Alert.action_taken)) == DUTY_NOTE
    assert "listened this time" in session.scalar(select(CommentReview.redacted_text))


def test_words_and_notes_are_stored_only_as_tokens(app, session, database_url):
    _records(session)
    for table, column, plain in STORED:
        [stored] = _raw(database_url, table, column)
        assert plain not in stored and "social worker" not in stored and stored.startswith("gAAAAA")
    [redacted] = _raw(database_url, "comment_review", "redacted_text")
    assert "listened" not in redacted
    _read_back(session)


def test_the_migration_encrypts_what_was_stored_before_and_can_be_run_twice(app, session, database_url):
    _records(session)
    command.downgrade(alembic_config(database_url), "0014_saved_form")
    try:
        assert _raw(database_url, "answer", "free_text") == [WORDS]
        assert _raw(database_url, "alert", "action_taken") == [DUTY_NOTE]
    finally:
        upgrade(database_url)
    assert all(value.startswith("gAAAAA") for table, column, _ in STORED for value in _raw(database_url, table, column))
    command.downgrade(alembic_config(database_url), "0014_saved_form")
    upgrade(database_url)
    _read_back(session)


def test_rotating_the_data_key_re_encrypts_words_and_notes(app, session, database_url):
    _records(session)
    before = {table: _raw(database_url, table, column) for table, column, _ in STORED}
    old_keys = list(app.config["DATA_KEYS"])
    new_key = Fernet.generate_key().decode()
    keyring.configure([new_key, *old_keys])
    try:
        assert rotate_encrypted_values(app.extensions["database_engine"]) >= 4
        keyring.configure([new_key])  # the old key can now go
        for table, column, plain in STORED:
            [after] = _raw(database_url, table, column)
            assert after != before[table][0] and keyring.decrypt(after) == plain
        _read_back(session)
    finally:
        keyring.configure([new_key, *old_keys])
        rotate_encrypted_values(app.extensions["database_engine"])
        keyring.configure(old_keys)
