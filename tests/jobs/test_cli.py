"""``flask jobs tick`` and ``flask jobs run``, and the alerts each pass escalates."""
import re
import signal
from datetime import timedelta

from feedback_app.dispatch import tick as tick_module
from feedback_app.models import utcnow
from tests.duty.conftest import raise_alerts
from tests.factories import create_organisation

from .conftest import TUESDAY_MORNING, make_due, reload

SUMMARY = re.compile(
    r"sent (\d+), reminded (\d+), deferred (\d+), retrying (\d+), cancelled (\d+), failed (\d+), "
    r"expired (\d+), unfinished (\d+), escalated (\d+), purged (\d+)")


def test_tick_does_one_pass_and_says_what_it_did(session, runner, monkeypatch):
    monkeypatch.setattr(tick_module, "utcnow", lambda: TUESDAY_MORNING)
    due = make_due(session)
    make_due(session, consent=False)
    result = runner.invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "sent 1, reminded 0, deferred 0, retrying 0, cancelled 1, failed 0, expired 0, unfinished 0, escalated 0, purged 0, "
        "batched 0, batches 0, erased 0, cut 0, imports 0")
    assert reload(session, due.invitation).sent_at == TUESDAY_MORNING


def test_run_repeats_until_its_limit(session, runner, monkeypatch):
    monkeypatch.setattr(tick_module, "utcnow", lambda: TUESDAY_MORNING)
    make_due(session)
    result = runner.invoke(args=["jobs", "run", "--interval", "0", "--max-ticks", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 3 and lines[-1] == "Stopped after 2 passes."
    sent = [int(SUMMARY.search(line).group(1)) for line in lines[:2]]
    assert sent == [1, 0]


def test_ctrl_c_stops_after_the_pass_in_hand(session, runner, monkeypatch):
    passes = []

    def interrupted_pass(session, sender, **options):
        passes.append(1)
        signal.raise_signal(signal.SIGINT)
        return tick_module.TickSummary()

    monkeypatch.setattr("feedback_app.jobs.run_tick", interrupted_pass)
    before = signal.getsignal(signal.SIGINT)
    result = runner.invoke(args=["jobs", "run", "--interval", "30"])
    assert result.exit_code == 0, result.output
    assert passes == [1]
    assert "Stopped after 1 pass." in result.output
    assert signal.getsignal(signal.SIGINT) is before


def test_a_failing_pass_does_not_end_the_loop(session, runner, monkeypatch):
    calls = []

    def flaky(session, sender, **options):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return tick_module.TickSummary(sent=2)

    monkeypatch.setattr("feedback_app.jobs.run_tick", flaky)
    result = runner.invoke(args=["jobs", "run", "--interval", "0", "--max-ticks", "2"])
    assert result.exit_code == 0, result.output
    assert "sent 2," in result.output and "Stopped after 2 passes." in result.output


def test_each_pass_escalates_overdue_alerts(session, tick):
    council = create_organisation(session)
    [overdue] = raise_alerts(session, council, words=None, minutes_ago=61)
    assert tick(now=utcnow()).escalated == 1
    assert reload(session, overdue).escalated_at is not None
    assert tick(now=utcnow() + timedelta(minutes=1)).escalated == 0
