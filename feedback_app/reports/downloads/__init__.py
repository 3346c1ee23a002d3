"""A council's figures for a period as files: CSV, XLSX and PDF.

Every file is made from ``figures.published()``: only rounded or withheld values leave the
service, never an unrounded count. The response count, the enquiries completed and the
margin of error that go with the figures are rounded or worked out from rounded counts too
(see ``common.published_guide``), because a precise margin of error would give away the exact
number of responses. Confidence intervals are left out of every file for the same reason: an
interval's width depends on the unrounded base.

The layouts
-----------
CSV (``render_csv``): the long layout of the national Safeguarding Adults Collection's open
data, one row per published figure, UTF-8 with a byte order mark so that Excel reads it. The
columns are Geography, ONS code, Council, Period, Item, Category, Sub-category, Value. The
header and the labels are always in English, as the national layout is. Item names the table
and the measure ("Listened to (listened) by who answered: number", "...: percentage"); Category is
the table's row (an answer, a category, a channel) and Sub-category its column (who answered,
the kind of enquiry, a measure). Value is a whole number, ``[c]`` (withheld) or ``[x]``
(missing). Text that a spreadsheet would take for a formula is prefixed with an apostrophe.

XLSX (``render_xlsx``): a quarterly pro forma. A Contents sheet (council, ONS code, period,
status, correction, the sample size guide, links to the other sheets), a Notes sheet that
explains the disclosure control with the council's own rule values, then one sheet per part,
each a single table with one header row and the panes frozen below it: Experience (framework
Q4-Q7 and the person's view of Q2, by who answered and by kind of enquiry), Case records
(enquiries completed and Q1-Q3), Activity (invitations and responses by channel, by who asked
and by timing), and Themes and Quotes when there are any. Numbers are numbers, percentages are
fractions shown with a ``0%`` format, ``[c]``, ``[x]`` and ``[z]`` (not applicable) are text.
Sheet texts are in the reader's language; right-to-left languages get right-to-left sheets.

PDF (``render_pdf``): a tagged A4 summary (PDF/UA-1) in the reader's language, from
``templates/reports/summary_pdf.html``: the title information, how to read the figures, the
sample size guide, for each experience question a bar chart of everyone's answers followed by
its data table by who answered, the case record tables, the activity tables, themes and the
approved quotes. A draft says so on its first page and at the top of every page.

File names come from ``filename``: ``<council>-<period>-draft.csv`` or
``<council>-<period>-final-v2.xlsx``, ASCII only.
"""
from .csv_file import render_benchmark_csv, render_csv
from .header import DRAFT, FINAL, ReportHeader, filename
from .pdf_file import render_pdf
from .xlsx_file import render_xlsx

__all__ = ["DRAFT", "FINAL", "ReportHeader", "filename", "render_benchmark_csv", "render_csv", "render_pdf",
           "render_xlsx"]
