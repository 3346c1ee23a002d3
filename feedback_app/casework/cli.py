"""``flask casework import``: import closed enquiries from a CSV file for one council."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from ..cli_support import require_database
from ..db import db
from ..models import Organisation
from .importing import CREATED, REFUSED, UNCHANGED, UPDATED, ImportRefused, dry_run, import_rows, read_csv

casework_cli = AppGroup("casework", help="Casework records: importing closed enquiries.")


def _problem_lines(problems) -> list[str]:
    return [f"Line {problem.line}" + (f", {problem.field}" if problem.field else "") + f": {problem.message}"
            for problem in problems]


def _outcome_lines(results) -> list[str]:
    lines = []
    for result in results:
        if result.outcome == REFUSED:
            continue
        text = f"Line {result.line}: {result.outcome}"
        if result.changed:
            text += f" ({', '.join(result.changed)})"
        if result.final_quarters:
            text += (f"; the return for {', '.join(result.final_quarters)} is final and does not change: "
                     "start a correction to include this")
        lines.append(text)
    return lines


def _counts(results) -> str:
    counted = {outcome: sum(r.outcome == outcome for r in results) for outcome in (CREATED, UPDATED, UNCHANGED, REFUSED)}
    return ", ".join(f"{n} {outcome}" for outcome, n in counted.items())


@casework_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--organisation", "slug", required=True, help="The council's slug, e.g. northshire.")
@click.option("--dry-run", "dry_run_only", is_flag=True, help="Check the file and say what each line would do; write nothing.")
def import_command(file, slug, dry_run_only):
    """Import closed enquiries from FILE, a CSV file made from the template.

    A line whose case reference is already registered updates that enquiry; a line with a
    problem is refused and writes nothing. Each line's outcome is listed.
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
        results = dry_run(db.session, organisation, rows) if dry_run_only else (
            import_rows(db.session, organisation, rows, None) if rows else dry_run(db.session, organisation, rows))
        for line in _outcome_lines(results):
            click.echo(line)
        refused = [p for r in results if r.outcome == REFUSED for p in r.problems]
        for line in _problem_lines(refused):
            click.echo(line, err=True)
        summary = f"{organisation.name}: {_counts(results)}."
        if dry_run_only:
            summary += " Nothing was written."
        if refused:
            raise click.ClickException(summary + f" {len(refused)} problems on the refused lines.")
        click.echo(summary)
