"""The surveys an application can ask, loaded once when the application is built.

A broken survey file stops start-up with SurveyError (the file, the line and what is wrong)
rather than failing later in front of a person answering it.
"""
from __future__ import annotations

from flask import Flask, current_app

from .loader import load_surveys
from .survey import Survey

EXTENSION_KEY = "surveys"


class UnknownSurvey(LookupError):
    """No loaded survey has this id (or this version of it)."""


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = load_surveys(app.config["SURVEYS_DIR"])


def all_surveys() -> dict[str, Survey]:
    return dict(current_app.extensions[EXTENSION_KEY])


def get_survey(survey_id: str, version: int | None = None) -> Survey:
    """The loaded survey with this id, for the current application.

    Pass ``version`` when continuing a stored response: only the version in surveys/ is loaded,
    and a response begun on an older version must not be silently carried on with new questions.
    """
    survey = current_app.extensions[EXTENSION_KEY].get(survey_id)
    if survey is None:
        raise UnknownSurvey(f"no survey with id {survey_id!r} is loaded")
    if version is not None and survey.version != version:
        raise UnknownSurvey(f"survey {survey_id!r} is at version {survey.version}, not {version}")
    return survey
