import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback_app.reports.disclosure import (
    FLOORS, MISSING, SAFE_MINIMUM, SUPPRESSED, TOTAL, DisclosureRules, Suppression, protect_cube, protect_table,
    publish_count, publish_percentage, round_to_base,
)

SAFE = DisclosureRules()


@pytest.mark.parametrize("n, shown", [
    (0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15),
    (17, 15), (18, 20), (1234, 1235), (None, MISSING),
])
def test_counts_follow_the_national_rules(n, shown):
    assert publish_count(n) == shown


@pytest.mark.parametrize("bad", [-1, 2.5, True, "7"])
def test_a_count_is_a_whole_number(bad):
    with pytest.raises(ValueError):
        publish_count(bad)


def test_stricter_council_rules():
    rules = DisclosureRules(min_count=10, rounding_base=10, min_percentage_base=20)
    assert publish_count(9, rules) == SUPPRESSED
    assert publish_count(14, rules) == 10
    assert publish_count(15, rules) == 20  # halves round up
    assert publish_percentage(15, 19, rules) == SUPPRESSED
    assert publish_percentage(15, 20, rules) == 75


@pytest.mark.parametrize("numerator, base, shown", [
    (8, 10, 80),
    (7, 12, 58),  # from unrounded counts: the rounded 5 of 10 would say 50
    (5, 9, SUPPRESSED),  # base under 10
    (4, 40, SUPPRESSED),  # the count itself is suppressed
    (0, 40, 0),  # nobody: a figure, not a withheld one
    (5, 8, SUPPRESSED),
    (1, 3, SUPPRESSED),
    (20, 20, 100),
    (None, 20, MISSING),
    (5, None, MISSING),
])
def test_percentages(numerator, base, shown):
    assert publish_percentage(numerator, base) == shown


def test_a_percentage_of_a_hidden_cell_is_hidden():
    assert publish_percentage(30, 60, numerator_suppressed=True) == SUPPRESSED


def test_a_numerator_cannot_exceed_its_base():
    with pytest.raises(ValueError):
        publish_percentage(11, 10)


def test_totals_are_made_before_rounding():
    table = protect_table({"adults": {"yes": 7, "a_bit": 7, "no": 7}})
    assert table.row("adults") == {"yes": 5, "a_bit": 5, "no": 5, TOTAL: 20}  # 21, not 5 + 5 + 5
    assert table.percentage("adults", "yes") == 33


def test_a_lone_small_cell_takes_its_smallest_neighbour_with_it():
    table = protect_table({"adults": {"yes": 30, "a_bit": 12, "no": 3}})
    assert table.row("adults") == {"yes": 30, "a_bit": SUPPRESSED, "no": SUPPRESSED, TOTAL: 45}
    assert table.suppressed[("adults", "no")] == Suppression.PRIMARY
    assert table.suppressed[("adults", "a_bit")] == Suppression.SECONDARY
    assert table.percentage("adults", "yes") == 67
    assert table.percentage("adults", "a_bit") == SUPPRESSED


def test_secondary_suppression_spreads_until_no_line_gives_a_cell_away():
    table = protect_table({
        "adults": {"yes": 3, "a_bit": 12, "no": 20},
        "representatives": {"yes": 30, "a_bit": 40, "no": 22},
    })
    assert table.row("adults") == {"yes": SUPPRESSED, "a_bit": SUPPRESSED, "no": 20, TOTAL: 35}
    # Each column now has one hidden cell, so the other row loses its cells in those columns.
    assert table.row("representatives") == {"yes": SUPPRESSED, "a_bit": SUPPRESSED, "no": 20, TOTAL: 90}
    assert table.row(TOTAL) == {"yes": 35, "a_bit": 50, "no": 40, TOTAL: 125}
    assert table.percentage(TOTAL, "yes") == 26


