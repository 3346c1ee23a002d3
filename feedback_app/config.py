"""Settings: ``load_config`` reads the environment (``APP_ENV``, ``DATABASE_URL``, ``SECRET_KEY``,
``DATA_KEY``, ``PUBLIC_BASE_URL``, ``SMS_BACKEND`` and Twilio's, ``REDIS_URL`` ...) into the one
dictionary of settings an application is built with; tests pass overrides on top. Development
makes its own secrets in ``instance/``; production must be given them.

Every problem with the environment stops the application with one sentence that names the
variable to fix. ``ConfigError`` derives from ``SystemExit`` so that the command line prints that
sentence and exits, rather than showing a traceback.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

from cryptography.fernet import Fernet
from limits import parse_many
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

ENVIRONMENTS = ("development", "production", "test")
# How often each door may be knocked on (see limits.py for what each counts and by whom).
RATE_LIMITS = {
    "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
    "LOGIN_ADDRESS_RATE_LIMIT": "30 per minute;300 per hour",
    "LOGIN_ACCOUNT_RATE_LIMIT": "100 per day",
    "SURVEY_LINK_RATE_LIMIT": "20 per minute;100 per hour",
    "PAPER_CODE_RATE_LIMIT": "10 per minute;30 per hour",
    "WEBHOOK_RATE_LIMIT": "30 per minute",
    "API_RATE_LIMIT": "120 per minute;5000 per hour",
    "API_FAILURE_RATE_LIMIT": "20 per minute;100 per hour",
}
SMS_BACKENDS = ("log", "twilio")


class ConfigError(SystemExit):
    """A setting is missing or malformed; the message says which and how to fix it."""

    def __init__(self, message: str):
        super().__init__(f"Configuration error: {message}")
        self.message = message


PLACEHOLDER_WORDS = ("change", "secret", "password", "example", "default", "replace", "dummy", "test", "xxxx")


def _weak(key: str) -> bool:
    """A key anyone could guess: made of few different characters, or a placeholder left in."""
    lowered = key.lower()
    return len(set(key)) < 12 or any(word in lowered for word in PLACEHOLDER_WORDS)


def _instance_secret(name: str, make) -> str:
    """Read a development secret from instance/, creating it on first use."""
    INSTANCE_DIR.mkdir(mode=0o700, exist_ok=True)
    path = INSTANCE_DIR / name
    if not path.exists():
        # Created readable by its owner alone from the start, never for a moment by anyone else.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as secret:
            secret.write(make())
    return path.read_text().strip()


def _database_url(env: dict, key: str, default: str) -> str:
    value = env.get(key) or default
    try:
        url = make_url(value)
    except ArgumentError:
        raise ConfigError(f"{key} is not a database URL (for example postgresql://user@host/db).")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(f"{key} must point at SQLite or PostgreSQL, not {url.get_backend_name()}.")
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        value = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return value


def _data_keys(raw: str) -> list[str]:
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    if not keys:
        raise ConfigError("DATA_KEY is empty; set it to a key from `flask keys generate`.")
    for key in keys:
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            raise ConfigError(
                "DATA_KEY must be one or more comma-separated keys made by `flask keys generate`."
            )
    return keys


def _base_url(env: dict) -> str:
    value = env.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError("PUBLIC_BASE_URL must be an address such as https://feedback.example.gov.uk.")
    return value.rstrip("/")


def _int(env: dict, key: str, default: int, minimum: int = 0) -> int:
    raw = env.get(key)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a whole number, not {raw!r}.")
    if value < minimum:
        raise ConfigError(f"{key} must be at least {minimum}.")
    return value


def _rate_limits(env: dict) -> dict:
    found = {}
    for key, default in RATE_LIMITS.items():
        value = env.get(key) or default
        try:
            parse_many(value)
        except ValueError:
            raise ConfigError(f"{key} must be limits such as '10 per minute;50 per hour', not {value!r}.")
        found[key] = value
    return found


def load_config(environ: dict | None = None, overrides: dict | None = None) -> dict:
    """Build the settings dictionary for one application from the environment."""
    env = dict(os.environ if environ is None else environ)
    overrides = overrides or {}
    app_env = overrides.get("APP_ENV") or env.get("APP_ENV") or "development"
    if app_env not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}, not {app_env!r}.")
    production = app_env == "production"

    secret_key = env.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY must be set in production (a long random string).")
        secret_key = _instance_secret("secret_key", lambda: secrets.token_hex(32))
    elif production and len(secret_key) < 32:
        raise ConfigError("SECRET_KEY must be at least 32 characters long in production.")
    elif production and _weak(secret_key):
        raise ConfigError("SECRET_KEY looks like a placeholder or a pattern; use a long random string, "
                          "such as the output of `python3 -c 'import secrets; print(secrets.token_hex(32))'`.")

    lookup_key = env.get("LOOKUP_KEY")
    if not lookup_key:
        if production:
            raise ConfigError(
                "LOOKUP_KEY must be set in production: it keys the hashes that find case references and phone "
                "numbers, and must never change. On a service that ran without it, set it to the SECRET_KEY used "
                "until now, so that the references already stored still match.")
        # Development databases made before this setting were keyed by the secret key: carry it on.
        lookup_key = _instance_secret("lookup_key", lambda: secret_key)
    elif production and (len(lookup_key) < 32 or _weak(lookup_key)):
        raise ConfigError("LOOKUP_KEY must be a long random string (32 characters or more) in production.")

    data_key = env.get("DATA_KEY")
    if not data_key:
        if production:
            raise ConfigError("DATA_KEY must be set in production; make one with `flask keys generate`.")
        data_key = _instance_secret("data_key", lambda: Fernet.generate_key().decode())

    sms_backend = env.get("SMS_BACKEND") or "log"
    if sms_backend not in SMS_BACKENDS:
        raise ConfigError(f"SMS_BACKEND must be 'log' or 'twilio', not {sms_backend!r}.")
    if sms_backend == "twilio":
        for key in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_MESSAGING_SERVICE_SID"):
            if not env.get(key):
                raise ConfigError(f"{key} must be set when SMS_BACKEND is 'twilio'.")

    redis_url = env.get("REDIS_URL") or None
    if redis_url and urlparse(redis_url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError("REDIS_URL must start with redis://, rediss:// or unix://.")
    if production and not redis_url:
        raise ConfigError("REDIS_URL must be set in production, so that every worker shares one count of "
                          "sign-in attempts and other limits.")

    default_db = f"sqlite:///{INSTANCE_DIR / 'feedback.db'}"
    if production and not env.get("DATABASE_URL") and not overrides.get("SQLALCHEMY_DATABASE_URI"):
        # Never a database of its own beside the code, which each host would have a different one of.
        raise ConfigError("DATABASE_URL must be set in production (postgresql://user@host/database, or "
                          "sqlite:////full/path.db for a single server).")
    config = {
        "APP_ENV": app_env,
        "SECRET_KEY": secret_key,
        # Keys the hashes of case references and phone numbers (never SECRET_KEY, which may rotate).
        "LOOKUP_KEY": lookup_key,
        "DATA_KEYS": _data_keys(data_key),
        "SQLALCHEMY_DATABASE_URI": _database_url(env, "DATABASE_URL", default_db),
        "PUBLIC_BASE_URL": _base_url(env),
        "SMS_BACKEND": sms_backend,
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID"),
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN"),
        "TWILIO_MESSAGING_SERVICE_SID": env.get("TWILIO_MESSAGING_SERVICE_SID"),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Should Redis go away, each process counts for itself until it is back.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        **_rate_limits(env),
        # Worker processes the dispatcher uses to make a batch of paper forms side by side.
        "PAPER_RENDER_PROCESSES": _int(env, "PAPER_RENDER_PROCESSES", min(os.cpu_count() or 1, 4), minimum=1),
        "STAFF_IDLE_MINUTES": _int(env, "STAFF_IDLE_MINUTES", 30, minimum=1),
        # However busy, a member of staff signs in again after this long.
        "STAFF_SESSION_HOURS": _int(env, "STAFF_SESSION_HOURS", 12, minimum=1),
        # Councils' recordings of their questions (read aloud, and in BSL): outside the web root.
        "MEDIA_DIR": env.get("MEDIA_DIR") or str(INSTANCE_DIR / "media"),
        "MEDIA_MAX_AUDIO_BYTES": _int(env, "MEDIA_MAX_AUDIO_MB", 10, minimum=1) * 1024 * 1024,
        "MEDIA_MAX_VIDEO_BYTES": _int(env, "MEDIA_MAX_VIDEO_MB", 60, minimum=1) * 1024 * 1024,
        # How many reverse proxies (nginx, a load balancer) stand in front of the service and add
        # X-Forwarded-For/-Proto/-Host. Only that many are believed: 0 believes none, so a client
        # cannot set its own address or pretend to have come over HTTPS.
        "TRUSTED_PROXIES": _int(env, "TRUSTED_PROXIES", 0, minimum=0),
        # Forms never time out: a person may take as long as they need.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": 0,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "SURVEYS_DIR": str(PROJECT_ROOT / "surveys"),
        "TESTING": app_env == "test",
        "DEBUG": False,
    }
    config.update(overrides)
    return config
