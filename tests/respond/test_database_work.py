"""What a questionnaire page asks of the database, and pages that survive a dropped connection.

Every answer passes through these pages, so the number of statements each runs is part of the
design: a question page is one read; an answer is one read and one statement that stores the
answer and moves the response on (two statements on SQLite), in one transaction.
"""
import importlib

import pytest
from sqlalchemy import event, func, select, text

from feedback_app.db import db
from feedback_app.models import Answer, Response

from .conftest import answer


@pytest.fixture
def statements(app):
    """The SQL statements the application under test sends, as they are sent."""
    sent = []
    engine = app.extensions["database_engine"]

    def record(_connection, _cursor, statement, *_args):
        sent.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


def test_a_question_page_is_one_read(client, invited, statements):
    client.get(invited.link)
    answer(client, "consent", "yes")
    statements.clear()
    assert client.get("/questionnaire/q/who").status_code == 200
    assert statements == ["SELECT"]


def test_an_answer_is_one_read_and_one_write(client, session, invited, statements, database_url):
    writes = ["WITH"] if database_url.startswith("postgresql") else ["INSERT", "UPDATE"]
    client.get(invited.link)
    answer(client, "consent", "yes")
    statements.clear()
    assert answer(client, "who", "adult").headers["Location"] == "/questionnaire/q/listened"
    assert statements == ["SELECT", *writes]
    statements.clear()
    # Changing an answer replaces it, in the same statements.
    assert answer(client, "who", "adult_with_help").status_code == 302
    assert statements == ["SELECT", *writes]
    session.expire_all()
    assert session.scalar(select(Answer.choice_key).where(Answer.question_key == "who")) == "adult_with_help"


@pytest.fixture
def postgresql_only(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("a connection is dropped from the server's side")


def _drop_the_applications_connection(app, session):
    """End, from the database's side, the pooled connection the application will use next."""
    with app.app_context(), db.engine.connect() as connection:
        pid = connection.connection.dbapi_connection.info.backend_pid
    session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    session.commit()


@pytest.mark.parametrize("idle", [True, False], ids=["idle", "busy"])
def test_pages_survive_a_connection_the_database_dropped(app, client, session, invited, postgresql_only,
                                                         monkeypatch, idle):
    # An idle connection is checked before use; one used a moment ago is not, and its page reads
    # again on a fresh connection when the first read finds it gone.
    # The package exports the Database object under the module's name, hence import_module.
    monkeypatch.setattr(importlib.import_module("feedback_app.db"), "PING_AFTER_IDLE_SECONDS",
                        0.0 if idle else 3600.0)
    disconnects = []
    event.listen(app.extensions["database_engine"], "handle_error",
                 lambda context: disconnects.append(context.is_disconnect))
    client.get(invited.link)
    assert answer(client, "consent", "yes").status_code == 302

    _drop_the_applications_connection(app, session)
    assert client.get("/questionnaire/q/who").status_code == 200

    _drop_the_applications_connection(app, session)
    assert answer(client, "who", "adult").headers["Location"] == "/questionnaire/q/listened"
    # Idle, the check found the dead connection before any statement; busy, each page met it once.
    assert disconnects == ([] if idle else [True, True])
    session.expire_all()
    assert session.scalar(select(func.count(Answer.id))) == 2
    assert session.scalar(select(Response.current_question)) == "listened"