def test_two_small_cells_protect_each_other():
    table = protect_table({"adults": {"yes": 40, "a_bit": 2, "no": 3}})
    assert table.row("adults") == {"yes": 40, "a_bit": SUPPRESSED, "no": SUPPRESSED, TOTAL: 45}
    assert Suppression.SECONDARY not in table.suppressed.values()


def test_a_one_row_table_hides_the_column_totals_that_repeat_its_cells():
    table = protect_table({"all": {"yes": 2, "no": 9}})
    assert table.row("all") == {"yes": SUPPRESSED, "no": SUPPRESSED, TOTAL: 10}
    assert table.row(TOTAL) == {"yes": SUPPRESSED, "no": SUPPRESSED, TOTAL: 10}


def test_missing_data_is_marked_and_left_out_of_totals():
    table = protect_table({"north": {"s42": 20, "other": None}, "south": {"s42": None, "other": None}})
    assert table.row("north") == {"s42": 20, "other": MISSING, TOTAL: 20}
    assert table.row("south") == {"s42": MISSING, "other": MISSING, TOTAL: MISSING}
    assert table.percentage("north", "other") == MISSING


def test_an_absent_column_is_a_zero_and_nobody_is_published_as_0():
    table = protect_table({"a": {"yes": 20}, "b": {"no": 20}})
    assert table.value("a", "no") == 0 and ("a", "no") not in table.suppressed
    assert table.percentage("a", "no") == 0 and table.percentage("a", "yes") == 100


def test_a_0_beside_a_few_people_is_withheld_with_them():
    # "Nobody said no" of three people would say that all three said yes.
    table = protect_table({"a": {"yes": 3, "no": 0}, "b": {"yes": 10, "no": 10}})
    assert table.value("a", "no") == SUPPRESSED and table.suppressed[("a", "no")] == Suppression.PRIMARY
    assert table.value("a", "yes") == SUPPRESSED
    # A group of nobody says nothing about anyone: its zeros stay 0 and hide nothing else.
    empty = protect_table({"s42": {"yes": 12, "no": 8}, "other": {"yes": 0, "no": 0}})
    assert empty.row("other") == {"yes": 0, "no": 0, TOTAL: 0}
    assert empty.row("s42") == {"yes": 10, "no": 10, TOTAL: 20}


def test_without_totals_only_small_counts_are_hidden():
    table = protect_table({"a": {"yes": 30, "no": 3}}, with_totals=False)
    assert table.row("a") == {"yes": 30, "no": SUPPRESSED}
    assert table.percentages == {}


# Council rules


@pytest.mark.parametrize("settings, expected", [
    (None, (5, 5, 10)),
    ({}, (5, 5, 10)),
    ({"disclosure": "strict"}, (5, 5, 10)),
    ({"disclosure": {"min_count": 10, "rounding_base": 10, "min_percentage_base": 30}}, (10, 10, 30)),
    ({"disclosure": {"min_count": 1, "rounding_base": 1, "min_percentage_base": 3}}, (5, 5, 10)),
    ({"disclosure": {"min_count": "8", "rounding_base": "ten", "min_percentage_base": 12.5}}, (8, 5, 10)),
    ({"disclosure": {"min_count": True, "rounding_base": None, "min_percentage_base": [20]}}, (5, 5, 10)),
    # Rounding to 50 would turn a shown 20 into 0, so the smallest shown count rises to 25.
    ({"disclosure": {"rounding_base": 50}}, (25, 50, 10)),
])
def test_council_rules_may_be_stricter_never_weaker(settings, expected):
    rules = DisclosureRules.for_council(settings)
    assert (rules.min_count, rules.rounding_base, rules.min_percentage_base) == expected


@pytest.mark.parametrize("kwargs", [
    {"min_count": 3}, {"rounding_base": 1}, {"min_percentage_base": 5}, {"min_count": 5.0},
    {"min_count": 5, "rounding_base": 20},
])
def test_rules_below_the_minimum_cannot_be_made(kwargs):
    with pytest.raises(ValueError):
        DisclosureRules(**kwargs)


