"""Report tables: a cell with its unrounded count beside what may be published, tables cut from
one protected cube, the sample-size guide, and ``Figures``, a council's tables for a period.

A ``Figures`` holds the unrounded count beside each published value: the unrounded ones are for
the council's own analysts, on screen and marked internal; every file is made from the published
values only. ``to_json``/``from_json`` keep a final return frozen exactly as it was.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


from ..framework import framework
from ..models import EnquiryKind, Respondent
from ..models.enums import AskedBy, Channel, FeedbackWindow, Timing
from .disclosure import SUPPRESSED, TOTAL, DisclosureRules, Published
from .figures import UNKNOWN
from .stats import wilson_interval
TOTAL_KEY = "total"  # how a total row or column is written in a table's keys
PART_EXPERIENCE = "experience"
PART_RECORD = "record"
PART_ACTIVITY = "activity"
PART_THEMES = "themes"
PARTS = (PART_EXPERIENCE, PART_RECORD, PART_ACTIVITY, PART_THEMES)

KINDS = tuple(kind.value for kind in EnquiryKind)
RESPONDENTS = tuple(r.value for r in Respondent) + (UNKNOWN,)
WINDOWS = tuple(w.value for w in FeedbackWindow)
COUNTED_WINDOW = FeedbackWindow.AFTER.value  # the framework's figures: closure to eight weeks after
# The record items, each with the enquiry field it is read from; their answer categories and
# order come from the framework file.
RECORD_FIELDS = (("mspof:Q1", "outcomes_asked"), ("mspof:Q2", "outcomes_achieved"), ("mspof:Q3", "risk_outcome"))
RECORD_ITEMS = tuple((code, field, framework().item(code).categories) for code, field in RECORD_FIELDS)
ROUTES = (("channel", tuple(c.value for c in Channel)), ("asked_by", tuple(a.value for a in AskedBy)),
          ("timing", tuple(t.value for t in Timing)))
SENT, ANSWERED, RECEIVED = "sent", "answered", "received"
MARGINS = (0.05, 0.1)


@dataclass(frozen=True)
class Cell:
    count: int | None  # unrounded: for the council's own analysts only
    value: Published  # what may be published
    percentage: Published | None = None  # of the row or column total, as the table says
    interval: tuple[int, int] | None = None  # Wilson 95%, whole percentages, only beside a published percentage

    @property
    def hidden(self) -> bool:
        return self.value == SUPPRESSED


@dataclass(frozen=True)
class Table:
    id: str
    part: str
    item: str  # the framework item ("mspof:Q4") or what the activity table counts
    rows_by: str  # the dimension of the rows: answer, category, enquiry_kind, channel, ...
    columns_by: str
    rows: tuple[str, ...]  # keys; TOTAL_KEY is the total
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    question: str | None = None  # the survey question, for experience tables
    percent_of: str | None = None  # "column" or "row": what each percentage is a share of

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]

    def to_json(self) -> dict:
        return {
            "id": self.id, "part": self.part, "item": self.item, "question": self.question,
            "rows_by": self.rows_by, "columns_by": self.columns_by, "rows": list(self.rows),
            "columns": list(self.columns), "percent_of": self.percent_of,
            "cells": [[row, column, c.count, c.value, c.percentage, list(c.interval) if c.interval else None]
                      for (row, column), c in self.cells.items()],
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Table:
        cells = {(row, column): Cell(count, value, percentage, tuple(interval) if interval else None)
                 for row, column, count, value, percentage, interval in data["cells"]}
        return cls(data["id"], data["part"], data["item"], data["rows_by"], data["columns_by"],
                   tuple(data["rows"]), tuple(data["columns"]), cells, data.get("question"),
                   data.get("percent_of"))

    def published(self) -> Table:
        """The same table without its unrounded counts: what a file may contain."""
        return Table(self.id, self.part, self.item, self.rows_by, self.columns_by, self.rows, self.columns,
                     {k: Cell(None, c.value, c.percentage, c.interval) for k, c in self.cells.items()},
                     self.question, self.percent_of)


@dataclass(frozen=True)
class SampleGuide:
    """How far the period's responses can be trusted, and how many would be enough."""

    responses: int
    population: int | None  # enquiries completed in the period
    margin: float | None  # 95% margin of error, in points, of a percentage from all responses
    needed: dict[float, int]  # responses needed for each margin in MARGINS
    # Where the enquiries completed come from: "entered" (the council's own figure, on its
    # return) or "counted" (the enquiries closed in this service); None in older returns.
    population_source: str | None = None

    def to_json(self) -> dict:
        return {"responses": self.responses, "population": self.population, "margin": self.margin,
                "needed": [[m, n] for m, n in self.needed.items()], "population_source": self.population_source}

    @classmethod
    def from_json(cls, data: Mapping) -> SampleGuide:
        return cls(data["responses"], data["population"], data["margin"],
                   {float(m): n for m, n in data["needed"]}, data.get("population_source"))


