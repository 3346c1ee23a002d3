"""``flask casework import``: import closed enquiries from a CSV file for one council."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from ..cli_support import require_database
from ..db import db
from ..models import Organisation
from .importing import ImportRefused, ImportRejected, dry_run, import_rows, read_csv

casework_cli = AppGroup("casework", help="Casework records: importing closed enquiries.")


def _problem_lines(problems) -> list[str]:
    return [f"Line {problem.line}" + (f", {problem.field}" if problem.field else "") + f": {problem.message}"
            for problem in problems]


@casework_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--organisation", "slug", required=True, help="The council's slug, e.g. northshire.")
@click.option("--dry-run", "dry_run_only", is_flag=True, help="Check the file and list its problems; write nothing.")
def import_command(file, slug, dry_run_only):
    """Import closed enquiries from FILE, a CSV file made from the template.

    Nothing is written unless every line is right.
    """
    require_database()
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None or not organisation.is_council:
        raise click.ClickException(f"There is no council with the slug {slug!r}.")
    # Messages are translated lazily for the pages; an operator's terminal gets English.
    with force_locale("en"):
        try:
            rows = read_csv(file.read())
        except ImportRefused as refusal:
            raise click.ClickException(str(refusal.message))
        problems = dry_run(db.session, organisation, rows)
        if not problems and not dry_run_only:
            try:
                count = import_rows(db.session, organisation, rows, None)
            except ImportRejected as rejected:
                problems = rejected.problems
            else:
                click.echo(f"Imported {count} enquiries for {organisation.name}.")
                return
        if problems:
            for line in _problem_lines(problems):
                click.echo(line, err=True)
            raise click.ClickException(f"{len(problems)} problems found: nothing was imported.")
        click.echo(f"{len(rows)} enquiries ready to import for {organisation.name}. Nothing was written.")
