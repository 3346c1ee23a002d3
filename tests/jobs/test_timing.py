"""Texts wait for a decent hour: never in quiet hours, on a Sunday or a bank holiday, or
outside the times the person said were safe."""
from datetime import datetime, time, timedelta

import pytest

from feedback_app.dispatch.settings import quiet_hours
from feedback_app.dispatch.timing import Window, allowed_at, bank_holidays, next_allowed
from feedback_app.models import InvitationStatus
from tests.factories import create_organisation

from .conftest import LONDON, TUESDAY_MORNING, make_due, messages_for, reload

QUIET = Window(time(20, 0), time(9, 0))


def at(*args):
    return datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize("moment, expected", [
    (at(2026, 12, 1, 11, 0), at(2026, 12, 1, 11, 0)),       # Tuesday morning: now
    (at(2026, 12, 1, 20, 0), at(2026, 12, 2, 9, 0)),        # quiet hours start: next morning
    (at(2026, 12, 2, 6, 30), at(2026, 12, 2, 9, 0)),        # early morning
    (at(2026, 12, 5, 21, 0), at(2026, 12, 7, 9, 0)),        # Saturday night: past Sunday
    (at(2026, 12, 6, 12, 0), at(2026, 12, 7, 9, 0)),        # Sunday
    (at(2026, 12, 24, 22, 0), at(2026, 12, 26, 9, 0)),      # Christmas Day (Boxing Day is a Saturday)
    (at(2026, 12, 27, 12, 0), at(2026, 12, 29, 9, 0)),      # Sunday, then the substitute Boxing Day
    (at(2026, 3, 28, 21, 0), at(2026, 3, 30, 9, 0)),        # the clocks go forward on Sunday 29 March
])
def test_the_next_allowed_time(moment, expected):
    assert next_allowed(moment, QUIET, None) == expected


def test_bank_holidays_come_with_the_package():
    holidays = bank_holidays()
    assert datetime(2026, 12, 28).date() in holidays
    assert datetime(2026, 8, 31).date() in holidays
    assert datetime(2026, 8, 12).date() not in holidays


def test_safe_times_narrow_the_day():
    safe = Window(time(13, 0), time(15, 30))
    assert next_allowed(at(2026, 12, 1, 11, 0), QUIET, safe) == at(2026, 12, 1, 13, 0)
    assert next_allowed(at(2026, 12, 1, 15, 30), QUIET, safe) == at(2026, 12, 2, 13, 0)
    assert allowed_at(at(2026, 12, 1, 15, 29), QUIET, safe)


def test_no_time_at_all_is_reported_rather_than_guessed():
    assert next_allowed(at(2026, 12, 1, 11, 0), QUIET, Window(time(21, 0), time(23, 0))) is None


@pytest.mark.parametrize("settings, expected", [
    ({}, (time(20, 0), time(9, 0))),
    ({"quiet_hours": {"start": "21:30", "end": "08:00"}}, (time(21, 30), time(8, 0))),
    ({"quiet_hours": {"start": "late", "end": "08:00"}}, (time(20, 0), time(9, 0))),
    ({"quiet_hours": None}, (time(20, 0), time(9, 0))),
])
def test_the_councils_quiet_hours(settings, expected):
    assert quiet_hours(settings) == expected


@pytest.mark.parametrize("now, expected", [
    (at(2026, 12, 1, 21, 15), at(2026, 12, 2, 9, 0)),
    (at(2026, 12, 6, 11, 0), at(2026, 12, 7, 9, 0)),
    (at(2026, 12, 28, 11, 0), at(2026, 12, 29, 9, 0)),
])
def test_a_text_due_at_a_bad_time_is_deferred(session, tick, now, expected):
    due = make_due(session, now=now)
    summary = tick(now=now)
    assert (summary.sent, summary.deferred) == (0, 1)
    invitation = reload(session, due.invitation)
    assert invitation.status == InvitationStatus.SCHEDULED
    assert invitation.next_attempt_at == expected
    assert messages_for(session, invitation) == []
    assert tick(now=now + timedelta(minutes=1)).deferred == 0, "nothing to do until the deferred time"
    assert tick(now=expected).sent == 1


def test_the_persons_safe_times_are_kept(session, tick):
    due = make_due(session, safe_from=time(14, 0), safe_until=time(16, 0))
    assert tick().deferred == 1
    assert reload(session, due.invitation).next_attempt_at == TUESDAY_MORNING.replace(hour=14)
    assert tick(now=TUESDAY_MORNING.replace(hour=14)).sent == 1


def test_the_councils_own_quiet_hours_are_kept(session, tick):
    council = create_organisation(session, settings={"quiet_hours": {"start": "10:00", "end": "12:00"}})
    due = make_due(session, council)
    assert tick().deferred == 1
    assert reload(session, due.invitation).next_attempt_at == TUESDAY_MORNING.replace(hour=12)


def test_safe_times_that_never_come_are_shown_to_the_practitioner(session, tick):
    due = make_due(session, safe_from=time(22, 0), safe_until=time(23, 0))
    assert tick().failed == 1
    invitation = reload(session, due.invitation)
    assert (invitation.status, invitation.last_error) == (InvitationStatus.FAILED, "no_allowed_time")
