"""``flask synthetic generate``: the command that makes synthetic national data."""
from __future__ import annotations

import os
import re
import time as timer

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import text

from ...cli_support import require_database
from ...db import db
from ...i18n import LANGUAGES
from ...reports.periods import InvalidPeriod, Quarter, parse_quarter
from .generator import FILLED_TABLES, delete_synthetic, generate, synthetic_council_ids
from .plan import Made, Plan, last_full_quarter

synthetic_cli = AppGroup("synthetic", help="Synthetic national data for measuring the reports.")
LIMITS = {"--responses": (1, 20_000_000), "--councils": (1, 999), "--years": (1, 20), "--seed": (0, 2**31 - 1)}


def _terminal_language() -> str:
    """The terminal's language (LANG=cy_GB.UTF-8 gives Welsh) when the service offers it."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            code = re.split(r"[_.:@-]", os.environ[name])[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def _whole_number(option: str, value: str) -> int:
    low, high = LIMITS[option]
    try:
        number = int(str(value).replace(",", "").strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise click.UsageError(_("%(option)s must be a whole number from %(low)s to %(high)s, not %(value)s.",
                                 option=option, low=f"{low:,}", high=f"{high:,}", value=value))
    return number


def _plan(responses, councils, years, seed, last_quarter) -> Plan:
    values = {option: _whole_number(option, value) for option, value in (
        ("--responses", responses), ("--councils", councils), ("--years", years), ("--seed", seed))}
    try:
        last = last_full_quarter() if last_quarter is None else parse_quarter(last_quarter)
        last.previous(values["--years"] * 4 - 1)  # a span reaching before 1900 is no span to report on
    except InvalidPeriod:
        last = None
    if last is None or last > last_full_quarter():
        raise click.UsageError(_("%(option)s must be a quarter that has ended, written like 2025-26 Q1, "
                                 "not %(value)s.", option="--last-quarter", value=last_quarter))
    return Plan(values["--responses"], values["--councils"], values["--years"], values["--seed"], last)


@synthetic_cli.command("generate")
@click.option("--responses", default="1000000", show_default=True, help="Submitted responses to make.")
@click.option("--councils", default="153", show_default=True, help="Councils to share them between.")
@click.option("--years", default="5", show_default=True, help="Years of quarters, ending with the last quarter.")
@click.option("--seed", default="1", show_default=True, help="The same seed makes the same data.")
@click.option("--last-quarter", default=None, help="For example 2025-26 Q4. Default: the last that has ended.")
@click.option("--replace", is_flag=True, help="Delete the synthetic councils and all their records first.")
def generate_command(responses, councils, years, seed, last_quarter, replace):
    """Make synthetic councils with enquiries, invitations, responses and answers (never in production)."""
    with force_locale(_terminal_language()):
        if current_app.config["APP_ENV"] == "production":
            raise click.ClickException(_("Synthetic data is never made in production (APP_ENV is production)."))
        plan = _plan(responses, councils, years, seed, last_quarter)
        require_database()
        started = timer.monotonic()
        connection = db.session.connection()
        if synthetic_council_ids(connection):
            if not replace:
                raise click.ClickException(_("This database already holds synthetic councils: add --replace to "
                                             "delete them and make new ones."))
            deleted = delete_synthetic(connection)
            click.echo(ngettext("Deleted %(num)s synthetic council and everything recorded for it.",
                                "Deleted %(num)s synthetic councils and everything recorded for them.", deleted))
        click.echo(_("Making synthetic data from %(first)s to %(last)s. Responses: %(responses)s. "
                     "Councils: %(councils)s.", first=plan.quarters[0].label, last=plan.last_quarter.label,
                     responses=f"{plan.responses:,}", councils=f"{plan.councils:,}"))

        def progress(quarter: Quarter, made: Made) -> None:
            click.echo(_("%(quarter)s done. Responses so far: %(responses)s.", quarter=quarter.label,
                         responses=f"{made.responses:,}"))

        made = generate(connection, plan, progress)
        db.session.commit()
        if connection.dialect.name == "postgresql":
            db.session.execute(text(f"ANALYZE organisation, {', '.join(FILLED_TABLES)}"))
            db.session.commit()
        minutes, seconds = divmod(round(timer.monotonic() - started), 60)
        click.echo(_("Done in %(time)s. Councils: %(councils)s. Enquiries: %(enquiries)s. Invitations: "
                     "%(invitations)s. Responses: %(responses)s. Answers: %(answers)s.",
                     time=f"{minutes}:{seconds:02d}", councils=f"{made.councils:,}",
                     enquiries=f"{made.enquiries:,}", invitations=f"{made.invitations:,}",
                     responses=f"{made.responses:,}", answers=f"{made.answers:,}"))
