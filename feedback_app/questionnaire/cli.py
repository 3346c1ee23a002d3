"""`flask surveys check`: the same checks as start-up, reporting every problem in every file."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .errors import Problem, display_path
from .loader import check_file, survey_files

surveys_cli = AppGroup("surveys", help="Questionnaire definitions in surveys/.")


@surveys_cli.command("check")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of survey files (default: the application's SURVEYS_DIR).")
def check_command(directory: Path | None) -> None:
    """Check every surveys/*.yaml file; exit 1 if any has a problem."""
    directory = directory or Path(current_app.config["SURVEYS_DIR"])
    if not directory.is_dir():
        click.echo(Problem(display_path(directory), None, "is not a folder of surveys"), err=True)
        raise SystemExit(1)
    files = survey_files(directory)
    if not files:
        click.echo(f"{display_path(directory)}: no survey files (*.yaml) found", err=True)
        raise SystemExit(1)
    failed = False
    for path in files:
        survey, problems = check_file(path)
        if survey is not None:
            click.echo(f"ok {display_path(path)} {survey.id} v{survey.version} "
                       f"({len(survey.questions)} questions)")
        for problem in problems:
            failed = True
            click.echo(str(problem), err=True)
    if failed:
        raise SystemExit(1)