# Properties over random tables

counts = st.one_of(st.integers(0, 6), st.integers(0, 80), st.none())
keys = st.sampled_from(["adult", "with_help", "representative", "unknown", "s42", "other"])
tables = st.dictionaries(keys, st.dictionaries(st.sampled_from(["yes", "a_bit", "no", "skip", "n/a"]), counts,
                                               min_size=1, max_size=5), min_size=1, max_size=5)
rules_strategy = st.builds(
    lambda m, b, p: DisclosureRules.for_council({"disclosure": {
        "min_count": m, "rounding_base": b, "min_percentage_base": p}}),
    st.integers(0, 12), st.sampled_from([0, 5, 10, 20]), st.integers(0, 30))


def _lines(table):
    """Every additive line: its members (cells or totals) and its total."""
    rows = (*table.rows, TOTAL)
    columns = (*table.columns, TOTAL)
    for row in rows:
        yield [(row, c) for c in table.columns], (row, TOTAL)
    for column in columns:
        yield [(r, column) for r in table.rows], (TOTAL, column)


def _total(rows, position) -> int:
    """The unrounded count at a position of a table (a total adds up its cells; missing is left out)."""
    row, column = position
    wanted_rows = rows.values() if row is TOTAL else [rows[row]]
    return sum(n for cells in wanted_rows for key, n in cells.items()
               if n is not None and (column is TOTAL or key == column))


def _raw(rows, row, column):
    if row is TOTAL or column is TOTAL:
        return None
    return rows[row].get(column, 0)


@settings(max_examples=300, deadline=None)
@given(tables, rules_strategy)
def test_published_counts_are_never_small_and_always_rounded(rows, rules):
    table = protect_table(rows, rules)
    for position, shown in table.values.items():
        if isinstance(shown, int):
            assert shown == 0 or shown >= rules.rounding_base >= 5  # (a) never 1-4
            assert shown % rules.rounding_base == 0  # (b)
            assert position not in table.suppressed
            raw = _raw(rows, *position)
            if raw is not None:
                assert raw == shown == 0 or raw >= rules.min_count and abs(shown - raw) * 2 <= rules.rounding_base
            if shown == 0:  # a published 0 is never in a group of a few people
                for members, total in _lines(table):
                    if position in members:
                        assert not 0 < _total(rows, total) < rules.min_count
        else:
            assert shown in (SUPPRESSED, MISSING)


@settings(max_examples=300, deadline=None)
@given(tables, rules_strategy)
def test_no_line_with_a_published_total_has_exactly_one_hidden_cell(rows, rules):
    table = protect_table(rows, rules)
    for members, total in _lines(table):
        # A line of nobody (total 0) says every part is 0, hidden or not: nothing to protect there.
        if isinstance(table.values[total], int) and table.values[total] != 0:  # (c)
            hidden = sum(table.values[m] == SUPPRESSED for m in members)
            assert hidden == 0 or hidden >= 2, (members, table.values)


@settings(max_examples=300, deadline=None)
@given(tables, rules_strategy)
def test_percentages_need_a_large_enough_base_and_a_visible_cell(rows, rules):
    table = protect_table(rows, rules)
    for (row, column), shown in table.percentages.items():
        if isinstance(shown, int):  # (d)
            cells = rows.values() if row is TOTAL else [rows[row]]
            base = sum(n for cells_ in cells for n in cells_.values() if n is not None)
            assert base >= rules.min_percentage_base
            assert table.values[(row, column)] not in (SUPPRESSED, MISSING)
            assert 0 <= shown <= 100


@given(st.integers(0, 10_000), st.integers(0, 10_000), rules_strategy)
def test_a_lone_percentage_needs_a_base_of_ten(numerator, base, rules):
    numerator, base = min(numerator, base), max(numerator, base)
    shown = publish_percentage(numerator, base, rules)
    if isinstance(shown, int):
        assert base >= rules.min_percentage_base >= 10 and (numerator == 0 or numerator >= rules.min_count)


