"""A council's downloads, made from real figures and read back the way their readers would:
CSV with the csv module, XLSX with openpyxl, PDF with pypdf, pdftotext and pdffonts."""
import csv
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

import pytest
from flask_babel import force_locale, gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from feedback_app.models import OutcomesAsked
from feedback_app.reports.counts import Counts
from feedback_app.reports.disclosure import SUPPRESSED, DisclosureRules
from feedback_app.reports.downloads import ReportHeader, filename, render_csv, render_pdf, render_xlsx
from feedback_app.reports.charts import bar_chart_figure, bar_chart_svg
from feedback_app.reports.downloads.csv_file import COLUMNS
from feedback_app.reports.periods import Quarter
from feedback_app.reports.parts import council_figures

from feedback_app.models import Role

from ..factories import create_organisation, create_user
from .builders import closed_enquiry, respond

Q2 = Quarter(2025, 2)
IN_Q2 = datetime(2025, 8, 1, 12, tzinfo=timezone.utc)
QUOTE = "They listened to me and I feel safer at home now."
URDU_QUOTE = "انہوں نے میری بات سنی۔"
RISKY_THEME = "=SUM(A1:A9)"
SVG = "{http://www.w3.org/2000/svg}"


def make_header(council, **changes) -> ReportHeader:
    values = dict(organisation_name=council.name, ons_code=council.ons_code, organisation_slug=council.slug,
                  period_label=Q2.label, period_slug=Q2.slug, status="draft", version=None, finalised_at=None,
                  correction_reason=None, generated_at=datetime(2025, 10, 6, 9, tzinfo=timezone.utc))
    values.update(changes)
    return ReportHeader(**values)


@pytest.fixture
def council(session):
    return create_organisation(session, name="Northshire Council", slug="northshire", ons_code="E10000099")


@pytest.fixture
def figures(session, council):
    """12 adults said yes (published as 10), 3 said no ([c]), 8 representatives said a bit."""
    for choice, n, who in (("yes", 12, "adult"), ("no", 3, "adult"), ("a_bit", 8, "representative")):
        for _ in range(n):
            respond(session, council, {"listened": choice, "safer": "yes"}, who=who, submitted_at=IN_Q2,
                    sent_at=IN_Q2)
    for _ in range(7):
        closed_enquiry(session, council, date(2025, 8, 1), asked=OutcomesAsked.EXPRESSED)
    return figures_for(session, council)


def figures_for(session, council, rules=DisclosureRules()):
    themes = Counts(("theme",), {(RISKY_THEME,): 12, ("kept informed",): 5})
    quotes = [{"text": QUOTE, "question_key": "own_words", "themes": ["kept informed"], "language": "en"},
              {"text": URDU_QUOTE, "question_key": "own_words", "themes": [], "language": "ur"}]
    return council_figures(session, council.id, Q2, rules, themes=themes, quotes=quotes)


def in_language(language, render, *args):
    with force_locale(language):
        return render(*args)


# --- names -------------------------------------------------------------------------------------

def test_file_names_are_safe_ascii_and_say_draft_or_final_version(council):
    assert filename(make_header(council), "csv") == "northshire-2025-26-q2-draft.csv"
    final = make_header(council, status="final", version=2, finalised_at=datetime(2025, 10, 9, tzinfo=timezone.utc))
    assert filename(final, "xlsx") == "northshire-2025-26-q2-final-v2.xlsx"
    odd = make_header(council, organisation_slug="Ynys Môn/../x", period_slug="2025-26 Q2")
    assert filename(odd, "pdf") == "ynys-mon-x-2025-26-q2-draft.pdf"


# --- CSV ---------------------------------------------------------------------------------------

def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    assert tuple(header) == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in reader]


