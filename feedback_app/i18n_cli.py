"""``flask translate``: keep the gettext catalogues in translations/ in step with the code.

    flask --app wsgi translate extract   # translations/messages.pot from code, templates, surveys
    flask --app wsgi translate update    # each language's messages.po gains the new messages
    flask --app wsgi translate compile   # messages.mo for every language, fuzzy ones included
    flask --app wsgi translate status    # per language: translated, needing review, missing
    flask --app wsgi translate reviewed cy --by "Name, organisation"   # a native speaker read it through

A message marked fuzzy has a translation that a native speaker has not yet checked (a machine
translation, or one Babel guessed from a similar message). Compiling includes fuzzy messages so
that a rough translation reaches people sooner than none; ``status`` counts them separately.
English is the source language and has no catalogue.
"""
from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import click
import yaml
from babel.messages.frontend import BaseError, CommandLineInterface
from babel.messages.pofile import read_po
from flask import current_app
from flask.cli import AppGroup

from .config import PROJECT_ROOT
from .i18n import LANGUAGES

SOURCE_LANGUAGE = "en"
DOMAIN = "messages"
KEYWORDS = ("lazy_gettext", "_l", "lazy_ngettext:1,2")
# Directories that never hold our messages; walking them only costs time.
IGNORED_DIRECTORIES = ".* ._ node_modules __pycache__ instance"

translate_cli = AppGroup("translate", help="Extract, update, compile and check translations.")


def translations_dir() -> Path:
    configured = current_app.config.get("BABEL_TRANSLATION_DIRECTORIES") or "translations"
    # Flask-Babel allows several directories separated by ";"; ours is the first.
    first = Path(configured.split(";")[0])
    return first if first.is_absolute() else PROJECT_ROOT / first


def template_path() -> Path:
    return translations_dir() / f"{DOMAIN}.pot"


