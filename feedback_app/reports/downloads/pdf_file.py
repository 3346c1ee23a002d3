"""The PDF download: a short printed summary of a council's figures for a period.

Made with WeasyPrint as tagged PDF (PDF/UA-1), with a title and a language, from its own print
stylesheet and the fonts installed on the server (Debian's fonts-noto-core: Noto Sans, and
Noto Naskh Arabic for Urdu and Arabic); nothing is fetched from anywhere. The page is put
together here, so that the template only lays it out: each table arrives with its caption,
headings and the text of every cell.

A cell shows the count with its percentage in brackets ("10 (80%)"): one column per group
keeps a table readable on A4, and WeasyPrint links a cell to its headers reliably only when
no heading spans two columns.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from ...i18n import LANGUAGES, current_language, text_direction
from ..disclosure import MISSING
from ..labels import (
    ACTIVITY_LABELS, DIMENSION_LABELS, column_label, enquiries_completed_label, framework_label, question_text, row_label, table_title,
)
from ..tables import PART_ACTIVITY, PART_RECORD, PART_THEMES, TOTAL_KEY, Figures, Table
from .header import ReportHeader
from ..charts import bar_chart_figure
from ..headline import answer_bars, headlines
from .common import (
    check_published, disclosure_notes, experience_pairs, has_percentages, long_date, number_text, percent_text,
    published_guide, status_text, window_table,
)


@dataclass(frozen=True)
class TableView:
    """A table as printed: every text ready, in the reader's language."""

    id: str
    caption: str
    corner: str  # the heading of the row labels
    headings: list[str]
    rows: list[tuple[str, list[str], bool]]  # (label, cells, is the total row)
    note: str | None = None


@dataclass(frozen=True)
class Question:
    heading: str
    question: str
    chart_title: str
    chart: Markup
    table: TableView
    windows: TableView | None = None  # every answer by when it was given


@dataclass
class Summary:
    headlines: list = field(default_factory=list)  # (label, percentage text, base text)
    questions: list[Question] = field(default_factory=list)
    cross: list[TableView] = field(default_factory=list)  # feeling safer by outcomes achieved
    records: list[TableView] = field(default_factory=list)
    activity: list[TableView] = field(default_factory=list)
    themes: list[TableView] = field(default_factory=list)


def _cell_text(table: Table, row: str, column: str, with_percentage: bool) -> str:
    cell = table.cells[(row, column)]
    text = number_text(check_published(cell.value))
    if with_percentage and cell.percentage is not None and cell.percentage != cell.value:
        # "[c]" alone when both are withheld: "[c] ([c])" says nothing more.
        text += f" ({percent_text(check_published(cell.percentage))})"
    return text


def table_view(table: Table, caption: str | None = None) -> TableView:
    with_percentages = {column: has_percentages(table, column) for column in table.columns}
    headings = []
    for column in table.columns:
        label = column_label(table, column)
        if with_percentages[column]:
            label = (_("%(column)s (response rate)", column=label) if table.percent_of == "row"
                     else _("%(column)s (percentage)", column=label))
        headings.append(label)
    rows = [(row_label(table, row), [_cell_text(table, row, column, with_percentages[column])
                                     for column in table.columns], row == TOTAL_KEY) for row in table.rows]
    note = None
    if table.percent_of == "column":
        note = _("Each cell shows a number, and in brackets its percentage of the column's total.")
    elif table.percent_of == "row":
        note = _("The response rate is the percentage of invitations sent that were answered.")
    return TableView(f"table-{table.id}", caption or table_title(table),
                     str(DIMENSION_LABELS.get(table.rows_by, table.rows_by)), headings, rows, note)


def _headlines(figures: Figures) -> list[tuple[str, str, str]]:
    """The page's four headline figures, worked out from the whole figures (a sum of two cells
    needs their counts) but holding published values only, without intervals, as a file may."""
    rows = []
    for item in headlines(figures):
        shown = percent_text(check_published(item.percentage)) if item.percentage is not None else MISSING
        base = number_text(check_published(item.base)) if item.base is not None else MISSING
        rows.append((item.label, shown, _("Of %(count)s %(what)s", count=base, what=item.base_label)))
    return rows


