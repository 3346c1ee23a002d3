"""The CSV download: the national collection's long layout, one row per published figure.

The header and every label are English whatever language the page is in, because the national
layout is English and files from different councils must line up. Percentages are rows of their
own beside the counts; confidence intervals are left out (see the package's docstring).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask_babel import force_locale

from ..labels import ACTIVITY_LABELS, DIMENSION_LABELS, POPULATION_SOURCES, column_label, row_label
from ..tables import PART_EXPERIENCE, PART_RECORD, Figures, Table
from .header import ReportHeader
from ...framework import file_name
from .common import check_published, published_guide

COLUMNS = ("Geography", "ONS code", "Council", "Period", "Item", "Category", "Sub-category", "Value")
GEOGRAPHY = "Council"
# A spreadsheet runs text starting with one of these as a formula (CSV injection); tab and
# carriage return are on the list because some spreadsheets skip them before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text) -> str:
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def item_name(table: Table, measure: str) -> str:
    """"Listened to (listened) by who answered: number", "MSP Q1 Asked about the outcomes they
    wanted by kind of enquiry: number": the framework item's name from the framework file, the
    question it was asked by where a survey asks it, then the breakdown; made in English (the
    caller forces it)."""
    if table.item in ACTIVITY_LABELS:  # a table of its own kind: named in words
        name = str(ACTIVITY_LABELS[table.item])
    elif table.part in (PART_EXPERIENCE, PART_RECORD):
        name = file_name(table.item)
        if table.question:
            name += f" ({table.question.replace('_', ' ')})"
        if table.columns_by in ("respondent", "enquiry_kind", "window"):
            name += f" by {str(DIMENSION_LABELS[table.columns_by]).lower()}"
    else:
        name = str(ACTIVITY_LABELS.get(table.item, table.item))
    return f"{name}: {measure}"


def figure_rows(figures: Figures) -> Iterator[tuple[str, str, str, object]]:
    """(Item, Category, Sub-category, Value) for every published figure: a table's counts, then
    its percentages."""
    for table in figures.tables:
        positions = [(row, column) for row in table.rows for column in table.columns]
        for measure in ("number", "percentage"):
            item = item_name(table, measure)
            for row, column in positions:
                cell = table.cells[(row, column)]
                value = cell.value if measure == "number" else cell.percentage
                if value is None:
                    continue
                yield item, row_label(table, row), column_label(table, column), check_published(value)


def render_csv(figures: Figures, header: ReportHeader) -> bytes:
    """The figures as CSV in UTF-8 with a byte order mark, so that Excel reads the accents."""
    published = figures.published()
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    fixed = [safe_text(GEOGRAPHY), safe_text(header.ons_code), safe_text(header.organisation_name),
             safe_text(header.period_label)]
    with force_locale("en"):
        for item, category, sub_category, value in figure_rows(published):
            writer.writerow([*fixed, safe_text(item), safe_text(category), safe_text(sub_category), value])
        # The one figure for enquiries completed, saying whose it is (the sample size guide's base).
        source = POPULATION_SOURCES.get(published.guide.population_source)
        writer.writerow([*fixed, "Enquiries completed: number", "All enquiries",
                         str(source).capitalize() if source else "", check_published(published_guide(published).population)])
    return stream.getvalue().encode("utf-8-sig")


ENGLAND_ONS_CODE = "E92000001"


ALL_COUNCILS = "All councils in this service"


def render_benchmark_csv(benchmark, councils, period_label: str, group_label: str, *, england: bool = False) -> bytes:
    """Every council's published figures and their sum, in the same long layout: one row per
    council (or the sum) and figure. The sum is England, with England's code, only when
    ``england`` says every English council is in it; otherwise it is "All councils in this
    service", with no code. ``group_label`` says who answered ("Everyone" or one group) and goes
    in Sub-category. Only published values exist in a benchmark, so only they can go out.
    """
    everyone = ("England", ENGLAND_ONS_CODE, "England") if england else (ALL_COUNCILS, "", ALL_COUNCILS)
    by_key = {str(c.id): c for c in councils}
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    with force_locale("en"):
        for table in benchmark.tables:
            for measure in ("number", "percentage"):
                item = item_name(table, measure)
                for row in table.rows:
                    council = by_key.get(row)
                    where = (GEOGRAPHY, council.ons_code, council.name) if council is not None else everyone
                    for column in table.columns:
                        cell = table.cells[(row, column)]
                        value = cell.value if measure == "number" else cell.percentage
                        if value is None:
                            continue
                        writer.writerow([*(safe_text(w) for w in where), safe_text(period_label), safe_text(item),
                                         safe_text(column_label(table, column)), safe_text(group_label),
                                         check_published(value)])
    return stream.getvalue().encode("utf-8-sig")