@dataclass(frozen=True)
class Figures:
    organisation_id: int | None
    period: str  # the period's slug: parse_period gives it back
    rules: DisclosureRules
    tables: tuple[Table, ...]
    guide: SampleGuide
    generated_at: datetime
    quotes: tuple[dict, ...] = ()  # approved, redacted comments: {"text", "question_key", "themes"}

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def part(self, part: str) -> list[Table]:
        return [table for table in self.tables if table.part == part]

    @property
    def responses(self) -> int:
        return self.guide.responses

    @property
    def is_empty(self) -> bool:
        """Nothing at all happened in the period: no responses, invitations or completed enquiries."""
        return all(cell.count in (0, None) for table in self.tables if table.part != PART_THEMES
                   for (row, column), cell in table.cells.items() if row == TOTAL_KEY or column == TOTAL_KEY)

    def published(self) -> Figures:
        return Figures(self.organisation_id, self.period, self.rules, tuple(t.published() for t in self.tables),
                       self.guide, self.generated_at, self.quotes)

    def to_json(self) -> dict:
        return {
            "organisation_id": self.organisation_id, "period": self.period,
            "rules": {"min_count": self.rules.min_count, "rounding_base": self.rules.rounding_base,
                      "min_percentage_base": self.rules.min_percentage_base},
            "tables": [t.to_json() for t in self.tables], "guide": self.guide.to_json(),
            "generated_at": self.generated_at.isoformat(), "quotes": list(self.quotes),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Figures:
        return cls(data["organisation_id"], data["period"], DisclosureRules(**data["rules"]),
                   tuple(Table.from_json(t) for t in data["tables"]), SampleGuide.from_json(data["guide"]),
                   datetime.fromisoformat(data["generated_at"]), tuple(data.get("quotes") or ()))


# --- building a council's tables ---------------------------------------------------------------

def table_key(value) -> str:
    return TOTAL_KEY if value is TOTAL else str(value)


def percentage_interval(numerator: int | None, base: int | None, percentage: Published) -> tuple[int, int] | None:
    if not isinstance(percentage, int) or numerator is None or not base:
        return None
    low, high = wilson_interval(numerator, base)
    return round(low * 100), round(high * 100)


def cube_table(cube, rules, *, table_id, part, item, question, rows_by, columns_by, row_keys, column_keys,
                fixed: Mapping[int, object], row_dim: int, column_dim: int,
                total_at: Mapping[int, object] | None = None) -> Table:
    """A two-way slice of a protected cube; percentages are of each column's total.

    ``total_at`` holds other dimensions at a value for the total column only (the answers of
    all respondents taken one per enquiry, beside columns that each count every answer)."""
    size = len(cube.keys)
    cells = {}
    for row in (*row_keys, TOTAL):
        for column in (*column_keys, TOTAL):
            position = [None] * size
            for d, v in {**fixed, **((total_at or {}) if column is TOTAL else {})}.items():
                position[d] = v
            position[row_dim], position[column_dim] = row, column
            base = list(position)
            base[row_dim] = TOTAL
            position, base = tuple(position), tuple(base)
            # Every column total is 100% of itself: only the answers get a percentage, and none
            # of a column of nobody.
            percentage = (cube.percentage(position, base, rules) if row is not TOTAL and cube.count(*base) != 0
                          else None)
            interval = percentage_interval(cube.count(*position), cube.count(*base), percentage)
            cells[(table_key(row), table_key(column))] = Cell(cube.count(*position), cube.value(*position),
                                                              percentage, interval)
    return Table(table_id, part, item, rows_by, columns_by, tuple(map(table_key, (*row_keys, TOTAL))),
                 tuple(map(table_key, (*column_keys, TOTAL))), cells, question, "column")
