"""Entry point for gunicorn (`gunicorn wsgi:app`) and the flask command (`flask --app wsgi`)."""
import sys

from feedback_app import create_app
from feedback_app.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    # One clear line, then stop: exit status 3 is gunicorn's "worker failed to boot", on which it
    # shuts down instead of starting the worker again and again.
    print(f"Configuration error: {error.message}", file=sys.stderr, flush=True)
    sys.exit(3)