def test_csv_is_the_national_long_layout_with_only_published_values(figures, council):
    rows = read_csv(in_language("en", render_csv, figures, make_header(council)))
    assert rows and all(r["Geography"] == "Council" and r["ONS code"] == "E10000099" and
                        r["Council"] == "Northshire Council" and r["Period"] == "2025-26 Q2" for r in rows)
    for row in rows:
        assert re.fullmatch(r"\d+|\[c\]|\[x\]", row["Value"]), row
    numbers = [r for r in rows if r["Item"].endswith(": number")]
    percentages = [r for r in rows if r["Item"].endswith(": percentage")]
    assert numbers and percentages
    # 12 adults said yes: the file says 10 and never 12; every count is a multiple of 5.
    yes_adults = [r for r in numbers if r["Item"] == "Listened to (listened) by who answered: number"
                  and r["Category"] == "Yes" and r["Sub-category"] == "The person"]
    assert [r["Value"] for r in yes_adults] == ["10"]
    assert "12" not in {r["Value"] for r in numbers}
    assert all(r["Value"] in ("[c]", "[x]") or int(r["Value"]) % 5 == 0 for r in numbers)
    no_adults = next(r for r in numbers if r["Item"] == "Listened to (listened) by who answered: number"
                     and r["Category"] == "No" and r["Sub-category"] == "The person")
    assert no_adults["Value"] == SUPPRESSED
    # Percentages come from the unrounded counts: 12 of 15 adults.
    assert next(r for r in percentages if r["Item"] == "Listened to (listened) by who answered: percentage"
                and r["Category"] == "Yes" and r["Sub-category"] == "The person")["Value"] == "80"
    items = {r["Item"] for r in rows}
    assert {"MSP Q1 Asked about the outcomes they wanted by kind of enquiry: number", "Enquiries completed: number",
            "Invitations and responses by channel: percentage", "Themes in comments: number"} <= items


def test_csv_labels_are_english_and_text_cannot_become_a_formula(figures, council):
    header = make_header(council, organisation_name="=HYPERLINK(\"http://example.org\")", ons_code="+E1",
                         period_label="@2025-26 Q2")
    rows = read_csv(in_language("cy", render_csv, figures, header))
    assert {r["Council"] for r in rows} == {"'=HYPERLINK(\"http://example.org\")"}
    assert {r["ONS code"] for r in rows} == {"'+E1"}
    assert {r["Period"] for r in rows} == {"'@2025-26 Q2"}
    themes = [r for r in rows if r["Item"] == "Themes in comments: number"]
    assert {r["Category"] for r in themes} == {"'" + RISKY_THEME, "kept informed"}
    assert {r["Sub-category"] for r in themes} == {"Comments"}
    assert any(r["Category"] == "Yes" and r["Sub-category"] == "Total" for r in rows)  # English under Welsh


# --- XLSX --------------------------------------------------------------------------------------

def sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_is_a_pro_forma_with_frozen_headers_notes_and_published_values(session, figures, council):
    strict = figures_for(session, council, DisclosureRules(min_count=6, rounding_base=10, min_percentage_base=12))
    final = make_header(council, status="final", version=2, finalised_at=datetime(2025, 10, 9, tzinfo=timezone.utc),
                        correction_reason="Three paper forms were keyed late.")
    book = load_workbook(io.BytesIO(in_language("en", render_xlsx, strict, final)))
    assert book.sheetnames == ["Contents", "Notes", "Experience", "Safer by outcomes", "Case records", "Funnel",
                               "Activity", "Themes", "Quotes"]

    cover = {row[0]: row[1] for row in sheet_rows(book["Contents"]) if row[0]}
    assert cover["Council"] == "Northshire Council" and cover["ONS code"] == "E10000099"
    assert cover["Period"] == "2025-26 Q2"
    assert cover["Status"] == "Final, version 2, 9 October 2025"
    assert cover["Reason for the correction"] == "Three paper forms were keyed late."
    assert cover["Responses received"] == 20  # 23 responses, rounded to the nearest 10 here
    notes = " ".join(str(row[0]) for row in sheet_rows(book["Notes"]) if row[0])
    # The notes give the rules that were actually used, not the national defaults.
    assert "from 1 to 5 are shown as [c]" in notes and "nearest 10" in notes and "fewer than 12 people" in notes
    assert "secondary suppression" in notes and "[x]" in notes and "several themes" in notes

    for name in ("Experience", "Case records", "Activity", "Themes", "Quotes"):
        sheet = book[name]
        assert sheet.freeze_panes and sheet.freeze_panes[-1] == "5", (name, sheet.freeze_panes)
        assert sheet_rows(sheet)[3][0], f"{name} has a header row"

    experience = book["Experience"]
    header = sheet_rows(experience)[3]
    assert header[:3] == ["Framework item", "Question", "Answer"]
    yes_row = next(row for row in experience.iter_rows(min_row=5)
                   if row[1].value == "Did people listen to you?" and row[2].value == "Yes")
    adult_number = header.index("The person: number")
    adult_share = header.index("The person: percentage")
    published = strict.published().table("q4-listened-respondent").cell("yes", "adult")
    assert yes_row[adult_number].value == published.value == 10  # 12 rounded to the nearest 10
    assert yes_row[adult_share].value == pytest.approx(published.percentage / 100)
    assert yes_row[adult_share].number_format == "0%"
    for row in experience.iter_rows(min_row=5, values_only=True):
        for index, value in enumerate(row[3:], start=3):
            if header[index].endswith(": number"):
                assert value in ("[c]", "[x]") or value % 10 == 0, (row, header[index])
    themes = sheet_rows(book["Themes"])
    assert [RISKY_THEME, 10] in themes and ["kept informed", SUPPRESSED] in themes
    risky = next(row[0] for row in book["Themes"].iter_rows() if row[0].value == RISKY_THEME)
    assert risky.data_type == "s", "text is stored as text, never as a formula"
    assert sheet_rows(book["Quotes"])[4][0] == QUOTE


