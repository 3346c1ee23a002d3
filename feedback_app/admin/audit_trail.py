"""The council's audit trail, as its administrators read it: who viewed or changed which person's
records, and when, filtered and exported.

Audit events are not scoped by the session (every organisation writes them), so every query here
names the administered organisation itself. Events about a person are those whose target is the
person or one of their records: contact routes, invitations, responses, alerts, visits by a
partner organisation and text conversations.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from ..models import (
    Alert, Assignment, AuditEvent, ContactPoint, Invitation, Participant, Response, TextConversation, User,
)

LONDON = ZoneInfo("Europe/London")
PAGE_SIZE = 50
CSV_COLUMNS = ("when", "user_id", "user", "action", "target_type", "target_id", "ip_address", "detail")


@dataclass
class AuditFilter:
    participant_id: int | None = None
    user_id: int | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None

    def args(self) -> dict:
        """The filter as query arguments, for page links and the export."""
        values = {"participant": self.participant_id, "user": self.user_id, "action": self.action,
                  "from": self.since.isoformat() if self.since else None,
                  "to": self.until.isoformat() if self.until else None}
        return {key: value for key, value in values.items() if value not in (None, "")}


def _whole_number(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise ValueError
    return int(raw)


def _day(raw: str | None) -> date | None:
    raw = (raw or "").strip()
    return date.fromisoformat(raw) if raw else None


def read_filter(args) -> tuple[AuditFilter, dict]:
    """The filter in ``args``, and a message for each value that could not be read."""
    found, problems = AuditFilter(), {}
    for name, attribute, reader, message in (
        ("participant", "participant_id", _whole_number, _l("Enter the person’s number as digits, like 1234")),
        ("user", "user_id", _whole_number, _l("Select a user from the list")),
        ("from", "since", _day, _l("Enter the first day as a date, like 2026-04-01")),
        ("to", "until", _day, _l("Enter the last day as a date, like 2026-06-30")),
    ):
        try:
            setattr(found, attribute, reader(args.get(name)))
        except ValueError:
            problems[name] = message
    action = (args.get("action") or "").strip()
    found.action = action[:64] or None
    if found.since and found.until and found.until < found.since:
        problems["to"] = _l("The last day must be the same as or after the first day")
    return found, problems


def _records_of(session: Session, organisation_id: int, participant_id: int):
    """A condition matching events about the person and every record of theirs."""
    owned = {
        "Participant": [participant_id],
        "ContactPoint": select(ContactPoint.id).where(ContactPoint.participant_id == participant_id),
        "Invitation": select(Invitation.id).where(Invitation.participant_id == participant_id),
        "Response": select(Response.id).where(Response.participant_id == participant_id),
        "Alert": select(Alert.id).where(Alert.participant_id == participant_id),
        "Assignment": select(Assignment.id).where(Assignment.participant_id == participant_id),
        "TextConversation": select(TextConversation.id).where(TextConversation.participant_id == participant_id),
    }
    belongs = session.scalar(select(Participant.id).where(Participant.id == participant_id,
                                                          Participant.organisation_id == organisation_id))
    if belongs is None:
        return false()
    return or_(*(and_(AuditEvent.target_type == kind, AuditEvent.target_id.in_(ids)) for kind, ids in owned.items()))


def audit_query(session: Session, organisation_id: int, chosen: AuditFilter):
    conditions = [AuditEvent.organisation_id == organisation_id]
    if chosen.participant_id is not None:
        conditions.append(_records_of(session, organisation_id, chosen.participant_id))
    if chosen.user_id is not None:
        conditions.append(AuditEvent.user_id == chosen.user_id)
    if chosen.action:
        conditions.append(AuditEvent.action == chosen.action)
    if chosen.since:
        conditions.append(AuditEvent.created_at >= datetime.combine(chosen.since, time(), LONDON))
    if chosen.until:
        conditions.append(AuditEvent.created_at < datetime.combine(chosen.until + timedelta(days=1), time(), LONDON))
    return (select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.user_id)
            .where(*conditions).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()))


def actions_recorded(session: Session, organisation_id: int) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).where(AuditEvent.organisation_id == organisation_id)
                                .distinct().order_by(AuditEvent.action)))


def detail_text(detail: dict | None) -> str:
    return json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str) if detail else ""


def local_time(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def audit_csv(session: Session, query) -> str:
    """Every event the query finds, oldest last, as CSV; cells that a spreadsheet would run as a
    formula are quoted with an apostrophe first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for event, name in session.execute(query):
        row = [local_time(event.created_at).isoformat(timespec="seconds"), event.user_id or "", name or "",
               event.action, event.target_type or "", event.target_id or "", event.ip_address or "",
               detail_text(event.detail)]
        writer.writerow([f"'{cell}" if isinstance(cell, str) and cell[:1] in "=+-@\t\r" else cell for cell in row])
    return out.getvalue()
