"""``flask alerts``: duty desk work that runs on a schedule as well as from the dispatcher."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..db import db
from .escalation import escalate_overdue_alerts

alerts_cli = AppGroup("alerts", help="Alerts for the duty desk.")


@alerts_cli.command("escalate")
def escalate_command():
    """Mark open alerts nobody acknowledged within the council's time limit as overdue."""
    count = escalate_overdue_alerts(db.session)
    click.echo(f"Escalated {count} overdue alert{'' if count == 1 else 's'}.")