def test_xlsx_texts_follow_the_language_and_urdu_reads_right_to_left(figures, council):
    book = load_workbook(io.BytesIO(in_language("ur", render_xlsx, figures, make_header(council))))
    with force_locale("ur"):
        assert book.sheetnames[0] == gettext("Contents")[:31]
    assert book.worksheets[2].sheet_view.rightToLeft


# --- PDF ---------------------------------------------------------------------------------------

def pdf_text(pdf: bytes, tmp_path) -> str:
    """The text as pdftotext reads it, on one line, without the Unicode controls it puts around
    right-to-left runs."""
    assert shutil.which("pdftotext"), "pdftotext is needed: apt-get install poppler-utils"
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", text).split())


def pdf_fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_pdf_is_tagged_titled_and_says_what_matters(figures, council, tmp_path):
    pdf = in_language("en", render_pdf, figures, make_header(council))
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Northshire Council: feedback after safeguarding enquiries, 2025-26 Q2"
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4

    text = pdf_text(pdf, tmp_path)
    for expected in ("Northshire Council", "2025-26 Q2", "E10000099", "DRAFT", "How to read these figures",
                     "Answers to “Did people listen to you?”, as a percentage of everyone who answered",
                     QUOTE, "[c]", "Page 1 of", "Responses needed for a margin of error of 5 points"):
        assert expected in text, expected
    # The published figure is in the table, with its percentage from the unrounded counts.
    assert "10 (80%)" in text
    # A quote in another language is set in its own script's font, and comes back out intact.
    assert URDU_QUOTE in text and "NotoNaskhArabic" in pdf_fonts(pdf, tmp_path).replace("-", "")


def test_pdf_without_quotes_says_so_and_a_final_one_is_not_a_draft(session, council, tmp_path):
    respond(session, council, {"listened": "yes"}, submitted_at=IN_Q2)
    figures = council_figures(session, council.id, Q2)
    final = make_header(council, status="final", version=1, finalised_at=datetime(2025, 10, 9, tzinfo=timezone.utc))
    text = pdf_text(in_language("en", render_pdf, figures, final), tmp_path)
    assert "No comments were approved for publication for this period." in text
    assert "DRAFT" not in text and "Final, version 1, 9 October 2025" in text


@pytest.mark.parametrize("language", ["cy", "ur"])
def test_pdf_in_welsh_and_urdu(figures, council, tmp_path, language):
    pdf = in_language(language, render_pdf, figures, make_header(council))
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert root["/Lang"] == language and "/StructTreeRoot" in root
    with force_locale(language):
        heading = gettext("How to read these figures")
    text = pdf_text(pdf, tmp_path)
    assert heading != "How to read these figures" and heading in text
    assert "Northshire Council" in text and "80%" in text
    if language == "ur":
        fonts = pdf_fonts(pdf, tmp_path).replace("-", "")
        # Urdu is set in Noto Naskh Arabic, and no letter fell back to a missing-glyph box: the
        # heading came back out of the PDF exactly as it went in.
        assert "NotoNaskhArabic" in fonts
    else:
        assert "[c]" in text and "Tudalen 1 o" in text


# --- charts ------------------------------------------------------------------------------------