def catalogue_path(language: str) -> Path:
    return translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def target_languages(chosen: tuple[str, ...]) -> list[str]:
    if chosen:
        return list(chosen)
    return [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


def run_pybabel(*arguments: str) -> None:
    """Run a pybabel command in this process; a failure becomes a one-line error."""
    try:
        result = CommandLineInterface().run(["pybabel", *arguments])
    except BaseError as problem:
        raise click.ClickException(f"pybabel {arguments[0]}: {problem}")
    except SystemExit as exit_:
        # optparse exits on a bad option; that is our bug, but say so plainly.
        if exit_.code:
            raise click.ClickException(f"pybabel {arguments[0]} could not start (exit code {exit_.code}).")
        return
    if result:
        raise click.ClickException(f"pybabel {arguments[0]} reported errors (see above).")


def extract_messages(output: Path | None = None) -> Path:
    output = output or template_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    keyword_options = [f"--keyword={keyword}" for keyword in KEYWORDS]
    # Run from the project root so that babel.cfg's patterns match and the source locations in
    # the template read "templates/base.html:12" on every machine.
    with contextlib.chdir(PROJECT_ROOT):
        run_pybabel(
            "extract",
            "--mapping-file=babel.cfg",
            *keyword_options,
            "--add-comments=Translators:",
            "--sort-by-file",
            "--project=Safeguarding feedback",
            "--copyright-holder=The contributors to Safeguarding feedback",
            f"--ignore-dirs={IGNORED_DIRECTORIES}",
            f"--output-file={output}",
            ".",
        )
    return output


@translate_cli.command("extract")
def extract_command():
    """Collect every translatable message into translations/messages.pot."""
    output = extract_messages()
    with output.open("rb") as stream:
        count = sum(1 for message in read_po(stream) if message.id)
    click.echo(f"Extracted {count} messages into {_shown(output)}.")


@translate_cli.command("update")
@click.option("--language", "-l", "languages", multiple=True,
              help="Only this language (repeat for more). Default: every language but English.")
@click.option("--no-extract", is_flag=True, help="Use the existing messages.pot as it is.")
def update_command(languages: tuple[str, ...], no_extract: bool):
    """Bring each language's messages.po up to date with messages.pot (creating it if needed)."""
    pot = template_path()
    if not no_extract or not pot.exists():
        extract_messages(pot)
        click.echo(f"Extracted messages into {_shown(pot)}.")
    for language in target_languages(languages):
        if language == SOURCE_LANGUAGE:
            click.echo("English is the source language; it needs no catalogue.")
            continue
        created = not catalogue_path(language).exists()
        run_pybabel(
            "update",
            f"--input-file={pot}",
            f"--output-dir={translations_dir()}",
            f"--locale={language}",
            f"--domain={DOMAIN}",
            "--init-missing",
            # Babel would otherwise guess a translation for a new message from a similar one
            # and mark it fuzzy, which looks just like a real translation awaiting review.
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )
        verb = "Created" if created else "Updated"
        click.echo(f"{verb} {_shown(catalogue_path(language))}.")


@translate_cli.command("compile")
def compile_command():
    """Compile every messages.po into messages.mo, including messages that need review."""
    catalogues = sorted(translations_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    if not catalogues:
        click.echo("No catalogues to compile yet: run `flask translate update` first.")
        return
    run_pybabel("compile", f"--directory={translations_dir()}", f"--domain={DOMAIN}", "--use-fuzzy")
    for catalogue in catalogues:
        click.echo(f"Compiled {_shown(catalogue.with_suffix('.mo'))}.")


def catalogue_counts(language: str, reference_ids: set | None) -> dict[str, int]:
    """Count one language's messages against the template (or against itself without one)."""
    path = catalogue_path(language)
    entries = {}
    if path.exists():
        with path.open("rb") as stream:
            catalogue = read_po(stream, locale=language)
        entries = {message.id: message for message in catalogue if message.id}
    wanted = reference_ids if reference_ids is not None else set(entries)
    counts = {"total": len(wanted), "translated": 0, "review": 0, "missing": 0}
    for message_id in wanted:
        message = entries.get(message_id)
        if message is None or not _has_translation(message.string):
            counts["missing"] += 1
        elif message.fuzzy:
            counts["review"] += 1
        else:
            counts["translated"] += 1
    return counts


def _has_translation(string) -> bool:
    if isinstance(string, (tuple, list)):
        return all(string)
    return bool(string)


@translate_cli.command("status")
@click.option("--language", "-l", "languages", multiple=True, help="Only this language (repeat for more).")
def status_command(languages: tuple[str, ...]):
    """Show, for each language, how many messages are translated, need review or are missing."""
    pot = template_path()
    reference_ids = None
    if pot.exists():
        with pot.open("rb") as stream:
            reference_ids = {message.id for message in read_po(stream) if message.id}
        click.echo(f"Counted against {_shown(pot)} ({len(reference_ids)} messages).")
    else:
        click.echo("No messages.pot yet (run `flask translate extract`); counting each catalogue alone.")
    click.echo(f"{'Language':<20}{'Total':>7}{'Translated':>12}{'Needs review':>14}{'Missing':>9}")
    for language in target_languages(languages):
        if language == SOURCE_LANGUAGE:
            continue
        counts = catalogue_counts(language, reference_ids)
        label = f"{language} {LANGUAGES.get(language, '')}".strip()
        note = "" if catalogue_path(language).exists() else "  (no catalogue yet)"
        click.echo(
            f"{label:<20}{counts['total']:>7}{counts['translated']:>12}"
            f"{counts['review']:>14}{counts['missing']:>9}{note}"
        )


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


@translate_cli.command("reviewed")
@click.argument("language")
@click.option("--by", "reviewer", required=True, help="Who read it through: a name, and their organisation.")
@click.option("--on", "reviewed_on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the review ended, as YYYY-MM-DD. Default: today.")
def reviewed_command(language: str, reviewer: str, reviewed_on):
    """Record that a native speaker has read LANGUAGE through (every fuzzy mark cleared)."""
    if language not in LANGUAGES or language == SOURCE_LANGUAGE:
        raise click.BadParameter(f"choose one of {', '.join(c for c in LANGUAGES if c != SOURCE_LANGUAGE)}",
                                 param_hint="LANGUAGE")
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise click.BadParameter("give the reviewer's name", param_hint="--by")
    counts = catalogue_counts(language, None)
    if counts["missing"] or counts["review"]:
        raise click.ClickException(
            f"{language} still has {counts['review']} messages marked as needing review and {counts['missing']} "
            "without a translation: clear them in its messages.po first.")
    path = translations_dir() / "reviews.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    entries = (yaml.safe_load(text) or {}) if text else {}
    day = (reviewed_on.date() if reviewed_on else date.today())
    entries[language] = {"reviewed_by": reviewer, "reviewed_on": day}
    path.write_text(header + yaml.safe_dump(dict(sorted(entries.items())), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    click.echo(f"Recorded {language} as reviewed by {reviewer} on {day.isoformat()} in {_shown(path)}.")
