from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_app.reports.periods import (
    LONDON, InvalidPeriod, Quarter, RollingYear, parse_period, parse_quarter, quarter_of, quarters_ending,
)

UTC = timezone.utc
quarters = st.builds(Quarter, st.integers(1990, 2090), st.integers(1, 4))


@pytest.mark.parametrize("number, start, end", [
    (1, date(2025, 4, 1), date(2025, 6, 30)),
    (2, date(2025, 7, 1), date(2025, 9, 30)),
    (3, date(2025, 10, 1), date(2025, 12, 31)),
    (4, date(2026, 1, 1), date(2026, 3, 31)),
])
def test_financial_quarters(number, start, end):
    quarter = Quarter(2025, number)
    assert (quarter.start, quarter.end) == (start, end)
    assert quarter.label == f"2025-26 Q{number}"
    assert quarter.slug == f"2025-26-q{number}"


def test_the_century_turns_in_the_label():
    assert Quarter(1999, 2).label == "1999-00 Q2"
    assert parse_quarter("1999-00 Q2") == Quarter(1999, 2)


@given(quarters)
def test_every_boundary_day_falls_on_the_right_side(quarter):
    assert quarter_of(quarter.start) == quarter
    assert quarter_of(quarter.end) == quarter
    assert quarter_of(quarter.start - timedelta(days=1)) == quarter.previous()
    assert quarter_of(quarter.end + timedelta(days=1)) == quarter.next()
    assert quarter.next().start == quarter.end + timedelta(days=1)


@given(quarters)
def test_every_boundary_instant_is_london_midnight(quarter):
    start, end = quarter.utc_bounds()
    assert start.astimezone(LONDON).replace(tzinfo=None) == datetime.combine(quarter.start, datetime.min.time())
    assert quarter_of(start) == quarter
    assert quarter_of(start - timedelta(microseconds=1)) == quarter.previous()
    assert quarter_of(end - timedelta(microseconds=1)) == quarter
    assert quarter_of(end) == quarter.next()


@pytest.mark.parametrize("instant, label", [
    # 00:30 BST on 1 July is still 30 June in UTC: the council's date decides.
    (datetime(2025, 6, 30, 23, 30, tzinfo=UTC), "2025-26 Q2"),
    (datetime(2025, 6, 30, 22, 59, 59, tzinfo=UTC), "2025-26 Q1"),
    (datetime(2025, 9, 30, 23, 0, tzinfo=UTC), "2025-26 Q3"),
    (datetime(2025, 9, 30, 22, 59, tzinfo=UTC), "2025-26 Q2"),
    # In winter London is on UTC.
    (datetime(2026, 1, 1, 0, 0, tzinfo=UTC), "2025-26 Q4"),
    (datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC), "2025-26 Q3"),
    (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "2026-27 Q1"),
    (datetime(2026, 4, 1, 0, 30, tzinfo=LONDON), "2026-27 Q1"),
])
def test_instants_are_placed_by_their_date_in_england(instant, label):
    assert quarter_of(instant).label == label


def test_utc_bounds_follow_summer_time():
    assert Quarter(2025, 2).utc_bounds() == (datetime(2025, 6, 30, 23, tzinfo=UTC), datetime(2025, 9, 30, 23, tzinfo=UTC))
    assert Quarter(2025, 3).utc_bounds() == (datetime(2025, 9, 30, 23, tzinfo=UTC), datetime(2026, 1, 1, 0, tzinfo=UTC))


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        quarter_of(datetime(2025, 7, 1, 0, 30))


@pytest.mark.parametrize("text", ["2025-26 Q1", "2025-26-q1", "2025-26 q1", " 2025-26  Q1 ", "2025-26-Q1", "2025/26 Q1"])
def test_labels_and_slugs_parse(text):
    assert parse_quarter(text) == Quarter(2025, 1)


@pytest.mark.parametrize("text, says", [
    ("2025-27 Q1", "2025-26"),
    ("2025-26 Q5", "1 to 4"),
    ("2025-26 Q0", "1 to 4"),
    ("garbage", "2025-26 Q1"),
    ("", "2025-26 Q1"),
    ("2025 Q1", "2025-26 Q1"),
    (None, "2025-26 Q1"),
])
def test_quarters_that_do_not_exist_are_refused_clearly(text, says):
    with pytest.raises(InvalidPeriod, match=says):
        parse_quarter(text)


def test_invalid_period_is_a_value_error():
    assert issubclass(InvalidPeriod, ValueError)
    with pytest.raises(InvalidPeriod):
        Quarter(2025, 5)


@given(quarters)
def test_label_and_slug_round_trip(quarter):
    assert parse_quarter(quarter.label) == quarter
    assert parse_quarter(quarter.slug.upper()) == quarter
    assert parse_period(RollingYear(quarter).label) == RollingYear(quarter)
    assert parse_period(RollingYear(quarter).slug) == RollingYear(quarter)


@given(quarters, st.integers(-40, 40))
def test_previous_and_next_are_inverse_steps(quarter, n):
    assert quarter.previous(n).next(n) == quarter
    assert quarter.previous(n) < quarter if n > 0 else quarter.previous(n) >= quarter


def test_previous_crosses_the_financial_year():
    q1 = Quarter(2025, 1)
    assert q1.previous() == Quarter(2024, 4)
    assert q1.previous(4) == Quarter(2024, 1)
    assert q1.previous(5) == Quarter(2023, 4)
    assert Quarter(2024, 4).next() == q1


def test_a_rolling_year_is_four_quarters_ending_with_its_own():
    year = RollingYear(Quarter(2025, 3))
    assert year.label == "four quarters to 2025-26 Q3"
    assert [q.label for q in year.quarters] == ["2024-25 Q4", "2025-26 Q1", "2025-26 Q2", "2025-26 Q3"]
    assert (year.start, year.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert year.contains(datetime(2025, 12, 31, 23, 59, tzinfo=UTC))
    assert not year.contains(date(2024, 12, 31))
    assert year.previous() == RollingYear(Quarter(2025, 2))
    assert parse_period("2025-26 Q3") == Quarter(2025, 3)


def test_quarters_ending_gives_a_trend_axis():
    assert [q.label for q in quarters_ending(Quarter(2026, 1), 3)] == ["2025-26 Q3", "2025-26 Q4", "2026-27 Q1"]
