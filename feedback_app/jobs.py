"""``flask jobs``: the dispatcher's command line.

    flask --app wsgi jobs tick                 # one pass: run it every minute from cron or a timer
    flask --app wsgi jobs run --interval 60    # pass after pass until stopped

``run`` finishes the pass it is in when asked to stop (Ctrl+C or SIGTERM), so no text is left
half-recorded; a second Ctrl+C stops at once, and the next dispatcher recovers its claims.
"""
from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime, timezone

import click
from flask import current_app
from flask.cli import AppGroup

from .cli_support import require_database
from .db import db
from .casework.import_jobs import resume_stalled_imports
from .dispatch import run_tick
from .sms.backends import get_sender

log = logging.getLogger(__name__)

jobs_cli = AppGroup("jobs", help="Send due texts and reminders, expire invitations, purge contact details.")


def _one_pass() -> str:
    summary = run_tick(db.session, get_sender(current_app))
    imports = resume_stalled_imports(db.session)
    return f"{summary.line()}, imports {imports}"


@jobs_cli.command("tick")
def tick_command():
    """Do one pass of everything that is due, and print what was done."""
    require_database()
    click.echo(_one_pass())


class _StopRequest:
    """Turns the first Ctrl+C or SIGTERM into a request to stop after the current pass."""

    def __init__(self):
        self.event = threading.Event()
        self._previous = {}

    def _handle(self, signum, frame):
        if self.event.is_set():
            raise KeyboardInterrupt
        self.event.set()
        click.echo("Stopping after this pass (Ctrl+C again to stop now).", err=True)

    def __enter__(self):
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                self._previous[signum] = signal.signal(signum, self._handle)
            except ValueError:
                # Signals can only be caught on the main thread; elsewhere the defaults stand.
                pass
        return self.event

    def __exit__(self, *exc):
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        return False


@jobs_cli.command("run")
@click.option("--interval", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds to wait between passes.")
@click.option("--max-ticks", type=click.IntRange(min=1), default=None,
              help="Stop after this many passes (for tests and one-off catch-ups).")
def run_command(interval, max_ticks):
    """Run a pass every INTERVAL seconds until stopped."""
    require_database()
    ticks = 0
    with _StopRequest() as stop:
        while not stop.is_set():
            stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
            try:
                click.echo(f"{stamp} {_one_pass()}")
            except KeyboardInterrupt:
                raise
            except Exception:
                # A database that is briefly away should not end the loop; the next pass retries.
                log.exception("The dispatcher's pass failed; trying again after the interval")
                db.session.rollback()
            finally:
                db.session.remove()
            ticks += 1
            if max_ticks is not None and ticks >= max_ticks:
                break
            stop.wait(interval)
    click.echo(f"Stopped after {ticks} pass{'' if ticks == 1 else 'es'}.")
