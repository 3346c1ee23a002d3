"""The figures a quarter's page opens with: the response rate, outcomes achieved, feeling safer and
being listened to, each with its base and interval, and a chart of each experience question.

Everything here is read from a ``Figures``' tables (live or frozen in a final return), so the
headline can never say more than the tables under it: a percentage the tables withhold is
withheld here too, and one made from two cells is withheld if either of them is.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .disclosure import MISSING, Published, publish_percentage
from .charts import bar_chart_svg
from .labels import framework_label, question_text, row_label
from .tables import ANSWERED, PART_EXPERIENCE, PART_RECORD, SENT, TOTAL_KEY, Figures, Table, percentage_interval

POSITIVE = "yes"  # the answer the experience headlines count
HEADLINE_ITEMS = ("mspof:Q6", "mspof:Q4")  # the experience questions the headline reads
ACHIEVED = ("fully", "partially")


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    percentage: Published | None  # None: nothing to count from
    interval: tuple[int, int] | None
    base: Published | None
    base_label: str  # what the base counts, e.g. "invitations sent"


@dataclass(frozen=True)
class Chart:
    table_id: str  # the table the chart is drawn from, which the page shows with it
    title: str
    svg: Markup


def _table(figures: Figures, part: str, item: str, columns_by: str | None = None) -> Table | None:
    return next((t for t in figures.part(part) if t.item == item
                 and (columns_by is None or t.columns_by == columns_by)), None)


def _of_answer(figures: Figures, item: str, key: str, label, base_label) -> Headline:
    table = _table(figures, PART_EXPERIENCE, item, "respondent")
    if table is None or (POSITIVE, TOTAL_KEY) not in table.cells:
        return Headline(key, str(label), None, None, None, str(base_label))
    cell, base = table.cell(POSITIVE, TOTAL_KEY), table.cell(TOTAL_KEY, TOTAL_KEY).value
    # Of nobody, or of a question nobody was asked, there is no percentage at all: not a withheld one.
    percentage = None if base in (0, MISSING) else cell.percentage
    return Headline(key, str(label), percentage, cell.interval, base, str(base_label))


def _response_rate(figures: Figures) -> Headline:
    label, base_label = _("Response rate"), _("invitations sent")
    table = next((t for t in figures.tables if t.id == "invitations-channel"), None)
    if table is None:
        return Headline("response_rate", label, None, None, None, base_label)
    answered, sent = table.cell(TOTAL_KEY, ANSWERED), table.cell(TOTAL_KEY, SENT).value
    return Headline("response_rate", label, None if sent == 0 else answered.percentage, answered.interval, sent,
                    base_label)


def _outcomes_achieved(figures: Figures) -> Headline:
    label, base_label = _("Outcomes fully or partly achieved"), _("enquiries where the person said what they wanted")
    table = _table(figures, PART_RECORD, "mspof:Q2")
    if table is None:
        return Headline("outcomes_achieved", label, None, None, None, base_label)
    cells = [table.cell(key, TOTAL_KEY) for key in ACHIEVED if (key, TOTAL_KEY) in table.cells]
    total = table.cell(TOTAL_KEY, TOTAL_KEY)
    if any(c.count is None for c in cells) or total.count is None:
        # A frozen return's published copy has no counts: the sum cannot be made again.
        return Headline("outcomes_achieved", label, MISSING, None, total.value, base_label)
    achieved = sum(c.count for c in cells)
    if total.count == 0:
        return Headline("outcomes_achieved", label, None, None, total.value, base_label)
    rules = figures.rules
    percentage = publish_percentage(achieved, total.count, rules, numerator_suppressed=any(c.hidden for c in cells)
                                    or total.hidden)
    return Headline("outcomes_achieved", label, percentage,
                    percentage_interval(achieved, total.count, percentage), total.value, base_label)


def headlines(figures: Figures) -> list[Headline]:
    return [
        _response_rate(figures),
        _outcomes_achieved(figures),
        _of_answer(figures, "mspof:Q6", "safer", _l("Feel safer (answered yes)"), _l("people who answered")),
        _of_answer(figures, "mspof:Q4", "listened", _l("Felt listened to (answered yes)"), _l("people who answered")),
    ]


def answer_bars(table: Table) -> list[tuple[str, Published]]:
    """(answer, share of everyone who answered) for each answer in the base of an experience
    table by who answered: "rather not say" and skipped have no share and are left out."""
    return [(row_label(table, row), table.cell(row, TOTAL_KEY).percentage) for row in table.rows
            if row != TOTAL_KEY and table.cell(row, TOTAL_KEY).percentage is not None]


def answer_charts(figures: Figures, direction: str = "ltr") -> list[Chart]:
    """A chart of each experience question's answers, drawn in SVG for a browser."""
    charts = []
    for table in figures.part(PART_EXPERIENCE):
        if table.columns_by != "respondent" or table.cell(TOTAL_KEY, TOTAL_KEY).value in (0, MISSING):
            continue  # a question nobody answered, or nobody was asked, has nothing to draw
        bars = answer_bars(table)
        if not bars:
            continue
        item = framework_label(table.item)
        title = _("%(item)s – answers to “%(question)s”, as a percentage of everyone who answered", item=item,
                  question=question_text(table.question))
        charts.append(Chart(table.id, title, bar_chart_svg(title, bars, direction=direction,
                                                            chart_id=f"chart-{table.id}")))
    return charts
