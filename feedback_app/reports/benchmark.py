"""Every council side by side: ``benchmark_figures`` gives one row per council that has made its
return for the quarter final, read from the counts stored with that return (so the page is the
same whenever it is opened, and quick), and the sum of them all, computed from unrounded counts
and rounded once, under the strictest council's rules."""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import unscoped
from ..models import QuarterlyReturn, ReturnStatus
from .disclosure import (
    MISSING, SAFE_MINIMUM, SUPPRESSED, TOTAL, DisclosureRules, protect_cube, protect_table, publish_percentage,
)
from .periods import Quarter
from .tables import (
    ANSWERED, Cell, Figures, PART_ACTIVITY, PART_EXPERIENCE, PART_RECORD, RECEIVED, RECORD_ITEMS,
    SENT, SampleGuide, TOTAL_KEY, Table, percentage_interval, table_key,
)
from .parts import SHOWN_APART, council_figures, experience_questions


@dataclass(frozen=True)
class Benchmark:
    period: str
    respondent: str | None  # None: everyone who answered
    organisation_ids: tuple[int, ...]  # the councils with a final return for the quarter: one row each
    tables: tuple[Table, ...] = field(default_factory=tuple)
    missing: tuple[int, ...] = ()  # the councils asked about that have no final return

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
            interval = percentage_interval(numerator, raw_total, percentage) if percentage is not None else None
            cells[(table_key(org), table_key(column))] = Cell(None, published.value(org, column), percentage, interval)
    return Table(table_id, part, item, "organisation", columns_by, tuple(map(table_key, (*organisation_ids, TOTAL))),
                 tuple(map(table_key, (*columns, TOTAL))), cells, question, "row")


ENGLISH_COUNCILS = 153  # councils with adult social care duties in England
# ONS codes of those councils: unitary authorities, metropolitan districts, London boroughs (and
# the City of London) and county councils.
COUNCIL_CODE_PREFIXES = ("E06", "E08", "E09", "E10")


def covers_england(councils) -> bool:
    """Whether ``councils`` (each with an ``ons_code``) include every English council, so that
    their sum may be called England."""
    codes = {c.ons_code for c in councils if c.ons_code and c.ons_code[:3] in COUNCIL_CODE_PREFIXES}
    return len(codes) >= ENGLISH_COUNCILS


def extract(figures: Figures) -> dict:
    """What the comparison of councils needs from a council's figures, as stored with its final
    return: unrounded counts only, by item, so that every council's row and the sum of them all
    can be published together under one set of rules.

    ``experience``: {"item|question": {respondent or "total": {answer: count}}}, the answers in
    the base (not "rather not say", nor skipped); ``record``: {table id: {category: count}};
    ``rates``: {"sent" | "answered" | "received": count}."""
    found = {"experience": {}, "record": {}, "rates": {}}
    for table in figures.part(PART_EXPERIENCE):
        if table.columns_by != "respondent":
            continue
        answers = [row for row in table.rows if row != TOTAL_KEY and row not in SHOWN_APART]
        found["experience"][f"{table.item}|{table.question}"] = {
            column: {row: table.cell(row, column).count for row in answers} for column in table.columns}
    for table in figures.part(PART_RECORD):
        found["record"][table.id] = {row: table.cell(row, TOTAL_KEY).count for row in table.rows if row != TOTAL_KEY}
    rates = next((t for t in figures.tables if t.id == "invitations-channel"), None)
    if rates is not None:
        found["rates"] = {measure: rates.cell(TOTAL_KEY, measure).count for measure in (SENT, ANSWERED, RECEIVED)}
    return found


def final_returns(session: Session, organisation_ids: Collection[int], quarter: Quarter) -> dict[int, int]:
    """{council: id of its newest return for the quarter}, where that version is final."""
    newest = (select(QuarterlyReturn.organisation_id, func.max(QuarterlyReturn.version).label("version"))
              .where(QuarterlyReturn.year_start == quarter.year_start, QuarterlyReturn.quarter == quarter.number,
                     QuarterlyReturn.organisation_id.in_(sorted(organisation_ids)))
              .group_by(QuarterlyReturn.organisation_id).subquery())
    with unscoped(session):
        rows = session.execute(
            select(QuarterlyReturn.organisation_id, QuarterlyReturn.id)
            .join(newest, (QuarterlyReturn.organisation_id == newest.c.organisation_id)
                  & (QuarterlyReturn.version == newest.c.version))
            .where(QuarterlyReturn.year_start == quarter.year_start, QuarterlyReturn.quarter == quarter.number,
                   QuarterlyReturn.status == ReturnStatus.FINAL)).all()
    return dict(rows)


