"""The ``flask`` command line: database, demo data, keys, and the commands of each area."""
from __future__ import annotations

import re

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from . import audit, migrate
from .auth.cli import create_user_command
from .casework.cli import casework_cli
from .cli_support import database_unreachable, require_database
from .crypto import generate_key, keyring
from .db import db
from .devdata.demo import is_demo_or_empty, load_demo_data
from .devdata.synthetic import synthetic_cli
from .duty.cli import alerts_cli
from .i18n_cli import translate_cli
from .jobs import jobs_cli
from .models import Organisation, OrganisationKind
from .questionnaire.cli import surveys_cli

db_cli = AppGroup("db", help="Create or upgrade the database.")
keys_cli = AppGroup("keys", help="Manage the key that encrypts contact details.")


@db_cli.command("upgrade")
def db_upgrade():
    """Apply every migration up to the latest."""
    require_database()
    try:
        migrate.upgrade(current_app.config["SQLALCHEMY_DATABASE_URI"])
    except OperationalError as error:
        raise database_unreachable() from error
    click.echo("Database is up to date.")


@click.command("demo-data")
@with_appcontext
@click.option("--if-safe", is_flag=True,
              help="Only when the database is empty or already holds the demo data (used by `make run`).")
def demo_data_command(if_safe):
    """Create demo organisations, users and survey links, and print them."""
    require_database()
    if if_safe and not is_demo_or_empty(db.session):
        click.echo("Not loading demo data: this database holds organisations of its own.")
        return
    output = load_demo_data(db.session, current_app.config["PUBLIC_BASE_URL"])
    for line in output.lines():
        click.echo(line)


@click.command("create-organisation")
@with_appcontext
@click.option("--slug", required=True, help="Short name used in URLs and sign-in lines, e.g. northshire.")
@click.option("--name", required=True, help="Full name, e.g. Northshire County Council.")
@click.option("--kind", type=click.Choice([k.value for k in OrganisationKind]), default="council")
@click.option("--ons-code", default=None, help="The council's ONS code, e.g. E10000034.")
def create_organisation_command(slug, name, kind, ons_code):
    """Register an organisation (a council, advocacy service, Healthwatch or national body)."""
    require_database()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", slug):
        raise click.ClickException("--slug must be 2-63 lower-case letters, digits or hyphens.")
    if ons_code and not re.fullmatch(r"[EW]\d{8}", ons_code):
        raise click.ClickException("--ons-code must be a letter E or W followed by eight digits.")
    if kind == "council" and not ons_code:
        raise click.ClickException("--ons-code is required for a council.")
    if db.session.scalar(select(Organisation).where(Organisation.slug == slug)):
        raise click.ClickException(f"An organisation with the slug {slug!r} already exists.")
    organisation = Organisation(slug=slug, name=name.strip(), kind=OrganisationKind(kind), ons_code=ons_code)
    db.session.add(organisation)
    audit.record(db.session, "organisation_created", organisation)
    db.session.commit()
    click.echo(f"Created {organisation.name} ({organisation.slug}).")


@keys_cli.command("generate")
def keys_generate():
    """Print a new key for DATA_KEY."""
    click.echo(generate_key())


@keys_cli.command("rotate")
def keys_rotate():
    """Re-encrypt every stored contact detail with the first key in DATA_KEY."""
    require_database()
    total = rotate_encrypted_values(db.engine)
    click.echo(f"Re-encrypted {total} values with the current key.")


def rotate_encrypted_values(engine) -> int:
    from .models import Base
    from .models.base import EncryptedText

    total = 0
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            for column in (c for c in table.columns if isinstance(c.type, EncryptedText)):
                # Plain SQL text so the ciphertext is read and written as it is, not decrypted.
                rows = connection.execute(text(
                    f"SELECT id, {column.name} FROM {table.name} WHERE {column.name} IS NOT NULL"
                )).all()
                for row_id, token in rows:
                    connection.execute(
                        text(f"UPDATE {table.name} SET {column.name} = :value WHERE id = :id"),
                        {"value": keyring.rotate(token), "id": row_id},
                    )
                    total += 1
    return total


def init_app(app) -> None:
    for command in (db_cli, keys_cli, demo_data_command, create_organisation_command, surveys_cli, translate_cli,
                    alerts_cli, jobs_cli, casework_cli, create_user_command, synthetic_cli):
        app.cli.add_command(command)
