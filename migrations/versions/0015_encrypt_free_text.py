"""encrypt free text at rest: answers' own words, their redacted copies, consent notes, duty notes

The columns stay text; the values already stored are encrypted here with the first key in
DATA_KEY (the application encrypts new ones itself). A value that is already a token this key ring
can read is left alone, so running it again changes nothing.

Revision ID: 0015_encrypt_free_text
Revises: 0014_saved_form
"""
from alembic import op
import sqlalchemy as sa
from cryptography.fernet import InvalidToken

revision = '0015_encrypt_free_text'
down_revision = '0014_saved_form'
branch_labels = None
depends_on = None

COLUMNS = (("answer", "free_text"), ("comment_review", "redacted_text"), ("consent_event", "note"),
           ("alert", "action_taken"))


def _keyring():
    from feedback_app.config import load_config
    from feedback_app.crypto import keyring

    try:
        keyring.fernet
    except RuntimeError:
        keyring.configure(load_config()["DATA_KEYS"])
    return keyring


def _is_token(keyring, value: str) -> bool:
    try:
        keyring.decrypt(value)
    except (InvalidToken, ValueError, UnicodeError):
        return False
    return True


def _convert(change) -> None:
    connection = op.get_bind()
    keyring = None
    for table, column in COLUMNS:
        rows = connection.execute(sa.text(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")).all()
        for row_id, value in rows:
            keyring = keyring or _keyring()
            new = change(keyring, value)
            if new is not None:
                connection.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                                   {"value": new, "id": row_id})


def upgrade():
    _convert(lambda keyring, value: None if _is_token(keyring, value) else keyring.encrypt(value))


def downgrade():
    _convert(lambda keyring, value: keyring.decrypt(value) if _is_token(keyring, value) else None)
