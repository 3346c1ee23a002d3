"""responses: the enquiry's closing date and when the feedback was given, measured from it

Revision ID: 0011_feedback_window
Revises: 0010_previous_link
"""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


revision = '0011_feedback_window'
down_revision = '0010_previous_link'
branch_labels = None
depends_on = None

LONDON = ZoneInfo("Europe/London")
WINDOW_DAYS = 56  # as answers/windows.py: eight weeks after the enquiry closed


def _window(submitted_at, closed_on):
    # A copy of the rule in answers/windows.py as it stood when this migration was written.
    if submitted_at is None or closed_on is None:
        return None
    if isinstance(submitted_at, str):
        submitted_at = datetime.fromisoformat(submitted_at)
    if isinstance(closed_on, str):
        closed_on = date.fromisoformat(closed_on)
    if submitted_at.tzinfo is None:
        submitted_at = submitted_at.replace(tzinfo=timezone.utc)
    day = submitted_at.astimezone(LONDON).date()
    if day < closed_on:
        return "during"
    return "after" if day <= closed_on + timedelta(days=WINDOW_DAYS) else "late"


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enquiry_closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('feedback_window', sa.Enum(
            'during', 'after', 'late', name='feedbackwindow', native_enum=False, length=32), nullable=True))
        batch_op.create_index('ix_response_closure', ['organisation_id', 'enquiry_closed_on'], unique=False)
        batch_op.create_index('ix_response_closure_national', ['enquiry_closed_on'], unique=False)

    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT r.id, r.submitted_at, e.closed_on FROM response r "
        "JOIN participant p ON p.id = r.participant_id JOIN enquiry e ON e.id = p.enquiry_id "
        "WHERE e.closed_on IS NOT NULL")).all()
    for response_id, submitted_at, closed_on in rows:
        connection.execute(
            sa.text("UPDATE response SET enquiry_closed_on = :closed, feedback_window = :window WHERE id = :id"),
            {"closed": closed_on, "window": _window(submitted_at, closed_on), "id": response_id})


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index('ix_response_closure_national')
        batch_op.drop_index('ix_response_closure')
        batch_op.drop_column('feedback_window')
        batch_op.drop_column('enquiry_closed_on')
