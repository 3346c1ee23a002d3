"""A council's figures for a period, disclosure-controlled and ready for a page, a return or a file.

``council_figures`` turns the grouped counts from ``figures`` into tables: the experience
questions (framework Q4-Q7 and the person's view of Q2) by who answered and by enquiry kind,
the record items (Q1-Q3) by enquiry kind, and the activity behind them (enquiries completed,
invitations, responses and response rates by channel, by who asked and by timing). Each
question's tables are cut from one protected cube, so a cell hidden in one cannot be worked
out from another. ``benchmark_figures`` puts every council side by side, one row each, with
England's totals computed before rounding.

A ``Figures`` holds the unrounded count beside each published value: the unrounded ones are
for the council's own analysts, on screen and marked internal; every file is made from the
published values only. ``to_json``/``from_json`` keep a final return frozen exactly as it was.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..models import EnquiryKind, OutcomesAchieved, OutcomesAsked, Respondent, RiskOutcome
from ..models.enums import AskedBy, Channel, Timing
from ..questionnaire.model import SKIP
from .counts import Counts
from .disclosure import (
    MISSING, SAFE_MINIMUM, SUPPRESSED, TOTAL, DisclosureRules, Published, protect_cube,
    protect_table, publish_count, publish_percentage,
)
from .figures import NOT_ENTERED, UNKNOWN, Activity, RecordCounts, activity, experience_counts, record_counts
from .periods import Period
from .stats import margin_of_error, responses_needed, wilson_interval

TOTAL_KEY = "total"  # how a total row or column is written in a table's keys
PART_EXPERIENCE = "experience"
PART_RECORD = "record"
PART_ACTIVITY = "activity"
PART_THEMES = "themes"
PARTS = (PART_EXPERIENCE, PART_RECORD, PART_ACTIVITY, PART_THEMES)

KINDS = tuple(kind.value for kind in EnquiryKind)
RESPONDENTS = tuple(r.value for r in Respondent) + (UNKNOWN,)
RECORD_ITEMS = (
    ("mspof:Q1", "outcomes_asked", tuple(v.value for v in OutcomesAsked)),
    ("mspof:Q2", "outcomes_achieved", tuple(v.value for v in OutcomesAchieved) + (OutcomesAsked.NOT_RECORDED.value,)),
    ("mspof:Q3", "risk_outcome", tuple(v.value for v in RiskOutcome) + (OutcomesAsked.NOT_RECORDED.value,)),
)
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

    def to_json(self) -> dict:
        return {"responses": self.responses, "population": self.population, "margin": self.margin,
                "needed": [[m, n] for m, n in self.needed.items()]}

    @classmethod
    def from_json(cls, data: Mapping) -> SampleGuide:
        return cls(data["responses"], data["population"], data["margin"],
                   {float(m): n for m, n in data["needed"]})


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

def _key(value) -> str:
    return TOTAL_KEY if value is TOTAL else str(value)


def _interval(numerator: int | None, base: int | None, percentage: Published) -> tuple[int, int] | None:
    if not isinstance(percentage, int) or numerator is None or not base:
        return None
    low, high = wilson_interval(numerator, base)
    return round(low * 100), round(high * 100)


def _cube_table(cube, rules, *, table_id, part, item, question, rows_by, columns_by, row_keys, column_keys,
                fixed: Mapping[int, object], row_dim: int, column_dim: int) -> Table:
    """A two-way slice of a protected cube; percentages are of each column's total."""
    size = len(cube.keys)
    cells = {}
    for row in (*row_keys, TOTAL):
        for column in (*column_keys, TOTAL):
            position = [None] * size
            for d, v in fixed.items():
                position[d] = v
            position[row_dim], position[column_dim] = row, column
            base = list(position)
            base[row_dim] = TOTAL
            position, base = tuple(position), tuple(base)
            # Every column total is 100% of itself: only the answers get a percentage.
            percentage = cube.percentage(position, base, rules) if row is not TOTAL else None
            cells[(_key(row), _key(column))] = Cell(cube.count(*position), cube.value(*position), percentage,
                                                    _interval(cube.count(*position), cube.count(*base), percentage))
    return Table(table_id, part, item, rows_by, columns_by, tuple(map(_key, (*row_keys, TOTAL))),
                 tuple(map(_key, (*column_keys, TOTAL))), cells, question, "column")


