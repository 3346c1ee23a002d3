"""A light application for layout and error-page tests: no migrated database, CSRF on, and a
few throwaway routes that render pages through the real layout.

It overrides the parent ``app`` fixture on purpose, so ``client`` and ``client_request`` from
tests/conftest.py work here without a database.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import abort, g, render_template_string
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import DateField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired

from feedback_app import create_app

LIGHT_CONFIG = {
    "APP_ENV": "test",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "WTF_CSRF_ENABLED": True,
    "RATELIMIT_ENABLED": False,
}

FORM_PAGE = """
{% extends "base.html" %}
{% block page_title %}Tell us about it{% endblock %}
{% block content %}
<h1 class="govuk-heading-l">{{ self.page_title() }}</h1>
<form method="post" novalidate>
  {{ form.csrf_token }}
  {{ form.name(params={"label": {"text": "Your name"}}) }}
  {{ form.choice }}
  {{ form.when }}
  {{ form.submit }}
</form>
{% endblock %}
"""

PLAIN_PAGE = """
{% extends "base.html" %}
{% block page_title %}A plain page{% endblock %}
{% block content %}<h1 class="govuk-heading-l">{{ self.page_title() }}</h1>{% endblock %}
"""

ERRORS_WITHOUT_FORM_PAGE = """
{% extends "base.html" %}
{% set has_errors = true %}
{% block page_title %}Check the dates{% endblock %}
{% block content %}
{{ error_summary(errors=[{"text": "Enter a date", "href": "#date"}]) }}
<h1 class="govuk-heading-l">{{ self.page_title() }}</h1>
<p class="govuk-body" id="date">A date</p>
{% endblock %}
"""


class ExampleForm(FlaskForm):
    name = StringField("Your name", widget=GovTextInput(), validators=[DataRequired("Enter your name")])
    choice = RadioField(
        "How did it go?",
        choices=[SelectChoice("good", "Good"), SelectChoice("bad", "Bad")],
        widget=GovRadioInput(),
        validators=[InputRequired("Choose how it went")],
    )
    # No DataRequired here: its "required" flag makes govuk-frontend-wtf put a required
    # attribute on the date input's wrapping <div>, which is invalid HTML. An empty date fails
    # on its own ("Not a valid date value.").
    when = DateField("When did it happen?", widget=GovDateInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())


def add_test_routes(app):
    @app.route("/test/plain")
    def plain():
        return render_template_string(PLAIN_PAGE)

    @app.route("/test/form", methods=["GET", "POST"])
    def form_page():
        form = ExampleForm()
        form.validate_on_submit()
        return render_template_string(FORM_PAGE, form=form)

    @app.route("/test/errors-without-form")
    def errors_without_form():
        return render_template_string(
            '{% from "macros/errors.html" import error_summary %}' + ERRORS_WITHOUT_FORM_PAGE
        )

    @app.route("/test/signed-in")
    def signed_in():
        # What Flask-Login stores for the request once a user is loaded; the light app has no
        # user table, so the user is a stand-in.
        g._login_user = SimpleNamespace(
            is_authenticated=True, is_anonymous=False, is_active=True,
            name="Test Person", organisation=SimpleNamespace(name="Northshire Council"),
        )
        return render_template_string(FORM_PAGE, form=ExampleForm())

    @app.route("/test/boom")
    def boom():
        raise RuntimeError("secret detail 8731 from deep inside")

    @app.route("/test/abort/<int:code>")
    def abort_with(code):
        abort(code)

    @app.route("/api/test/boom")
    def api_boom():
        raise RuntimeError("secret detail 8731 from the API")

    @app.route("/api/test/echo", methods=["POST"])
    def api_echo():
        return {"ok": True}

    @app.route("/api/test/abort/<int:code>")
    def api_abort_with(code):
        abort(code)


def make_light_app(**overrides):
    app = create_app({**LIGHT_CONFIG, **overrides})
    add_test_routes(app)
    return app


@pytest.fixture
def app():
    return make_light_app()


def _clear_translation_cache():
    from feedback_app.i18n import babel

    # domain_instance is created lazily, inside an app context; until then there is no cache.
    domain = vars(babel).get("domain_instance")
    if domain is not None:
        domain.cache.clear()


@pytest.fixture(autouse=True)
def isolated_translations():
    """Clear Flask-Babel's catalogue cache before and after every test here.

    The cache lives on the one Babel object every app in the process shares, keyed only by
    language. Without this, an app pointed at a scratch catalogue would be served whatever
    another app loaded for that language, and these tests would leave their catalogues behind
    for tests that run later in the same process.
    """
    _clear_translation_cache()
    yield
    _clear_translation_cache()


@pytest.fixture
def rate_limited_app():
    """The light app with rate limiting on and one route allowed once a minute."""
    from feedback_app.extensions import limiter

    app = make_light_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")

    @limiter.limit("1 per minute")
    def limited_for_test():
        return "allowed"

    app.add_url_rule("/test/limited", view_func=limited_for_test)
    return app
