"""Fixtures: an application on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from feedback_app import create_app
from feedback_app.db import db
from feedback_app.migrate import upgrade
from feedback_app.models import Base

from .browser.support import axe, browser, live_app, page  # noqa: F401 (shared browser fixtures)
from .pages import ClientRequest

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile any catalogue whose .mo is missing or older than its .po, as `make` does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with open(po_path, "rb") as po:
            catalogue = read_po(po, locale=po_path.parent.parent.name)
        temporary = mo_path.with_suffix(f".mo.{os.getpid()}")
        with open(temporary, "wb") as mo:
            write_mo(mo, catalogue, use_fuzzy=True)
        os.replace(temporary, mo_path)


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _postgres_url(worker: str) -> str:
    url = make_url(os.environ["TEST_DATABASE_URL"])
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if worker != "master":
        name = f"{url.database}_{re.sub(r'[^a-z0-9]', '', worker)}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = url.set(database=name)
    else:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    return url.render_as_string(hide_password=False)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``one_database`` check something the database does not change (how a PDF is
    laid out, say): they run on SQLite only, even when PostgreSQL is there too."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("database_url") == "postgresql"
        (dropped if on_postgres and item.get_closest_marker("one_database") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory, worker_id):
    """A migrated, empty database for the whole session, on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        url = _postgres_url(worker_id)
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def worker_id(request):
    # pytest-xdist provides this fixture; this fallback keeps plain runs working.
    return getattr(request.config, "workerinput", {}).get("workerid", "master")


def _empty_tables(engine):
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


TEST_MEDIA_DIR = tempfile.mkdtemp(prefix="test-media-")


def make_test_app(database_url, **overrides):
    return create_app({
        "APP_ENV": "test",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Uploaded recordings go to a folder of the test run's own, never into instance/.
        "MEDIA_DIR": TEST_MEDIA_DIR,
        **overrides,
    })


@pytest.fixture
def app(database_url):
    app = make_test_app(database_url)
    yield app
    engine = app.extensions["database_engine"]
    _empty_tables(engine)
    engine.dispose()


@pytest.fixture
def session(app, database_url):
    """A database session for setting up and checking records.

    It lives in the context of a second application on the same database, so that requests
    made by the test client get application contexts (and sessions, and signed-in users) of
    their own, as they would in production, instead of sharing the test's.
    """
    records = make_test_app(database_url)
    with records.app_context():
        yield db.session
        db.session.remove()
    records.extensions["database_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def client_request(app, client):
    return ClientRequest(app, client)


@pytest.fixture
def council(session):
    from .factories import create_organisation

    return create_organisation(session, name="Northshire Council")


@pytest.fixture
def other_council(session):
    from .factories import create_organisation

    return create_organisation(session, name="Southbay Council")