def experience_questions() -> list[tuple[str, str, tuple[str, ...]]]:
    """(framework item, question key, answer keys) for every framework question of the loaded
    surveys, in survey order; skipping is not an answer, so it is left out of every base."""
    from ..questionnaire.registry import all_surveys

    seen: dict[tuple[str, str], tuple[str, ...]] = {}
    for survey in all_surveys().values():
        for question in survey.questions:
            if question.framework and question.framework.startswith("mspof:") and not question.is_free_text:
                keys = tuple(o.key for o in question.choices if o.key != SKIP)
                seen.setdefault((question.framework, question.key), keys)
    return sorted(((item, key, answers) for (item, key), answers in seen.items()),
                  key=lambda entry: (entry[0], list(seen).index((entry[0], entry[1]))))


def _experience_tables(counts: Counts, rules: DisclosureRules) -> list[Table]:
    tables = []
    for item, question, answers in experience_questions():
        cells = counts.by("choice_key", "respondent", "enquiry_kind", framework_item=item, question_key=question)
        answer_keys = answers + tuple(sorted({a for a, _, _ in cells} - set(answers) - {SKIP}))
        respondent_keys = RESPONDENTS if any(r == UNKNOWN for _, r, _ in cells) else RESPONDENTS[:-1]
        cube = protect_cube({key: n for key, n in cells.items() if key[0] != SKIP},
                            (answer_keys, respondent_keys, KINDS), ("answer", "respondent", "enquiry_kind"),
                            rules, tables=((0, 1), (0, 2)))
        slug = f"{item.split(':')[-1].lower()}-{question}"
        common = dict(part=PART_EXPERIENCE, item=item, question=question, rows_by="answer", row_keys=answer_keys,
                      row_dim=0)
        tables.append(_cube_table(cube, rules, table_id=f"{slug}-respondent", columns_by="respondent",
                                  column_keys=respondent_keys, column_dim=1, fixed={2: TOTAL}, **common))
        tables.append(_cube_table(cube, rules, table_id=f"{slug}-kind", columns_by="enquiry_kind",
                                  column_keys=KINDS, column_dim=2, fixed={1: TOTAL}, **common))
    return tables


def _record_tables(records: RecordCounts, rules: DisclosureRules) -> list[Table]:
    tables = []
    items = {"outcomes_asked": records.outcomes_asked(), "outcomes_achieved": records.outcomes_achieved(),
             "risk_outcome": records.risk_outcome()}
    for item, name, categories in RECORD_ITEMS:
        by = items[name].by("category", "enquiry_kind")
        cells: dict[tuple, int] = {}
        for (category, kind), n in by.items():
            # A blank item on the record is counted as the framework's own "not recorded".
            category = OutcomesAsked.NOT_RECORDED.value if category == NOT_ENTERED else category
            cells[(category, kind)] = cells.get((category, kind), 0) + n
        cube = protect_cube(cells, (categories, KINDS), ("category", "enquiry_kind"), rules)
        tables.append(_cube_table(cube, rules, table_id=f"{item.split(':')[-1].lower()}-{name.replace('_', '-')}",
                                  part=PART_RECORD, item=item, question=None, rows_by="category",
                                  columns_by="enquiry_kind", row_keys=categories, column_keys=KINDS,
                                  fixed={}, row_dim=0, column_dim=1))
    return tables


def _one_way(counts: Mapping, keys: tuple, rules: DisclosureRules):
    return protect_cube({(k,): n for k, n in counts.items() if k in keys}, (keys,), rules=rules)


def _route_table(act: Activity, dimension: str, keys: tuple, rules: DisclosureRules) -> Table:
    """Invitations sent in the period by one route dimension, how many were answered (whenever),
    and the response rate; responses received in the period, by any route, beside them."""
    sent = _one_way(act.invitations_sent.by(dimension), keys, rules)
    answered = _one_way(act.invitations_answered.by(dimension), keys, rules)
    received = _one_way(act.responses_submitted.by(dimension), keys, rules)
    cells = {}
    for key in (*keys, TOTAL):
        position = (key,)
        rate = publish_percentage(answered.count(*position), sent.count(*position), rules,
                                  numerator_suppressed=answered.hidden(*position) or sent.hidden(*position))
        cells[(_key(key), SENT)] = Cell(sent.count(*position), sent.value(*position))
        cells[(_key(key), ANSWERED)] = Cell(answered.count(*position), answered.value(*position), rate,
                                            _interval(answered.count(*position), sent.count(*position), rate))
        cells[(_key(key), RECEIVED)] = Cell(received.count(*position), received.value(*position))
    return Table(f"invitations-{dimension.replace('_', '-')}", PART_ACTIVITY, f"activity:{dimension}", dimension,
                 "measure", tuple(map(_key, (*keys, TOTAL))), (SENT, ANSWERED, RECEIVED), cells, None, "row")


