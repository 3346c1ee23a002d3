"""Statistical disclosure control for every published figure: pure functions, no database.

The rules follow the Safeguarding Adults Collection so that our figures sit beside the national
ones: counts of 1-4 are shown as ``[c]``, other counts are rounded to the nearest 5, totals are
computed before rounding, percentages come from unrounded counts and missing data is ``[x]``.
Three things are kept apart: not collected ``[x]``, withheld ``[c]`` and nobody, 0. A 0 is
withheld too where it sits in a group of 1-4 people, because there it tells what each of them
answered. Two additions, because answers about a person's experience are more sensitive than
counts of enquiries: a percentage needs a base of at least 10, and a suppressed cell must not be
recoverable from its row or column total, so a second cell is hidden beside it (secondary
suppression). A council may make any rule stricter, never weaker.
"""
from __future__ import annotations

import enum
import itertools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

SUPPRESSED = "[c]"
MISSING = "[x]"
# The national rules; a council's own may be stricter, never weaker.
FLOORS = {"min_count": 5, "rounding_base": 5, "min_percentage_base": 10}

Published = int | str


class Suppression(str, enum.Enum):
    PRIMARY = "primary"  # the count itself is too small to show
    SECONDARY = "secondary"  # hidden so that a primary cell cannot be worked out by subtraction


class _Total:
    """The key of a total in a table position, distinct from any row or column key."""

    def __repr__(self) -> str:
        return "TOTAL"