def _summary(figures: Figures, direction: str, whole: Figures | None = None) -> Summary:
    summary = Summary(headlines=_headlines(whole or figures))
    for by_who, _by_kind in experience_pairs(figures):
        question = question_text(by_who.question)
        bars = [(label, check_published(share)) for label, share in answer_bars(by_who)]
        title = _("Answers to “%(question)s”, as a percentage of everyone who answered", question=question)
        summary.questions.append(Question(
            framework_label(by_who.item), question, title,
            bar_chart_figure(title, bars, direction=direction, chart_id=f"chart-{by_who.id}"), table_view(by_who),
            _optional_view(window_table(figures, by_who))))
    summary.cross = [table_view(t) for t in figures.tables if t.item == "cross:safer_by_outcomes"]
    completed = [t for t in figures.part(PART_ACTIVITY) if t.id == "enquiries-completed"]
    summary.records = [table_view(t, str(ACTIVITY_LABELS[t.item])) for t in completed]
    summary.records += [table_view(t) for t in figures.part(PART_RECORD)]
    summary.activity = [table_view(t) for t in figures.part(PART_ACTIVITY) if t.id != "enquiries-completed"]
    summary.themes = [table_view(t) for t in figures.part(PART_THEMES)]
    return summary


def _optional_view(table: Table | None) -> TableView | None:
    return table_view(table) if table is not None else None


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string that is safe inside a <style> element."""
    escaped = (str(text).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
               .replace("\n", "\\a ").replace("\r", ""))
    return Markup(f'"{escaped}"')


def page_numbers() -> Markup:
    """The CSS content of "Page 2 of 5" in the reader's language, with the page counters."""
    text = _("Page %(page)s of %(pages)s", page="\0page\0", pages="\0pages\0")
    parts = []
    for index, piece in enumerate(text.split("\0")):
        if index % 2:
            parts.append(Markup(f"counter({'pages' if piece == 'pages' else 'page'})"))
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ").join(parts)


def render_pdf(figures: Figures, header: ReportHeader) -> bytes:
    """The summary as tagged PDF in the current language."""
    published = figures.published()
    language = current_language()
    direction = text_direction(language)
    title = _("%(council)s: feedback after safeguarding enquiries, %(period)s",
              council=header.organisation_name, period=header.period_label)
    running_head = f"{header.organisation_name} · {header.period_label}"
    if header.is_draft:
        running_head = _("Draft: %(title)s", title=running_head)
    guide = published_guide(published)
    html = render_template(
        "reports/summary_pdf.html", language=language, direction=direction, title=title, header=header,
        status=status_text(header), made_on=long_date(header.generated_at),
        finalised_on=long_date(header.finalised_at) if header.finalised_at else None,
        notes=disclosure_notes(published.rules), guide=guide, number_text=number_text,
        enquiries_completed_label=enquiries_completed_label, population_source=published.guide.population_source,
        summary=_summary(published, direction, figures), quotes=[_quote(q) for q in published.quotes],
        running_head=css_string(running_head), page_numbers=page_numbers(),
    )
    # Imported here: WeasyPrint takes a moment to load, and only this download needs it.
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _quote(quote: dict) -> dict:
    """A quote as printed; one written in another language than the page is marked as such, so
    that it is read aloud in its own language and set in its own direction."""
    question = quote.get("question_key")
    language = quote.get("language")
    return {"paragraphs": [p for p in str(quote.get("text") or "").split("\n") if p.strip()],
            "question": question_text(question) if question else None,
            "themes": [str(theme) for theme in quote.get("themes") or ()],
            "language": language if language in LANGUAGES else None,
            "direction": text_direction(language) if language in LANGUAGES else None}