def _activity_tables(act: Activity, rules: DisclosureRules) -> list[Table]:
    sources = ("entered", "imported")
    cube = protect_cube(act.enquiries_completed.by("enquiry_kind", "source"), (KINDS, sources),
                        ("enquiry_kind", "source"), rules)
    cells = {(_key(k), _key(s)): Cell(cube.count(k, s), cube.value(k, s))
             for k in (*KINDS, TOTAL) for s in (*sources, TOTAL)}
    tables = [Table("enquiries-completed", PART_ACTIVITY, "activity:enquiries", "enquiry_kind", "source",
                    tuple(map(_key, (*KINDS, TOTAL))), tuple(map(_key, (*sources, TOTAL))), cells)]
    tables += [_route_table(act, dimension, keys, rules) for dimension, keys in ROUTES]
    return tables


def _theme_table(themes: Counts | None, rules: DisclosureRules) -> list[Table]:
    """Comments tagged with each theme. A comment may carry several themes, so the counts do not
    add up to a total and none is shown; each count is controlled on its own."""
    if themes is None or not len(themes):
        return []
    by_theme = themes.by("theme")
    keys = tuple(sorted(by_theme, key=lambda t: (-by_theme[t], str(t))))
    cells = {(str(t), "comments"): Cell(by_theme[t], publish_count(by_theme[t], rules)) for t in keys}
    return [Table("themes", PART_THEMES, "themes", "theme", "measure", tuple(map(str, keys)), ("comments",), cells)]


def _guide(responses: int, population: int | None) -> SampleGuide:
    margin = margin_of_error(responses, population) if responses else None
    needed = {m: responses_needed(m, population or None) for m in MARGINS}
    return SampleGuide(responses, population, margin, needed)


def council_figures(session: Session, organisation_id: int, period: Period, rules: DisclosureRules = SAFE_MINIMUM,
                    *, themes: Counts | None = None, quotes: Iterable[Mapping] = (),
                    enquiries_completed: int | None = None) -> Figures:
    """Every table for one council and period. ``enquiries_completed`` is the council's own
    figure for the period, when it keeps its enquiries elsewhere; otherwise the records count."""
    ids = [organisation_id]
    experience = experience_counts(session, ids, period)
    records = record_counts(session, ids, period)
    act = activity(session, ids, period, records)
    tables = (_experience_tables(experience, rules) + _record_tables(records, rules)
              + _activity_tables(act, rules) + _theme_table(themes, rules))
    population = enquiries_completed if enquiries_completed is not None else act.enquiries_completed.total()
    guide = _guide(act.responses_submitted.total(), population or None)
    return Figures(organisation_id, period.slug, rules, tuple(tables), guide, datetime.now(timezone.utc),
                   tuple(dict(q) for q in quotes))


# --- every council side by side ----------------------------------------------------------------

@dataclass(frozen=True)
class Benchmark:
    period: str
    respondent: str | None  # None: everyone who answered
    organisation_ids: tuple[int, ...]
    tables: tuple[Table, ...] = field(default_factory=tuple)

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)


def strictest(rules: Iterable[DisclosureRules]) -> DisclosureRules:
    """One set of rules for a table that crosses councils: each council's own, at its strictest."""
    rules = list(rules) or [SAFE_MINIMUM]
    return DisclosureRules(max(r.min_count for r in rules), max(r.rounding_base for r in rules),
                           max(r.min_percentage_base for r in rules))


def _council_rows(pivot: dict, rules: DisclosureRules, *, table_id, part, item, question, columns_by,
                  organisation_ids) -> Table:
    """One row per council and England's total row, protected together; percentages of each row."""
    published = protect_table(pivot, rules)
    columns = published.columns
    cells = {}
    for org in (*organisation_ids, TOTAL):
        raw_total = sum(v for v in pivot.get(org, {}).values() if v is not None) if org is not TOTAL else None
        for column in (*columns, TOTAL):
            percentage = published.percentages.get((org, column)) if column is not TOTAL else None
            numerator = pivot.get(org, {}).get(column) if org is not TOTAL and column is not TOTAL else None
            interval = _interval(numerator, raw_total, percentage) if percentage is not None else None
            cells[(_key(org), _key(column))] = Cell(None, published.value(org, column), percentage, interval)
    return Table(table_id, part, item, "organisation", columns_by, tuple(map(_key, (*organisation_ids, TOTAL))),
                 tuple(map(_key, (*columns, TOTAL))), cells, question, "row")


