"""Unrounded counts as a grouped query returned them, and the ways reports slice them.

The database does the counting; what arrives here is one number per combination of the
grouping columns (a few thousand at most, nationally). Slicing them again (national totals,
adults beside representatives, a question's answers as a table) only adds those numbers up,
so every total is made from unrounded counts before disclosure control is applied.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Counts:
    dimensions: tuple[str, ...]
    cells: Mapping[tuple, int] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, dimensions: Iterable[str], rows: Iterable[tuple]) -> Counts:
        """From (value, ..., count) rows; rows that differ only in ways dropped earlier add up."""
        dimensions = tuple(dimensions)
        cells: dict[tuple, int] = defaultdict(int)
        for *key, n in rows:
            if len(key) != len(dimensions):
                raise ValueError(f"Expected {len(dimensions)} values and a count, got {len(key) + 1}.")
            cells[tuple(key)] += int(n)
        return cls(dimensions, dict(cells))

    def __iter__(self) -> Iterator[dict]:
        for key, n in self.cells.items():
            yield {**dict(zip(self.dimensions, key)), "count": n}

    def __len__(self) -> int:
        return len(self.cells)

    def _index(self, dimension: str) -> int:
        try:
            return self.dimensions.index(dimension)
        except ValueError:
            raise KeyError(f"No dimension {dimension!r}; there are {', '.join(self.dimensions)}.") from None

    def _matching(self, where: Mapping) -> Iterator[tuple[tuple, int]]:
        tests = []
        for dimension, wanted in where.items():
            accepted = set(wanted) if _is_collection(wanted) else {wanted}
            tests.append((self._index(dimension), accepted))
        for key, n in self.cells.items():
            if all(key[i] in accepted for i, accepted in tests):
                yield key, n

    def where(self, **where) -> Counts:
        """Only the counts whose values match (a value, or a collection of accepted values)."""
        return Counts(self.dimensions, dict(self._matching(where)))

    def total(self, **where) -> int:
        return sum(n for _, n in self._matching(where))

    def values(self, dimension: str) -> list:
        """The distinct values seen for a dimension, in a stable order."""
        i = self._index(dimension)
        return sorted({key[i] for key in self.cells}, key=_sort_key)

    def keep(self, *dimensions: str, **where) -> Counts:
        """The same counts grouped by fewer dimensions."""
        indexes = [self._index(d) for d in dimensions]
        totals: dict[tuple, int] = defaultdict(int)
        for key, n in self._matching(where):
            totals[tuple(key[i] for i in indexes)] += n
        return Counts(tuple(dimensions), dict(totals))

    def by(self, *dimensions: str, **where) -> dict:
        """Totals for each combination of ``dimensions`` (keyed by the bare value for one)."""
        kept = self.keep(*dimensions, **where).cells
        return {key[0] if len(dimensions) == 1 else key: n for key, n in kept.items()}

    def pivot(self, rows: str, columns: str, row_keys: Iterable | None = None,
              column_keys: Iterable | None = None, **where) -> dict:
        """A table {row value: {column value: count}} for ``protect_table``.

        Keys listed in ``row_keys`` or ``column_keys`` appear even when nothing was counted
        (0 is a figure too), in the order given; values seen but not listed follow them.
        """
        totals = self.by(rows, columns, **where)
        row_order = _ordered(row_keys, (r for r, _ in totals))
        column_order = _ordered(column_keys, (c for _, c in totals))
        return {r: {c: totals.get((r, c), 0) for c in column_order} for r in row_order}


def _is_collection(value) -> bool:
    return isinstance(value, Collection) and not isinstance(value, (str, bytes))


def _sort_key(value):
    # Mixed types (None beside strings) still sort, with like beside like.
    return (type(value).__name__, value) if value is not None else ("", "")


def _ordered(listed: Iterable | None, seen: Iterable) -> list:
    order = list(dict.fromkeys(listed or ()))
    order += sorted(set(seen) - set(order), key=_sort_key)
    return order