def test_a_chart_is_an_accessible_image_that_never_draws_a_withheld_value_as_zero():
    svg = ET.fromstring(str(bar_chart_svg("Did people listen?", [("Yes", 80), ("A bit", SUPPRESSED),
                                                                  ("No", None)], chart_id="q4")))
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Did people listen?"
    assert desc.text == "Yes: 80%; A bit: [c] (withheld); No: [x] (missing)."
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Yes", "80%", "A bit", "[c]", "No", "[x]"]
    blue = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "#1d70b8"]
    assert len(blue) == 1  # only the published value is a bar
    hatched = [r for r in svg.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(#q4-hatch")]
    assert len(hatched) == 1


def test_right_to_left_charts_grow_from_the_right_and_keep_labels_as_text():
    svg = ET.fromstring(str(bar_chart_svg("سوال", [("ہاں", 50)], direction="rtl", chart_id="ur")))
    label = next(svg.iter(f"{SVG}text"))
    assert label.get("direction") == "rtl" and float(label.get("x")) > 400
    bar = next(r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "#1d70b8")
    assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(479, abs=1)
    figure = str(bar_chart_figure("سوال", [("ہاں", 50)], direction="rtl", chart_id="ur"))
    assert '<p class="bar-chart__label"' in figure and "ہاں" in figure


def test_enquiries_completed_is_one_figure_everywhere_and_says_whose_it_is(session, client_request):
    from feedback_app.reports.returns import save_details

    council = create_organisation(session)
    for _ in range(12):
        closed_enquiry(session, council, IN_Q2.date())
    user = create_user(session, council, Role.ANALYST, password="correct horse battery")
    client_request.login(user, "correct horse battery")

    def figures_shown():
        page = client_request.get(f"/reports/{Q2.slug}?council={council.slug}")
        shown = re.search(r"Enquiries completed \(([^)]*)\): ([0-9,]+)", page.text)
        rows = list(csv.DictReader(io.StringIO(client_request.client.get(
            f"/reports/{Q2.slug}/download.csv?council={council.slug}").get_data().decode("utf-8-sig"))))
        line = next(r for r in rows if r["Item"] == "Enquiries completed: number")
        book = load_workbook(io.BytesIO(client_request.client.get(
            f"/reports/{Q2.slug}/download.xlsx?council={council.slug}").get_data()))
        cover = {row[0].value: row[1].value for row in book.worksheets[0].iter_rows() if row[0].value}
        return shown.groups(), (line["Sub-category"], line["Value"]), cover

    shown, line, cover = figures_shown()
    assert shown == ("counted in this service", "10") and line == ("Counted in this service", "10")
    assert cover["Enquiries completed (counted in this service)"] == 10
    save_details(session, council.id, Q2, enquiries_completed=31, notes=None, user=None)
    shown, line, cover = figures_shown()
    assert shown == ("your council’s own figure", "30") and line == ("Your council’s own figure", "30")
    assert cover["Enquiries completed (your council’s own figure)"] == 30


def test_the_three_files_carry_the_same_numbers_under_the_same_labels(session, client_request, tmp_path):
    council = create_organisation(session)
    for choice, n in (("yes", 23), ("no", 8), ("a_bit", 11)):
        for _ in range(n):
            respond(session, council, {"listened": choice, "safer": choice}, submitted_at=IN_Q2)
    user = create_user(session, council, Role.ANALYST, password="correct horse battery")
    client_request.login(user, "correct horse battery")
    base = f"/reports/{Q2.slug}/download"
    rows = list(csv.DictReader(io.StringIO(
        client_request.client.get(f"{base}.csv?council={council.slug}").get_data().decode("utf-8-sig"))))
    item = "Listened to (listened) by who answered"
    csv_values = {r["Category"]: r["Value"] for r in rows if r["Item"] == f"{item}: number"
                  and r["Sub-category"] == "All respondents, one per enquiry"}
    csv_shares = {r["Category"]: r["Value"] for r in rows if r["Item"] == f"{item}: percentage"
                  and r["Sub-category"] == "All respondents, one per enquiry"}
    assert csv_values == {"Yes": "25", "A bit": "10", "No": "10", "Total": "40", "I'd rather not say": "0",
                          "Skip this question": "0"}

    book = load_workbook(io.BytesIO(client_request.client.get(f"{base}.xlsx?council={council.slug}").get_data()))
    sheet = sheet_rows(book["Experience"])
    header = next(r for r in sheet if r and r[0] == "Framework item")
    total = header.index("All respondents, one per enquiry: number")
    listened = {r[2]: (r[total], r[total + 1]) for r in sheet if r and r[0] == "Listened to"}
    assert {answer: str(n) for answer, (n, _share) in listened.items()} == csv_values
    assert round(listened["Yes"][1] * 100) == int(csv_shares["Yes"])

    text = pdf_text(client_request.client.get(f"{base}.pdf?council={council.slug}").get_data(), tmp_path)
    assert "Listened to" in text and f"25 ({csv_shares['Yes']}%)" in text