TOTAL = _Total()


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class DisclosureRules:
    min_count: int = 5  # counts below this are shown as [c]
    rounding_base: int = 5  # other counts are rounded to a multiple of this
    min_percentage_base: int = 10  # no percentage of fewer people than this

    def __post_init__(self):
        for name, floor in FLOORS.items():
            value = getattr(self, name)
            if not _whole(value) or value < floor:
                raise ValueError(f"{name} must be a whole number of at least the safe minimum, not {value!r}.")
        if 2 * self.min_count < self.rounding_base:
            # Otherwise a count that is shown could round down to a published 0.
            raise ValueError("min_count must be at least half the rounding base.")

    @classmethod
    def for_council(cls, settings: Mapping | None) -> DisclosureRules:
        """The council's rules from ``settings["disclosure"]``: stricter values are kept, weaker
        or unreadable ones give way to the safe minimum."""
        configured = settings.get("disclosure") if isinstance(settings, Mapping) else None
        if not isinstance(configured, Mapping):
            return cls()
        values = {name: _at_least(configured.get(name), floor) for name, floor in FLOORS.items()}
        # A coarser rounding makes the smallest shown count stricter, never the rounding finer.
        values["min_count"] = max(values["min_count"], -(-values["rounding_base"] // 2))
        return cls(**values)


SAFE_MINIMUM = DisclosureRules()


def _at_least(raw, minimum: int) -> int:
    if isinstance(raw, str):
        try:
            raw = int(raw.strip())
        except ValueError:
            return minimum
    return max(raw, minimum) if _whole(raw) else minimum


def _check_count(n) -> None:
    if not _whole(n) or n < 0:
        raise ValueError(f"A count is a whole number of at least 0, not {n!r}.")


def round_to_base(n: int, base: int) -> int:
    """Nearest multiple of ``base``, halves rounded up (15 -> 20 with a base of 10)."""
    return (2 * n + base) // (2 * base) * base


def is_small(n: int | None, rules: DisclosureRules) -> bool:
    """A count of a few people (1 up to the minimum): never published. Nobody (0) is not few."""
    return n is not None and 0 < n < rules.min_count


def publish_count(n: int | None, rules: DisclosureRules = SAFE_MINIMUM) -> Published:
    """A count on its own: 0 as 0, a few people as [c], the rest rounded."""
    if n is None:
        return MISSING
    _check_count(n)
    if is_small(n, rules):
        return SUPPRESSED
    return round_to_base(n, rules.rounding_base)


def _primary(raw: Mapping, positions, lines: list, rules: DisclosureRules) -> dict:
    """The cells hidden for what they are: every count of a few people, and every 0 in a line
    whose total is a few people. That 0 would tell what each of those few answered ("nobody said
    no" of three people says all three said yes); a 0 in a larger group, or in a group of nobody,
    says nothing about anyone and is published as 0."""
    suppressed = {position: Suppression.PRIMARY for position in positions if is_small(raw[position], rules)}
    for parts, total in lines:
        if is_small(raw[total], rules):
            suppressed.update((part, Suppression.PRIMARY) for part in parts if raw[part] == 0)
    return suppressed


def publish_percentage(numerator: int | None, base: int | None, rules: DisclosureRules = SAFE_MINIMUM,
                       *, numerator_suppressed: bool = False) -> Published:
    """A whole percentage from unrounded counts, or [c] when the base or the numerator is too
    small (or the numerator's cell was hidden), or [x] when either is missing."""
    if numerator is None or base is None:
        return MISSING
    _check_count(numerator)
    _check_count(base)
    if numerator > base:
        raise ValueError(f"A numerator ({numerator}) cannot exceed its base ({base}).")
    if base < rules.min_percentage_base or is_small(numerator, rules) or numerator_suppressed:
        return SUPPRESSED
    return (200 * numerator + base) // (2 * base)


@dataclass(frozen=True)
class PublishedTable:
    """A table ready to publish. Positions are (row, column) pairs; ``TOTAL`` stands for the
    total row or column, so ``value(row, TOTAL)`` is a row total."""

    rows: tuple
    columns: tuple
    values: dict[tuple, Published]
    suppressed: dict[tuple, Suppression] = field(default_factory=dict)
    percentages: dict[tuple, Published] = field(default_factory=dict)  # of the row total
    with_totals: bool = True

    def value(self, row, column) -> Published:
        return self.values[(row, column)]

    def percentage(self, row, column) -> Published:
        return self.percentages[(row, column)]

    def row(self, row) -> dict:
        return {column: self.values[(row, column)] for column in self._columns()}

    def _columns(self) -> tuple:
        return self.columns + ((TOTAL,) if self.with_totals else ())


def protect_table(rows: Mapping[Hashable, Mapping[Hashable, int | None]],
                  rules: DisclosureRules = SAFE_MINIMUM, with_totals: bool = True) -> PublishedTable:
    """Publish a table of counts, with row, column and grand totals unless ``with_totals`` is off.

    A column absent from a row counts 0 there; ``None`` is missing data, shown as [x] and left
    out of the totals (a total whose every cell is missing is itself [x]).
    """
    columns = tuple(dict.fromkeys(column for cells in rows.values() for column in cells))
    raw = {(row, column): cells.get(column, 0) for row, cells in rows.items() for column in columns}
    for n in raw.values():
        if n is not None:
            _check_count(n)
    lines = _add_totals(raw, tuple(rows), columns) if with_totals else []

    suppressed = _primary(raw, raw, lines, rules)
    _suppress_recoverable(raw, lines, suppressed)

    values = {position: MISSING if n is None else SUPPRESSED if position in suppressed
              else round_to_base(n, rules.rounding_base) for position, n in raw.items()}
    percentages = {}
    if with_totals:
        for row in (*rows, TOTAL):
            base = raw[(row, TOTAL)]
            for column in columns:
                hidden = (row, column) in suppressed or (row, TOTAL) in suppressed
                percentages[(row, column)] = publish_percentage(
                    raw[(row, column)], base, rules, numerator_suppressed=hidden)
    return PublishedTable(tuple(rows), columns, values, suppressed, percentages, with_totals)


def _add_totals(raw: dict, rows: tuple, columns: tuple) -> list[tuple[list, tuple]]:
    """Add the totals to ``raw`` and return every additive line: (its parts, its total)."""
    lines = [([(row, column) for column in columns], (row, TOTAL)) for row in rows]
    lines += [([(row, column) for row in rows], (TOTAL, column)) for column in columns]
    lines.append(([(TOTAL, column) for column in columns], (TOTAL, TOTAL)))
    lines.append(([(row, TOTAL) for row in rows], (TOTAL, TOTAL)))
    # Row and column totals first: the grand total is made from them.
    for parts, total in lines[:-2] + lines[-1:]:
        known = [raw[position] for position in parts if raw[position] is not None]
        raw[total] = None if parts and not known else sum(known)
    return lines


def _suppress_recoverable(raw: dict, lines: list, suppressed: dict) -> None:
    """Hide more cells until no additive line has exactly one hidden member.

    Each line is parts + total = one equation; with a single unknown it could be solved by
    subtraction. The next-smallest visible part is hidden beside it (the least information lost),
    and the line's own total only when no part is left. Hiding a cell can expose its other line,
    so the pass repeats until nothing changes; each pass hides at least one more cell, so it ends.
    A line whose total is 0 needs nothing: every one of its parts is 0 whatever is hidden.
    """
    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            if raw[total] == 0:
                continue  # a line of nobody: every part is 0, hidden or not, and gives nothing away
            members = [p for p in (*parts, total) if raw[p] is not None]
            if sum(p in suppressed for p in members) != 1:
                continue
            visible = [p for p in parts if raw[p] is not None and p not in suppressed]
            if visible:
                choice = min(visible, key=lambda p: raw[p])
            elif raw[total] is not None and total not in suppressed:
                choice = total
            else:  # pragma: no cover - a lone hidden part with every other part missing equals its total
                continue
            suppressed[choice] = Suppression.SECONDARY
            changed = True


@dataclass(frozen=True)
class ProtectedCube:
    """Counts over several dimensions with every marginal total, ready to publish.

    Positions are tuples with one value per dimension, ``TOTAL`` standing for "all values" in
    any place; every slice a report shows (a table by who answered, another by enquiry kind)
    is cut from the same cube, so a cell hidden in one table cannot be worked out from another.
    """

    dimensions: tuple[str, ...]
    keys: tuple[tuple, ...]  # the values of each dimension, totals excluded
    raw: dict[tuple, int | None]
    values: dict[tuple, Published]
    suppressed: dict[tuple, Suppression]

    def value(self, *position) -> Published:
        return self.values[position]

    def count(self, *position) -> int | None:
        return self.raw[position]

    def hidden(self, *position) -> bool:
        return position in self.suppressed

    def percentage(self, position: tuple, base: tuple, rules: DisclosureRules = SAFE_MINIMUM) -> Published:
        """``position`` as a share of ``base`` (a total containing it), from unrounded counts."""
        return publish_percentage(self.raw[position], self.raw[base], rules,
                                  numerator_suppressed=position in self.suppressed or base in self.suppressed)


def _total(raw: dict, keys: tuple, position: tuple) -> int | None:
    """The unrounded count at ``position``, adding up (and keeping) the totals it is made from;
    missing parts are left out, and a total of nothing but missing parts is itself missing."""
    if position in raw:
        return raw[position]
    d = next(i for i, v in enumerate(position) if v is TOTAL)
    known = [n for n in (_total(raw, keys, position[:d] + (k,) + position[d + 1:]) for k in keys[d])
             if n is not None]
    raw[position] = None if keys[d] and not known else sum(known)
    return raw[position]


def protect_cube(counts: Mapping[tuple, int | None], keys: tuple[tuple, ...], dimensions: tuple[str, ...] = (),
                 rules: DisclosureRules = SAFE_MINIMUM,
                 tables: tuple[tuple, ...] | None = None) -> ProtectedCube:
    """Publish counts keyed by one value per dimension (``keys[d]`` lists dimension d's values).

    Totals along every dimension are added before rounding; a value absent from ``counts``
    counts 0, ``None`` is missing ([x]) and left out of totals. Small counts are hidden, then
    more cells are hidden until no additive line (the parts along one dimension and their
    total, for any fixed values of the others) has exactly one hidden member.

    ``tables`` lists the pairs of dimensions actually shown (every other dimension at its
    total); only their positions are published and protected, so a finer breakdown that is
    never shown does not hide figures that are. A pair may be followed by a mapping that holds
    other dimensions at one value instead of their total (``(0, 1, {3: "after"})``: the table of
    dimensions 0 and 1 within one value of dimension 3). By default every position is published.
    """
    keys = tuple(tuple(k) for k in keys)
    dimensions = tuple(dimensions) or tuple(f"d{i}" for i in range(len(keys)))
    if len(dimensions) != len(keys):
        raise ValueError("Give one list of keys for each dimension.")
    for position in counts:
        if len(position) != len(keys) or any(v not in k for v, k in zip(position, keys)):
            raise ValueError(f"{position!r} is not a position of this table.")
    raw: dict[tuple, int | None] = {}
    for position in itertools.product(*keys):
        n = counts.get(position, 0)
        if n is not None:
            _check_count(n)
        raw[position] = n

    extended = tuple(k + (TOTAL,) for k in keys)
    lines: list[tuple[list, tuple]] = []
    if tables is None:
        shown = set(itertools.product(*extended))
    else:
        shown = set()
        for spec in tables:
            pair, fixed = tuple(spec[:2]), (spec[2] if len(spec) > 2 else {})
            shown.update(itertools.product(*(extended[d] if d in pair else (fixed.get(d, TOTAL),)
                                             for d in range(len(keys)))))
    # Totals, made from unrounded counts, only where a position shown needs one: a total is the
    # sum along its first total dimension, each part made the same way (and kept) in turn.
    for position in sorted(shown, key=lambda p: sum(v is TOTAL for v in p)):
        _total(raw, keys, position)
    for position in shown:
        for d, v in enumerate(position):
            if v is TOTAL:
                parts = [position[:d] + (k,) + position[d + 1:] for k in keys[d]]
                if all(p in shown for p in parts):
                    lines.append((parts, position))
    suppressed = _primary(raw, shown, lines, rules)
    _suppress_recoverable(raw, lines, suppressed)
    values = {position: MISSING if raw[position] is None else SUPPRESSED if position in suppressed
              else round_to_base(raw[position], rules.rounding_base) for position in shown}
    return ProtectedCube(dimensions, keys, raw, values, suppressed)


def protect_lines(counts: Mapping[Hashable, int | None], lines: list[tuple[list, Hashable]],
                  rules: DisclosureRules = SAFE_MINIMUM) -> tuple[dict, dict]:
    """Publish named counts that add up along the given lines, such as the stages of a funnel
    (parts, total): (published values, suppressed positions).

    For figures that are not a table: each line lists its parts and their total, all keys of
    ``counts`` (already added up by the caller). The same rules as a table: a few people are
    hidden, so is a 0 beside them, and more cells until no line has exactly one hidden member."""
    raw = dict(counts)
    for n in raw.values():
        if n is not None:
            _check_count(n)
    for parts, total in lines:
        known = [raw[p] for p in parts if raw[p] is not None]
        if raw[total] is not None and known and sum(known) != raw[total]:
            raise ValueError(f"The parts of {total!r} add up to {sum(known)}, not {raw[total]}.")
    suppressed = _primary(raw, raw, lines, rules)
    _suppress_recoverable(raw, lines, suppressed)
    values = {position: MISSING if n is None else SUPPRESSED if position in suppressed
              else round_to_base(n, rules.rounding_base) for position, n in raw.items()}
    return values, suppressed