def _stored_extracts(session: Session, return_ids: dict[int, int]) -> dict[int, dict]:
    """Each council's stored counts, read without the (much larger) frozen figures; a return made
    final before the counts were kept has them worked out from its figures."""
    with unscoped(session):
        stored = dict(session.execute(select(QuarterlyReturn.id, QuarterlyReturn.benchmark)
                                      .where(QuarterlyReturn.id.in_(list(return_ids.values())))).all())
        older = [rid for rid, found in stored.items() if not found]
        if older:
            for rid, figures in session.execute(select(QuarterlyReturn.id, QuarterlyReturn.figures)
                                                .where(QuarterlyReturn.id.in_(older))):
                stored[rid] = extract(Figures.from_json(figures)) if figures else {}
    return {org: stored[rid] for org, rid in return_ids.items()}


def benchmark_figures(session: Session, organisation_ids: Collection[int], quarter: Quarter,
                      rules: DisclosureRules = SAFE_MINIMUM, respondent: str | None = None) -> Benchmark:
    """The published figures of every council in ``organisation_ids`` that has made its return for
    the quarter final, one row each, from the counts stored with that return, and their sum.

    The sum is of the councils' unrounded counts, rounded once; no council's unrounded figures
    leave this function. Councils without a final return have no row and are listed as missing.
    """
    returns = final_returns(session, organisation_ids, quarter)
    ids = tuple(sorted(returns))
    extracts = _stored_extracts(session, returns)
    column = respondent or TOTAL_KEY
    tables = []
    for item, question, answers in experience_questions():
        answers = tuple(a for a in answers if a not in SHOWN_APART)
        pivot = {org: {a: 0 for a in answers} for org in ids}
        for org in ids:
            stored = extracts[org].get("experience", {}).get(f"{item}|{question}", {}).get(column, {})
            for answer, n in stored.items():
                pivot[org][answer] = pivot[org].get(answer, 0) + (n or 0)
        tables.append(_council_rows(pivot, rules, table_id=f"{item.split(':')[-1].lower()}-{question}",
                                    part=PART_EXPERIENCE, item=item, question=question, columns_by="answer",
                                    organisation_ids=ids))
    for item, name, categories in RECORD_ITEMS:
        table_id = f"{item.split(':')[-1].lower()}-{name.replace('_', '-')}"
        pivot = {org: {c: (extracts[org].get("record", {}).get(table_id, {}).get(c) or 0) for c in categories}
                 for org in ids}
        tables.append(_council_rows(pivot, rules, table_id=table_id, part=PART_RECORD, item=item, question=None,
                                    columns_by="category", organisation_ids=ids))
    tables.append(_rates_by_council({org: extracts[org].get("rates", {}) for org in ids}, ids, rules))
    missing = tuple(sorted(set(organisation_ids) - set(ids)))
    return Benchmark(quarter.slug, respondent, ids, tuple(tables), missing)


def _rates_by_council(rates: dict[int, dict], ids: tuple[int, ...], rules: DisclosureRules) -> Table:
    cubes = {measure: protect_cube({(o,): rates[o].get(measure) or 0 for o in ids}, (ids,), rules=rules)
             for measure in (SENT, ANSWERED, RECEIVED)}
    sent, answered, received = cubes[SENT], cubes[ANSWERED], cubes[RECEIVED]
    cells = {}
    for org in (*ids, TOTAL):
        p = (org,)
        rate = (publish_percentage(answered.count(*p), sent.count(*p), rules,
                                   numerator_suppressed=answered.hidden(*p) or sent.hidden(*p))
                if sent.count(*p) else None)
        cells[(table_key(org), SENT)] = Cell(None, sent.value(*p))
        cells[(table_key(org), ANSWERED)] = Cell(None, answered.value(*p), rate,
                                            percentage_interval(answered.count(*p), sent.count(*p), rate))
        cells[(table_key(org), RECEIVED)] = Cell(None, received.value(*p))
    return Table("response-rates", PART_ACTIVITY, "activity:organisation", "organisation", "measure",
                 tuple(map(table_key, (*ids, TOTAL))), (SENT, ANSWERED, RECEIVED), cells, None, "row")


__all__ = [
    "Benchmark", "Cell", "Figures", "MISSING", "SUPPRESSED", "SampleGuide", "Table", "TOTAL_KEY",
    "benchmark_figures", "council_figures", "experience_questions", "strictest",
]
