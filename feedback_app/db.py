"""The database session, and the one place where records are scoped to an organisation.

Views and domain functions use ``db.session``. For a signed-in member of staff,
``scope_to_organisations`` records which organisations they may see; every ORM query then gets
a criterion on ``organisation_id`` for models that carry one, so no view has to remember to
filter. Work that must cross organisations (national aggregates, the dispatcher, the CLI) runs
without a scope or inside ``unscoped()``.
"""
from __future__ import annotations

import time
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event, exc, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session, sessionmaker, with_loader_criteria

from .migrate import private_sqlite_file
from .models.base import OrgScoped

_SCOPE_KEY = "organisation_scope"


class AppSession(Session):
    """A session that talks to the database of the application in whose context it runs, so
    that several applications (a test server beside a test client, say) can share one process."""

    def get_bind(self, mapper=None, clause=None, **kwargs):
        return current_app.extensions[ENGINE_KEY]


ENGINE_KEY = "database_engine"


class Database:
    def __init__(self):
        self._factory = sessionmaker(class_=AppSession, expire_on_commit=False)
        self.session = scoped_session(self._factory, scopefunc=_scope_id)

    @property
    def engine(self) -> Engine:
        return current_app.extensions[ENGINE_KEY]

    def init_app(self, app: Flask) -> None:
        app.extensions[ENGINE_KEY] = make_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        app.extensions["database"] = self

        @app.teardown_appcontext
        def remove_session(exc=None):
            self.session.remove()

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False


def _scope_id():
    # One session per application context (a request, a CLI command, a test block).
    try:
        return id(g._get_current_object())
    except RuntimeError:
        return 0


# A pooled connection that has been idle this long is checked with a round trip before use.
PING_AFTER_IDLE_SECONDS = 5.0


def make_engine(url: str) -> Engine:
    kwargs = {"future": True}
    if url.startswith("sqlite"):
        private_sqlite_file(url)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    _ping_connections_left_idle(engine)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()
    return engine


def _ping_connections_left_idle(engine: Engine) -> None:
    """Check a pooled connection before use only if it sat idle, rather than on every checkout.

    A connection dies unnoticed while it waits in the pool (the database restarts, a firewall
    drops it); one handed straight back and taken again is alive. Pinging on every checkout
    (``pool_pre_ping``) cost a round trip per request for the busy case, which never needs it.
    A dead connection found here is replaced, with every other pooled one, before the request
    sees it, as ``pool_pre_ping`` would do.
    """

    @event.listens_for(engine, "checkin")
    def note_idle_since(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, record, _proxy):
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        dialect = engine.dialect
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.InvalidatePoolError() from error
            raise


def scope_to_organisations(session: Session, organisation_ids) -> None:
    session.info[_SCOPE_KEY] = frozenset(organisation_ids)


def current_scope(session: Session):
    return session.info.get(_SCOPE_KEY)


@contextmanager
def unscoped(session: Session):
    """Lift the organisation scope for a block of code that must see across organisations."""
    saved = session.info.pop(_SCOPE_KEY, None)
    try:
        yield session
    finally:
        if saved is not None:
            session.info[_SCOPE_KEY] = saved


@event.listens_for(Session, "do_orm_execute")
def _apply_organisation_scope(execute_state):
    scope = execute_state.session.info.get(_SCOPE_KEY)
    if scope is None or execute_state.is_column_load or execute_state.is_relationship_load:
        # Relationship and column loads inherit the criteria from the query that started them.
        return
    if not (execute_state.is_select or execute_state.is_update or execute_state.is_delete):
        return
    ids = tuple(scope)
    execute_state.statement = execute_state.statement.options(
        with_loader_criteria(
            OrgScoped,
            lambda cls: cls.organisation_id.in_(ids),
            include_aliases=True,
        )
    )


db = Database()
