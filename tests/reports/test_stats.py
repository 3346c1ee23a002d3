import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_app.reports.stats import margin_of_error, responses_needed, wilson_interval, z_for


@pytest.mark.parametrize("successes, n, low, high", [
    (8, 10, 0.4902, 0.9433),
    (50, 100, 0.4038, 0.5962),
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (1, 1, 0.2065, 1.0),
    (81, 263, 0.2553, 0.3662),  # Wilson (1927) / Newcombe (1998) example, method 3
])
def test_wilson_interval_known_values(successes, n, low, high):
    interval = wilson_interval(successes, n)
    assert interval == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_wilson_interval_ends_exactly_at_zero_and_one():
    assert wilson_interval(0, 7)[0] == 0.0
    assert wilson_interval(7, 7)[1] == 1.0


def test_no_interval_without_responses():
    assert wilson_interval(0, 0) is None


@pytest.mark.parametrize("successes, n", [(-1, 10), (11, 10), (0, -1)])
def test_impossible_proportions_are_refused(successes, n):
    with pytest.raises(ValueError):
        wilson_interval(successes, n)


def test_z_values():
    assert z_for(0.95) == 1.959964
    assert z_for(0.99) == pytest.approx(2.575829, abs=1e-6)
    assert z_for(0.90) == pytest.approx(1.644854, abs=1e-6)
    with pytest.raises(ValueError):
        z_for(1.0)


def test_higher_confidence_gives_a_wider_interval():
    low95, high95 = wilson_interval(8, 10)
    low99, high99 = wilson_interval(8, 10, confidence=0.99)
    assert low99 < low95 and high99 > high95


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_interval_lies_in_zero_to_one_and_holds_the_proportion(case):
    successes, n = case
    low, high = wilson_interval(successes, n)
    assert 0.0 <= low <= successes / n <= high <= 1.0


@pytest.mark.parametrize("margin, population, needed", [
    (0.05, None, 385),
    (0.05, 1000, 278),
    (0.05, 500, 218),
    (0.05, 100, 80),
    (0.03, None, 1068),
    (0.10, None, 97),
    (0.05, 10, 10),
    (0.05, 1, 1),
])
def test_responses_needed_known_values(margin, population, needed):
    # The published tables (Krejcie and Morgan, 1970) agree with these.
    assert responses_needed(margin, population) == needed


def test_a_higher_confidence_needs_more_responses():
    assert responses_needed(0.05, confidence=0.99) == 664


@pytest.mark.parametrize("kwargs", [
    {"margin": 0}, {"margin": 1.5}, {"margin": 0.05, "population": 0}, {"margin": 0.05, "p": 0},
])
def test_impossible_sample_questions_are_refused(kwargs):
    with pytest.raises(ValueError):
        responses_needed(**kwargs)


def test_margin_of_error_known_values():
    assert margin_of_error(384) == pytest.approx(0.0500, abs=1e-4)
    assert margin_of_error(100) == pytest.approx(0.098, abs=1e-4)
    assert margin_of_error(278, population=1000) == pytest.approx(0.0500, abs=1e-4)
    assert margin_of_error(200, population=200) == 0.0
    assert margin_of_error(0) is None


@given(st.floats(0.02, 0.3), st.one_of(st.none(), st.integers(50, 100_000)))
def test_the_sample_size_achieves_the_margin_it_was_asked_for(margin, population):
    needed = responses_needed(margin, population)
    achieved = margin_of_error(needed, population)
    # Rounded up, so the margin asked for is always reached.
    assert achieved <= margin + 1e-12
    if needed > 1 and (population is None or needed < population):
        assert margin_of_error(needed - 1, population) > margin


@given(st.integers(10, 5000), st.integers(10, 5000))
def test_a_finite_population_never_needs_more_than_an_infinite_one(population, n):
    assert responses_needed(0.05, population) <= min(population, responses_needed(0.05))
    assert margin_of_error(min(n, population), population) <= margin_of_error(min(n, population))
