"""Fixtures for the questionnaire engine, which needs no database (so no database fixtures)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from feedback_app.config import PROJECT_ROOT
from feedback_app.questionnaire import load_survey

SURVEYS_DIR = PROJECT_ROOT / "surveys"
REAL_FILE = SURVEYS_DIR / "msp-experience.yaml"

# A small, valid survey used as the starting point for broken ones. Tests find lines by their
# text rather than by number, so this can be edited without renumbering every test.
TINY = """\
id: tiny
version: 1
title: A small survey
questions:
  - key: first
    framework: mspof:Q4
    principle: Empowerment
    kind: scale
    symbol: ear.svg
    adult:
      text: Did people listen to you?
      hint: Think about the people who helped you.
      sms: Did people listen? Reply 1 Yes, 2 No.
    representative:
      text: Did people listen to the person?
      sms: Did people listen to the person? Reply 1 Yes, 2 No.
    options:
      - number: 1
        key: yes
        label: Yes
        symbol: tick.svg
      - number: 2
        key: no
        label: No
        representative_label: No, they did not
        symbol: cross.svg
  - key: second
    framework: null
    principle: null
    kind: free_text
    symbol: pen.svg
    show_if:
      question: first
      in: [no]
    adult:
      text: Tell us more
      sms: Tell us more by text.
    representative:
      text: Tell us more about the person
      sms: Tell us more by text.
"""


def line_with(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line number of the n-th line of ``text`` containing ``fragment``."""
    found = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    return found[occurrence - 1]


@pytest.fixture(scope="session")
def real_survey():
    return load_survey(REAL_FILE)


@pytest.fixture
def survey_dir(tmp_path) -> Path:
    """An empty folder of surveys with the real symbols beside it."""
    directory = tmp_path / "surveys"
    directory.mkdir()
    shutil.copytree(SURVEYS_DIR / "symbols", directory / "symbols")
    return directory


@pytest.fixture
def write_survey(survey_dir):
    def write(text: str, name: str = "tiny.yaml") -> Path:
        path = survey_dir / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def make_app(**config):
    from feedback_app import create_app

    return create_app({"APP_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://", **config})
