"""The XLSX download: the quarterly pro forma, one sheet per part of the return.

Each part's sheet holds one table with a single header row, frozen, so that the column names
stay in view however far down the reader scrolls: the tables of a part are stacked as rows
under the same columns rather than as separate blocks with headers of their own. A sheet
starts with its title and who and when it is about, as published spreadsheets are expected to.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ...i18n import current_language, text_direction
from ..disclosure import SUPPRESSED, Published
from ..labels import (
    ACTIVITY_LABELS, MEASURE_LABELS, column_label, enquiries_completed_label, framework_label, question_text, row_label, table_title,
)
from ..tables import (
    ANSWERED, MARGINS, PART_ACTIVITY, PART_RECORD, PART_THEMES, RECEIVED, SENT, TOTAL_KEY, Figures, Table,
)
from .header import ReportHeader
from .common import (
    NOT_APPLICABLE, check_published, disclosure_notes, experience_pairs, long_date, published_guide, status_text,
    window_table,
)

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="F3F2F1")
HEADER_BORDER = Border(bottom=Side(style="thin", color="0B0C0C"))
WRAP = Alignment(wrap_text=True, vertical="top")
FIGURE = Alignment(horizontal="right", vertical="top")
PERCENT_FORMAT = "0%"
LABEL_WIDTH, TEXT_WIDTH, FIGURE_WIDTH = 34, 48, 14
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Percent:
    """A published percentage: a fraction with a percent format in the sheet, or [c]/[x] as text."""

    value: Published | None


@dataclass(frozen=True)
class Column:
    heading: str
    width: int = FIGURE_WIDTH
    label: bool = False  # a leading column naming the row: frozen with the header


def _label(heading: str, width: int = LABEL_WIDTH) -> Column:
    return Column(heading, width, label=True)


def _write_value(cell, value) -> None:
    if isinstance(value, Percent):
        if value.value is None:
            cell.value = NOT_APPLICABLE
        elif isinstance(value.value, int):
            cell.value = check_published(value.value) / 100
            cell.number_format = PERCENT_FORMAT
        else:
            cell.value = check_published(value.value)
        cell.alignment = FIGURE
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.value = value
        cell.alignment = FIGURE
    elif isinstance(value, float):  # the margin of error, in points to one decimal place
        cell.value = value
        cell.number_format = "0.0"
        cell.alignment = FIGURE
    elif value in (SUPPRESSED, "[x]", NOT_APPLICABLE):
        cell.value = value
        cell.alignment = FIGURE
    else:
        cell.value = "" if value is None else str(value)
        # openpyxl stores text starting with "=" as a formula; a label or a comment never is one.
        cell.data_type = "s"
        cell.alignment = WRAP


def _sheet_name(title: str, taken: set[str]) -> str:
    name = SHEET_NAME_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


class Book:
    """The workbook being made, with what every sheet repeats at its top."""

    def __init__(self, figures: Figures, header: ReportHeader):
        self.figures, self.header = figures, header
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.right_to_left = text_direction(current_language()) == "rtl"
        self.names: set[str] = set()
        self.contents: list[tuple[str, str]] = []  # (sheet name, what it holds)

    def sheet(self, title: str, description: str | None = None) -> Worksheet:
        sheet = self.workbook.create_sheet(_sheet_name(title, self.names))
        sheet.sheet_view.rightToLeft = self.right_to_left
        if description:
            self.contents.append((sheet.title, description))
        return sheet

    def about(self) -> str:
        return _("%(council)s, %(period)s. %(status)s.", council=self.header.organisation_name,
                 period=self.header.period_label, status=status_text(self.header))

    def table_sheet(self, title: str, description: str, columns: list[Column], rows: list[list],
                    note: str | None = None) -> Worksheet:
        """A sheet holding one table: title, what it is about, a pointer to the notes, the header
        (frozen) and the rows. The label columns come first and stay in view too."""
        sheet = self.sheet(title, description)
        sheet["A1"], sheet["A2"] = description, self.about()
        sheet["A1"].font = TITLE
        sheet["A3"] = note or _("The Notes sheet explains [c], [x], [z] and the rounding.")
        header_row = 4
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=header_row, column=index, value=column.heading)
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, HEADER_BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.row_dimensions[header_row].height = 48
        for offset, values in enumerate(rows, start=1):
            for index, value in enumerate(values, start=1):
                _write_value(sheet.cell(row=header_row + offset, column=index), value)
        labels = sum(1 for column in columns if column.label)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=labels + 1).coordinate
        return sheet


def _figure_columns(label: str) -> list[Column]:
    return [Column(_("%(column)s: number", column=label)), Column(_("%(column)s: percentage", column=label))]


def _cells(table: Table | None, row: str, column: str) -> list:
    if table is None:
        return [NOT_APPLICABLE, Percent(None)]
    cell = table.cells.get((row, column))
    if cell is None:
        # A column a question's table leaves out had nobody in it: a count of 0, which is
        # published as withheld, like any count under the minimum.
        return [SUPPRESSED, Percent(None if row == TOTAL_KEY else SUPPRESSED)]
    return [cell.value, Percent(cell.percentage)]


def _experience(book: Book) -> None:
    pairs = experience_pairs(book.figures)
    if not pairs:
        return
    respondents = list(dict.fromkeys(c for by_who, _kind in pairs for c in by_who.columns if c != TOTAL_KEY))
    kinds = list(dict.fromkeys(c for _who, by_kind in pairs if by_kind for c in by_kind.columns if c != TOTAL_KEY))
    windows = {by_who.id: window_table(book.figures, by_who) for by_who, _kind in pairs}
    window_keys = list(dict.fromkeys(c for t in windows.values() if t for c in t.columns if c != TOTAL_KEY))
    first_who, first_kind = pairs[0]
    first_window = next((t for t in windows.values() if t), None)
    columns = [_label(_("Framework item")), _label(_("Question"), TEXT_WIDTH), _label(_("Answer"), 20)]
    for key in respondents:
        columns += _figure_columns(column_label(first_who, key))
    for key in kinds:
        columns += _figure_columns(column_label(first_kind, key) if first_kind else key)
    columns += _figure_columns(column_label(first_who, TOTAL_KEY))  # all respondents, one per enquiry
    for key in window_keys:
        columns += _figure_columns(column_label(first_window, key))
    rows = []
    for by_who, by_kind in pairs:
        item, question = framework_label(by_who.item), question_text(by_who.question)
        for row in by_who.rows:
            values = [item, question, row_label(by_who, row)]
            for key in respondents:
                values += _cells(by_who, row, key)
            for key in kinds:
                values += _cells(by_kind, row, key)
            values += _cells(by_who, row, TOTAL_KEY)
            for key in window_keys:
                values += _cells(windows[by_who.id], row, key)
            rows.append(values)
    book.table_sheet(_("Experience"), _("Experience of safeguarding: answers given from closure to 8 weeks "
                                        "after, by who answered and by kind of enquiry; then every answer by "
                                        "when it was given"), columns, rows)


def _records(book: Book) -> None:
    tables = book.figures.part(PART_RECORD)
    completed = next((t for t in book.figures.part(PART_ACTIVITY) if t.id == "enquiries-completed"), None)
    if not tables and completed is None:
        return
    first = tables[0] if tables else None
    kinds = list(first.columns) if first else list(completed.rows)
    columns = [_label(_("Framework item")), _label(_("Category"), TEXT_WIDTH)]
    for key in kinds:
        label = _("Total") if key == TOTAL_KEY else column_label(first, key) if first else key
        columns += _figure_columns(label)
    rows = []
    if completed is not None:
        name = str(ACTIVITY_LABELS[completed.item])
        for source in completed.columns:  # the enquiries' table has kinds as rows: turned here
            values = [name, column_label(completed, source)]
            for kind in kinds:
                cell = completed.cells.get((kind, source))
                values += [cell.value if cell else NOT_APPLICABLE, Percent(None)]
            rows.append(values)
    for table in tables:
        name = framework_label(table.item)
        for row in table.rows:
            values = [name, row_label(table, row)]
            for key in kinds:
                values += _cells(table, row, key)
            rows.append(values)
    book.table_sheet(_("Case records"), _("Case records: enquiries completed and the framework items answered "
                                          "from the record, by kind of enquiry"), columns, rows)


def _funnel(book: Book) -> None:
    """From enquiries closed to answers, then the reasons for screening out and the invited and
    answered by route: one row per figure, with its percentage where it has one."""
    _long_sheet(book, [t for t in book.figures.part(PART_ACTIVITY) if t.item.startswith("funnel")], _("Funnel"),
                _("From enquiries closed to answers: screened out, declined, invited and answered. "
                  "Percentages are of the enquiries closed; those answered are of those invited."))


def _cross(book: Book) -> None:
    _long_sheet(book, [t for t in book.figures.tables if t.item == "cross:safer_by_outcomes"], _("Safer by outcomes"),
                _("Feeling safer, by whether the outcomes the person wanted were achieved (in their view). "
                  "Percentages are of each column."))


def _long_sheet(book: Book, tables: list[Table], title: str, description: str) -> None:
    if not tables:
        return
    columns = [_label(_("Breakdown")), _label(_("Group")), _label(_("Measure"), 20), *_figure_columns(_("Figure"))]
    rows = []
    for table in tables:
        name = table_title(table)
        for row in table.rows:
            for column in table.columns:
                cell = table.cell(row, column)
                rows.append([name, row_label(table, row), column_label(table, column), cell.value,
                             Percent(cell.percentage)])
    book.table_sheet(title, description, columns, rows)


def _activity(book: Book) -> None:
    tables = [t for t in book.figures.part(PART_ACTIVITY) if t.columns == (SENT, ANSWERED, RECEIVED)]
    if not tables:
        return
    columns = [_label(_("Breakdown")), _label(_("Group")),
               Column(str(MEASURE_LABELS[SENT])), Column(str(MEASURE_LABELS[ANSWERED])),
               Column(_("Response rate")), Column(str(MEASURE_LABELS[RECEIVED]))]
    rows = []
    for table in tables:
        name = str(ACTIVITY_LABELS.get(table.item, table.item))
        for row in table.rows:
            answered = table.cell(row, ANSWERED)
            rows.append([name, row_label(table, row), table.cell(row, SENT).value, answered.value,
                         Percent(answered.percentage), table.cell(row, RECEIVED).value])
    book.table_sheet(_("Activity"), _("Invitations sent, answered and responses received, by channel, by who "
                                      "asked and by when people were asked"), columns, rows)


def _themes(book: Book) -> None:
    for table in book.figures.part(PART_THEMES):
        column = table.columns[0]
        rows = [[row_label(table, row), table.cell(row, column).value] for row in table.rows]
        book.table_sheet(_("Themes"), str(ACTIVITY_LABELS.get(table.item, table.item)),
                         [_label(_("Theme"), TEXT_WIDTH), Column(column_label(table, column))], rows,
                         note=_("A comment can carry several themes, so these numbers do not add up to the "
                                "number of comments."))


def _quotes(book: Book) -> None:
    if not book.figures.quotes:
        return
    rows = [[quote.get("text", ""), question_text(quote["question_key"]) if quote.get("question_key") else "",
             ", ".join(str(theme) for theme in quote.get("themes") or ())] for quote in book.figures.quotes]
    book.table_sheet(_("Quotes"), _("What people said, in their own words (approved for publication)"),
                             [Column(_("Comment"), 80), Column(_("Question"), TEXT_WIDTH),
                              Column(_("Themes"), LABEL_WIDTH)], rows,
                             note=_("Comments are shown with anything that could identify a person removed."))


def _notes(book: Book) -> None:
    sheet = book.sheet(_("Notes"), _("How the figures are protected, and how to read them"))
    sheet["A1"] = _("Notes")
    sheet["A1"].font = TITLE
    sheet.column_dimensions["A"].width = 110
    for row, note in enumerate(disclosure_notes(book.figures.rules), start=3):
        sheet.cell(row=row, column=1, value=note).alignment = WRAP


def _cover(book: Book) -> tuple[Worksheet, int]:
    """The first sheet: what the file is about and the sample size guide; the contents are
    added below once the other sheets exist."""
    header, guide = book.header, published_guide(book.figures)
    sheet = book.sheet(_("Contents"))
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 52, 70
    sheet["A1"] = _("Feedback after safeguarding enquiries: quarterly return")
    sheet["A1"].font = TITLE
    lines: list[tuple[str, object] | None] = [
        (_("Council"), header.organisation_name),
        (_("ONS code"), header.ons_code or "[x]"),
        (_("Period"), header.period_label),
        (_("Status"), status_text(header)),
    ]
    if header.correction_reason:
        lines.append((_("Reason for the correction"), header.correction_reason))
    lines += [
        (_("Made on"), long_date(header.generated_at)),
        None,
        (_("Responses and sample size"), None),
        (_("Responses received"), guide.responses),
        (enquiries_completed_label(book.figures.guide.population_source), guide.population),
        (_("Margin of error, plus or minus, in percentage points"),
         guide.margin if guide.margin is not None else NOT_APPLICABLE),
    ]
    for margin in MARGINS:
        lines.append((_("Responses needed for a margin of error of %(points)s points", points=round(margin * 100)),
                      guide.needed[margin]))
    lines += [None, (_("Contents"), None)]
    row = 3
    for line in lines:
        if line is not None:
            label, value = line
            sheet.cell(row=row, column=1, value=label).font = BOLD if value is None else Font()
            if value is not None:
                _write_value(sheet.cell(row=row, column=2), value)
                # Values read from the labels' side, as text does, in either direction.
                start = "right" if book.right_to_left else "left"
                sheet.cell(row=row, column=2).alignment = Alignment(horizontal=start, wrap_text=True)
        row += 1
    return sheet, row


def render_xlsx(figures: Figures, header: ReportHeader) -> bytes:
    """The figures as a workbook, in the current language."""
    book = Book(figures.published(), header)
    cover, row = _cover(book)
    _notes(book)
    for part in (_experience, _cross, _records, _funnel, _activity, _themes, _quotes):
        part(book)
    for name, description in book.contents:
        link = cover.cell(row=row, column=1, value=name)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1", display=name)
        link.font = Font(color="1D70B8", underline="single")
        cover.cell(row=row, column=2, value=description).alignment = WRAP
        row += 1
    book.workbook.properties.title = _("%(council)s: feedback after safeguarding enquiries, %(period)s",
                                       council=header.organisation_name, period=header.period_label)
    book.workbook.properties.creator = header.organisation_name
    book.workbook.properties.language = current_language()
    stream = io.BytesIO()
    book.workbook.save(stream)
    return stream.getvalue()