junk = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                 st.text(max_size=6), st.lists(st.integers(), max_size=2))


@given(st.one_of(junk, st.dictionaries(st.sampled_from(["disclosure", "other"]), st.one_of(
    junk, st.dictionaries(st.sampled_from([*FLOORS, "min_counts"]), junk)))))
def test_council_settings_never_go_below_the_minimums(settings_value):
    rules = DisclosureRules.for_council(settings_value)  # (e)
    for name, floor in FLOORS.items():
        assert getattr(rules, name) >= floor
    assert 2 * rules.min_count >= rules.rounding_base
    configured = settings_value.get("disclosure") if isinstance(settings_value, dict) else None
    if isinstance(configured, dict) and type(configured.get("min_percentage_base")) is int:
        assert rules.min_percentage_base == max(configured["min_percentage_base"], 10)


# --- cubes: tables by several dimensions, cut from one protected set of counts ------------------

cube_shapes = st.lists(st.integers(1, 3), min_size=2, max_size=4)


@st.composite
def cubes(draw):
    sizes = draw(cube_shapes)
    keys = tuple(tuple(f"k{d}{i}" for i in range(n)) for d, n in enumerate(sizes))
    counts = {p: draw(st.one_of(st.integers(0, 30), st.integers(0, 4))) for p in itertools.product(*keys)}
    # The shapes reports use: answers by who answered and by kind, and (with four dimensions)
    # those two within one window plus answers by window.
    pairs = draw(st.sampled_from([None] + [((0, d),) for d in range(1, len(sizes))]
                                 + ([((0, 1), (0, 2))] if len(sizes) == 3 else [])
                                 + ([((0, 1, {3: keys[3][-1]}), (0, 2, {3: keys[3][-1]}), (0, 3))]
                                    if len(sizes) == 4 else [])))
    return counts, keys, pairs


def _cube_lines(cube, shown):
    for position in shown:
        for d, v in enumerate(position):
            if v is TOTAL:
                parts = [position[:d] + (k,) + position[d + 1:] for k in cube.keys[d]]
                if all(p in shown for p in parts):
                    yield parts, position


@settings(max_examples=150, deadline=None)
@given(cubes(), rules_strategy)
def test_a_cube_never_publishes_a_small_count_or_a_recoverable_one(cube_input, rules):
    counts, keys, pairs = cube_input
    cube = protect_cube(counts, keys, rules=rules, tables=pairs)
    shown = set(cube.values)
    for position, value in cube.values.items():
        raw = cube.raw[position]
        if 0 < raw < rules.min_count:
            assert value == SUPPRESSED
        elif value != SUPPRESSED:
            assert value == round_to_base(raw, rules.rounding_base)
    for parts, total in _cube_lines(cube, shown):
        hidden = sum(p in cube.suppressed for p in (*parts, total))
        assert hidden != 1 or cube.raw[total] == 0, (parts, total)
        if 0 < cube.raw[total] < rules.min_count:  # a 0 beside a few people is withheld with them
            assert all(cube.values[p] == SUPPRESSED for p in parts if cube.raw[p] == 0)


def test_a_cube_adds_totals_before_rounding_and_publishes_only_the_tables_asked_for():
    counts = {("yes", "adult", "s42"): 7, ("yes", "rep", "s42"): 7, ("no", "adult", "other"): 12}
    cube = protect_cube(counts, (("yes", "no"), ("adult", "rep"), ("s42", "other")), rules=SAFE_MINIMUM,
                        tables=((0, 1), (0, 2)))
    assert cube.count("yes", TOTAL, TOTAL) == 14 and cube.value("yes", TOTAL, TOTAL) == 15
    # The finer breakdown (answer by who answered by kind) is never shown, so it is not in the output.
    assert ("yes", "adult", "s42") not in cube.values
