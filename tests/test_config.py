import pytest
from cryptography.fernet import Fernet

from feedback_app.config import ConfigError, load_config

GOOD_KEY = Fernet.generate_key().decode()
GOOD_SECRET = "5f0c9e27b1d84a36e0f7c2b95a18d4e3c6a7b0f91e2d3c4b"
PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": GOOD_SECRET, "DATA_KEY": GOOD_KEY,
              "DATABASE_URL": "postgresql://app@db.internal/feedback", "REDIS_URL": "redis://cache.internal:6379/0",
              "LOOKUP_KEY": "9c2e41d07ab35f86e1d4c90b7a26f3e58d1c04b9a7e2f635"}


def test_production_settings_load():
    config = load_config(PRODUCTION)
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SMS_BACKEND"] == "log"
    assert config["WTF_CSRF_TIME_LIMIT"] is None


@pytest.mark.parametrize("change, names", [
    ({"SECRET_KEY": ""}, "SECRET_KEY"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY"),
    ({"SECRET_KEY": "x" * 40}, "SECRET_KEY"),
    ({"SECRET_KEY": "change-me-to-a-long-random-value-please-1234"}, "SECRET_KEY"),
    ({"SECRET_KEY": "abcabcabcabcabcabcabcabcabcabcabcabc"}, "SECRET_KEY"),
    ({"DATA_KEY": ""}, "DATA_KEY"),
    ({"DATA_KEY": "not-a-key"}, "DATA_KEY"),
    ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
    ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
    ({"DATABASE_URL": ""}, "DATABASE_URL"),
    ({"SMS_BACKEND": "carrier-pigeon"}, "SMS_BACKEND"),
    ({"SMS_BACKEND": "twilio"}, "TWILIO_ACCOUNT_SID"),
    ({"PUBLIC_BASE_URL": "feedback.example"}, "PUBLIC_BASE_URL"),
    ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
    ({"REDIS_URL": ""}, "REDIS_URL"),
    ({"LOOKUP_KEY": ""}, "LOOKUP_KEY"),
    ({"LOOKUP_KEY": "short"}, "LOOKUP_KEY"),
    ({"LOGIN_RATE_LIMIT": "ten a minute"}, "LOGIN_RATE_LIMIT"),
    ({"API_RATE_LIMIT": "lots"}, "API_RATE_LIMIT"),
    ({"STAFF_IDLE_MINUTES": "half an hour"}, "STAFF_IDLE_MINUTES"),
    ({"APP_ENV": "staging"}, "APP_ENV"),
])
def test_a_bad_setting_stops_with_one_sentence_naming_it(change, names):
    with pytest.raises(ConfigError) as raised:
        load_config({**PRODUCTION, **change})
    message = raised.value.message
    assert names in message
    assert "\n" not in message and message.endswith(".")
    # It is a SystemExit, so the command line prints the sentence rather than a traceback.
    assert isinstance(raised.value, SystemExit)


def test_data_key_may_hold_several_keys_for_rotation():
    second = Fernet.generate_key().decode()
    config = load_config({**PRODUCTION, "DATA_KEY": f"{GOOD_KEY}, {second}"})
    assert config["DATA_KEYS"] == [GOOD_KEY, second]


def test_development_generates_secrets_into_instance(tmp_path, monkeypatch):
    import feedback_app.config as config_module

    monkeypatch.setattr(config_module, "INSTANCE_DIR", tmp_path)
    first = load_config({})
    second = load_config({})
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) >= 32
    assert (tmp_path / "data_key").exists()
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_a_malformed_setting_stops_the_command_line_with_the_sentence(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        env={"PATH": "/usr/bin:/bin", "SMS_BACKEND": "fax", "HOME": str(tmp_path)},
        capture_output=True, text=True, cwd=str(__import__("pathlib").Path(__file__).parent.parent),
    )
    assert result.returncode != 0
    assert "SMS_BACKEND must be 'log' or 'twilio'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_setting_stops_gunicorn_with_one_line_instead_of_restarting_workers(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, **PRODUCTION, "SECRET_KEY": "change-me-change-me-change-me-change-me"}
    env.pop("TEST_DATABASE_URL", None)
    try:
        done = subprocess.run([str(gunicorn), "--workers", "2", "--bind", "127.0.0.1:0", "wsgi:app"], cwd=root,
                              env=env, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("gunicorn kept restarting its workers instead of stopping")
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("Configuration error:")]
    assert lines and all("SECRET_KEY looks like a placeholder" in line for line in lines)
    assert len(lines) <= 2, "each worker says it once, and gunicorn stops"
    assert "Worker failed to boot" in done.stderr


def test_production_counts_limits_in_redis_with_a_fallback_and_sensible_defaults():
    config = load_config(PRODUCTION)
    assert config["RATELIMIT_STORAGE_URI"] == PRODUCTION["REDIS_URL"]
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
    assert config["LOGIN_RATE_LIMIT"] == "10 per minute;50 per hour"
    assert config["SURVEY_LINK_RATE_LIMIT"] and config["WEBHOOK_RATE_LIMIT"] and config["API_RATE_LIMIT"]
    assert load_config({**PRODUCTION, "LOGIN_RATE_LIMIT": "5 per minute"})["LOGIN_RATE_LIMIT"] == "5 per minute"


def test_the_lookup_key_is_its_own_so_secret_key_can_rotate(app, session):
    from feedback_app.casework_refs import case_reference_hash
    from feedback_app.phones import phone_hash
    from tests.factories import create_organisation

    council = create_organisation(session)
    with app.test_request_context():
        before = case_reference_hash(council, "CASE 123"), phone_hash("+447700900123")
        app.config["SECRET_KEY"] = "a-new-secret-key-after-rotation-0f9e8d7c6b5a4"
        assert (case_reference_hash(council, "case123"), phone_hash("+447700900123")) == before
        app.config["LOOKUP_KEY"] = "a-different-lookup-key-3e2d1c0b9a8f7e6d5c4b"
        assert case_reference_hash(council, "CASE 123") != before[0]


def test_a_new_sqlite_database_and_its_folder_are_the_owners_alone(tmp_path):
    import sqlite3

    from feedback_app.migrate import upgrade

    path = tmp_path / "private" / "feedback.db"
    upgrade(f"sqlite:///{path}")
    assert oct(path.stat().st_mode)[-3:] == "600" and oct(path.parent.stat().st_mode)[-3:] == "700"
    with sqlite3.connect(path) as connection:  # the WAL file SQLite makes beside it too
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE probe (id INTEGER)")
        wal = path.with_name(path.name + "-wal")
        assert not wal.exists() or oct(wal.stat().st_mode)[-3:] == "600"


def test_instance_secrets_are_created_for_the_owner_alone(tmp_path, monkeypatch):
    import feedback_app.config as config_module

    monkeypatch.setattr(config_module, "INSTANCE_DIR", tmp_path / "instance")
    load_config({})
    assert oct((tmp_path / "instance").stat().st_mode)[-3:] == "700"
    for name in ("secret_key", "data_key", "lookup_key"):
        assert oct((tmp_path / "instance" / name).stat().st_mode)[-3:] == "600", name
