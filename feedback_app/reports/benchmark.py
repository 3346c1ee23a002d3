"""Every council side by side: ``benchmark_figures`` gives one row per council, with England's
totals computed from unrounded counts and rounded once, under the strictest council's rules."""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..models import OutcomesAsked
from .disclosure import (
    MISSING, SAFE_MINIMUM, SUPPRESSED, TOTAL, DisclosureRules, protect_cube, protect_table, publish_percentage,
)
from .figures import NOT_ENTERED, Activity, activity, experience_counts, record_counts
from .periods import Period
from .tables import (
    ANSWERED, COUNTED_WINDOW, Cell, Figures, PART_ACTIVITY, PART_EXPERIENCE, PART_RECORD, RECEIVED, RECORD_ITEMS,
    SENT, SampleGuide, TOTAL_KEY, Table, percentage_interval, table_key,
)
from .parts import SHOWN_APART, council_figures, experience_questions


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
            interval = percentage_interval(numerator, raw_total, percentage) if percentage is not None else None
            cells[(table_key(org), table_key(column))] = Cell(None, published.value(org, column), percentage, interval)
    return Table(table_id, part, item, "organisation", columns_by, tuple(map(table_key, (*organisation_ids, TOTAL))),
                 tuple(map(table_key, (*columns, TOTAL))), cells, question, "row")


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
    where = {"window": COUNTED_WINDOW, **({"respondent": respondent} if respondent else {})}
    tables = []
    for item, question, answers in experience_questions():
        answers = tuple(a for a in answers if a not in SHOWN_APART)
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
