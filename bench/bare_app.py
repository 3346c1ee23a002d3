"""The baseline for answer_throughput.py: the real application, plus one page that renders a
question exactly as the questionnaire does but from a view worked out once, at start-up.

Everything a real request pays for apart from the database is still paid for on every request:
the same Flask app and before/after-request hooks, the same Jinja environment and template,
Babel, a fresh CSRF token and a signed session cookie. The database is an empty in-memory SQLite
that refuses every connection, so a page that touched it would fail instead of flattering the
baseline.

    gunicorn -w 2 -b 127.0.0.1:8001 bench.bare_app:app
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

from flask import render_template, session
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from feedback_app import create_app  # noqa: E402
from feedback_app.auth.permissions import public  # noqa: E402
from feedback_app.questionnaire import Context, get_survey  # noqa: E402
from feedback_app.respond.forms import QuestionForm  # noqa: E402
from feedback_app.respond.links import SESSION_KEY  # noqa: E402
from feedback_app.respond.pages import question_view  # noqa: E402

BARE_PATH = "/bare/question"
QUESTION_KEY = os.environ.get("BARE_QUESTION", "listened")
SURVEY_ID = "msp-experience"


class DatabaseForbidden(RuntimeError):
    pass


def _forbid_database(app) -> None:
    engine = app.extensions["database_engine"]

    @event.listens_for(engine, "connect")
    def refuse(*_args):
        raise DatabaseForbidden("the bare page must not touch the database")


def _respondent():
    """What the templates read from a respondent, as the demo data's Northshire adult has it."""
    council = SimpleNamespace(
        name="Northshire County Council",
        settings={"help_phone": "0300 123 4567", "text_relay": "18001 0300 123 4567", "languages": ["en"]},
    )
    participant = SimpleNamespace(role=None, language="en")
    enquiry = SimpleNamespace(desired_outcomes_text="To feel safe at home. To see my grandson again.")
    return SimpleNamespace(invitation=SimpleNamespace(id=1, survey_id=SURVEY_ID), participant=participant,
                           enquiry=enquiry, council=council, response=None, for_representative=False,
                           uses_representative_wording=False)


def make_bare_app():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    _forbid_database(app)
    respondent = _respondent()

    with app.test_request_context("/questionnaire/q/" + QUESTION_KEY):
        survey = get_survey(SURVEY_ID)
        context = Context(outcomes_recorded=True, answers={"consent": "yes", "who": "adult"})
        view = question_view(respondent, survey, QUESTION_KEY, context, QuestionForm(meta={"csrf": False}), [])

    @public
    def bare_question():
        # The real questionnaire's session holds these, and keeps a permanent cookie fresh.
        if SESSION_KEY not in session:
            session["lang"] = "en"
            session[SESSION_KEY] = {"invitation": 1}
            session.permanent = True
        page = render_template("respond/question.html", view=view, form=QuestionForm(), respondent=respondent,
                               has_errors=False)
        return page, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

    app.add_url_rule(BARE_PATH, "bare_question", bare_question)
    return app


app = make_bare_app()