def _settings_for_national_counts(session: Session) -> None:
    """On PostgreSQL, for this transaction only: no JIT compiling (it costs more than it saves on
    queries that run once), and enough memory to group a national quarter's answers without
    sorting on disk."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '32MB'"))


def benchmark_figures(session: Session, organisation_ids: Collection[int], period: Period,
                      rules: DisclosureRules = SAFE_MINIMUM, respondent: str | None = None) -> Benchmark:
    """The published figures of every council in ``organisation_ids``, one row each, and England.

    England's row is the total of the councils' unrounded counts, rounded once; no council's
    unrounded figures leave this function.
    """
    ids = tuple(sorted(organisation_ids))
    _settings_for_national_counts(session)
    experience = experience_counts(session, ids, period)
    records = record_counts(session, ids, period)
    act = activity(session, ids, period, records)
    where = {"respondent": respondent} if respondent else {}
    tables = []
    for item, question, answers in experience_questions():
        pivot = experience.pivot("organisation_id", "choice_key", ids, answers, framework_item=item,
                                 question_key=question, choice_key=list(answers), **where)
        tables.append(_council_rows(pivot, rules, table_id=f"{item.split(':')[-1].lower()}-{question}",
                                    part=PART_EXPERIENCE, item=item, question=question, columns_by="answer",
                                    organisation_ids=ids))
    record_items = {"outcomes_asked": records.outcomes_asked(), "outcomes_achieved": records.outcomes_achieved(),
                    "risk_outcome": records.risk_outcome()}
    for item, name, categories in RECORD_ITEMS:
        counts = record_items[name]
        merged: dict[int, dict[str, int]] = {org: {c: 0 for c in categories} for org in ids}
        for (org, category), n in counts.by("organisation_id", "category").items():
            category = OutcomesAsked.NOT_RECORDED.value if category == NOT_ENTERED else category
            merged[org][category] = merged[org].get(category, 0) + n
        tables.append(_council_rows(merged, rules, table_id=f"{item.split(':')[-1].lower()}-{name.replace('_', '-')}",
                                    part=PART_RECORD, item=item, question=None, columns_by="category",
                                    organisation_ids=ids))
    tables.append(_rates_by_council(act, ids, rules))
    return Benchmark(period.slug, respondent, ids, tuple(tables))


def _rates_by_council(act: Activity, ids: tuple[int, ...], rules: DisclosureRules) -> Table:
    sent = protect_cube({(o,): n for o, n in act.invitations_sent.by("organisation_id").items() if o in ids},
                        (ids,), rules=rules)
    answered = protect_cube({(o,): n for o, n in act.invitations_answered.by("organisation_id").items() if o in ids},
                            (ids,), rules=rules)
    received = protect_cube({(o,): n for o, n in act.responses_submitted.by("organisation_id").items() if o in ids},
                            (ids,), rules=rules)
    cells = {}
    for org in (*ids, TOTAL):
        p = (org,)
        rate = publish_percentage(answered.count(*p), sent.count(*p), rules,
                                  numerator_suppressed=answered.hidden(*p) or sent.hidden(*p))
        cells[(_key(org), SENT)] = Cell(None, sent.value(*p))
        cells[(_key(org), ANSWERED)] = Cell(None, answered.value(*p), rate,
                                            _interval(answered.count(*p), sent.count(*p), rate))
        cells[(_key(org), RECEIVED)] = Cell(None, received.value(*p))
    return Table("response-rates", PART_ACTIVITY, "activity:organisation", "organisation", "measure",
                 tuple(map(_key, (*ids, TOTAL))), (SENT, ANSWERED, RECEIVED), cells, None, "row")


__all__ = [
    "Benchmark", "Cell", "Figures", "MISSING", "SUPPRESSED", "SampleGuide", "Table", "TOTAL_KEY",
    "benchmark_figures", "council_figures", "experience_questions", "strictest",
]
