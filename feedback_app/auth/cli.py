"""``flask create-user``: make a staff account from the command line.

This is how the first administrator of a new installation gets in; after that, administrators
invite their colleagues from the admin pages.
"""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..db import db
from ..models import Organisation
from ..models.enums import Role
from .accounts import MAX_NAME_LENGTH, AccountError, check_email, create_user
from .passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, generate_password, password_problem
from .roles import parse_role, roles_for


def _choices(roles) -> str:
    return ", ".join(role.value for role in roles)


@click.command("create-user")
@click.option("--email", required=True, help="The address the person signs in with.")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--organisation", "organisation_slug", required=True,
              help="The slug of the organisation they work for.")
@click.option("--role", "role_value", required=True,
              help=f"One of: {_choices(Role)}.")
@click.option("--password", default=None,
              help="Their password; leave out to have a strong one generated and printed.")
@with_appcontext
def create_user_command(email, name, organisation_slug, role_value, password):
    """Create a staff user who can sign in straight away."""
    session = db.session
    role = parse_role(role_value)
    if role is None:
        raise click.ClickException(f"Unknown role {role_value!r}; choose one of {_choices(Role)}.")
    organisation = session.scalar(select(Organisation).where(Organisation.slug == organisation_slug))
    if organisation is None:
        raise click.ClickException(f"No organisation has the slug {organisation_slug!r}.")
    if role not in roles_for(organisation.kind):
        raise click.ClickException(
            f"The role {role.value!r} does not apply to a {organisation.kind.value} organisation; "
            f"choose one of {_choices(roles_for(organisation.kind))}."
        )
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise click.ClickException(f"The name must be between 1 and {MAX_NAME_LENGTH} characters.")
    if password is not None and not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise click.ClickException(
            f"The password must be between {MIN_PASSWORD_LENGTH} and {MAX_PASSWORD_LENGTH} characters."
        )
    problem = password_problem(password, email=email, names=[organisation.name]) if password is not None else None
    if problem:
        raise click.ClickException(
            "That password is too easy to guess: " + ("it is too common or too simple." if problem == "common" else
                                                      "it holds the email address or the organisation's name.")
            + " Leave --password out to have one made for you.")
    generated = password is None
    password = password or generate_password()
    try:
        user = create_user(session, email=check_email(email), name=name, organisation=organisation,
                           role=role, password=password)
    except AccountError as error:
        raise click.ClickException(str(error))
    click.echo(f"Created {role.value} {user.email} in {organisation.slug}.")
    if generated:
        click.echo(f"Password: {password}")
