from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from feedback_app.migrate import heads
from feedback_app.models import Base


def test_there_is_a_single_head():
    assert len(heads()) == 1


def test_migration_ids_are_readable():
    from alembic.script import ScriptDirectory
    from feedback_app.migrate import alembic_config

    for revision in ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions():
        number, _, name = revision.revision.partition("_")
        assert number.isdigit() and len(number) == 4 and name, revision.revision


def test_empty_database_upgrades_to_head_and_matches_the_models(database_url):
    # The database_url fixture has just upgraded an empty database to head on this backend.
    engine = create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert context.get_current_revision() == heads()[0]
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == [], f"models and migrations disagree: {differences}"


def test_every_table_exists(database_url):
    engine = create_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables
