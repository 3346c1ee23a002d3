"""What every ``flask`` command that needs the database checks first: that it can be reached."""
from __future__ import annotations

import click
from flask import current_app
from sqlalchemy.engine import make_url

from .db import db


def database_unreachable() -> click.ClickException:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=True)
    return click.ClickException(
        f"Cannot reach the database at {url}: check DATABASE_URL and that the database server is running."
    )


def require_database() -> None:
    """Stop the command with one sentence when the database does not answer."""
    if not db.ping():
        raise database_unreachable()
