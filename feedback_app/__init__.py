"""The feedback service: a Flask application built by ``create_app``."""
from __future__ import annotations

import logging

from flask import Flask
from werkzeug.routing import IntegerConverter
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from . import i18n, log_hygiene
from .config import PROJECT_ROOT, load_config
from .crypto import keyring
from .db import db
from .extensions import csrf, limiter
from .pagination import page_numbers


class RecordId(IntegerConverter):
    """``<int:...>`` in every route: a number a record's id can be. Larger numbers find no page
    (404) instead of reaching PostgreSQL, whose integer columns refuse them with an error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application. ``test_config`` overrides settings read from the environment."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
        static_url_path="/assets",
    )
    app.config.update(load_config(overrides=test_config))
    app.url_map.converters["int"] = RecordId
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(PROJECT_ROOT / "templates")),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["page_numbers"] = page_numbers
    logging.basicConfig(level=logging.INFO)
    log_hygiene.install()
    # Migrations log every step at INFO; only their problems matter outside a migration.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # WeasyPrint reports each step of each page at INFO: a batch of letters would flood the log.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    keyring.configure(app.config["DATA_KEYS"])
    db.init_app(app)
    i18n.init_app(app)
    from . import labels
    labels.init_app(app)
    csrf.init_app(app)
    WTFormsHelpers(app)
    limiter.init_app(app)
    from . import security, static_files
    security.init_app(app)
    static_files.init_app(app)

    from .auth.session import init_app as init_auth
    init_auth(app)

    from .questionnaire.registry import init_app as init_surveys
    init_surveys(app)

    from .auth import bp as auth_bp
    from .admin import bp as admin_bp
    from .main import bp as main_bp
    from .respond import bp as respond_bp
    from .duty import bp as duty_bp
    from .casework.routes import bp as casework_bp
    from .api import bp as api_bp
    from .reports.routes import bp as reports_bp
    from .comments.routes import bp as comments_bp
    from .paper.routes import bp as paper_bp
    from .assist.routes import bp as assist_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(respond_bp)
    app.register_blueprint(duty_bp, url_prefix="/duty")
    app.register_blueprint(casework_bp, url_prefix="/casework")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(reports_bp, url_prefix="/reports")
    app.register_blueprint(comments_bp, url_prefix="/reports/comments")
    app.register_blueprint(paper_bp)
    app.register_blueprint(assist_bp, url_prefix="/assist")
    from .sms.webhooks import bp as sms_webhooks_bp
    app.register_blueprint(sms_webhooks_bp)
    if app.config["SMS_BACKEND"] == "log" and app.config["APP_ENV"] != "production":
        from .sms.dev import bp as sms_dev_bp
        app.register_blueprint(sms_dev_bp)

    from .errors import init_app as init_errors
    init_errors(app)

    from .commands import init_app as init_commands
    init_commands(app)
    return app
