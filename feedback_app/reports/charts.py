"""Bar charts drawn on the server as SVG: no JavaScript, no web fonts, readable in print.

A chart is an image with a title and a description that says every value, and it always comes
with its data table, so no one needs to see it to read the figures. A withheld ([c]) or missing
([x]) value is drawn as a short hatched or empty box with its symbol beside it, never as a bar of
0, which would be a figure nobody published.

Each answer's label sits on its own line above its bar, so a long label or a right-to-left one
needs no measuring. WeasyPrint draws SVG text a letter at a time, which breaks the joined
letters of Urdu and Arabic, so for the PDF ``bar_chart_figure`` draws the bars in SVG and sets
the labels over them as ordinary text, in the same positions; a browser can show the labels
inside the SVG (``bar_chart_svg``) in any language. Sizes are in points, as printed.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from flask_babel import gettext as _
from markupsafe import Markup, escape

from .disclosure import MISSING, SUPPRESSED, Published

# GOV.UK colours: the bar's blue has a contrast of 5.2:1 with white, the text 19:1.
BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"
MUTED_COLOUR = "#505a5f"
TRACK_COLOUR = "#f3f2f1"
FONT_FAMILY = "Noto Sans, DejaVu Sans, sans-serif"

WIDTH = 480  # points: the width of an A4 page's text, less a little
FONT_SIZE = 12
LABEL_BAND = 17  # the line above a bar that holds its label
BAR_HEIGHT = 14
ROW = 36  # label band, bar and the space below it
VALUE_SPACE = 44  # room after the longest bar for its value ("100%")
PLOT = WIDTH - VALUE_SPACE - 2
NO_VALUE_WIDTH = 36  # the box drawn for a withheld or missing value

Bar = tuple[str, Published | None]


def chart_height(bars: Sequence[Bar]) -> int:
    return max(1, len(bars)) * ROW


def _value_text(value: Published | None) -> str:
    if isinstance(value, int):
        return f"{value}%"
    return MISSING if value is None else str(value)


def describe(bars: Sequence[Bar]) -> str:
    """Every value in words, for the chart's description."""
    parts = []
    for label, value in bars:
        if value == SUPPRESSED:
            shown = _("[c] (withheld)")
        elif isinstance(value, int):
            shown = f"{value}%"
        else:
            shown = _("[x] (missing)")
        parts.append(_("%(label)s: %(value)s", label=label, value=shown))
    return "; ".join(parts) + "."


def _chart_id(title: str, bars: Sequence[Bar]) -> str:
    digest = hashlib.sha1(repr((str(title), [(str(label), value) for label, value in bars])).encode()).hexdigest()
    return f"chart-{digest[:10]}"


def _safe_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text) or "chart"


def bar_chart_svg(title: str, bars: Sequence[Bar], *, description: str | None = None, direction: str = "ltr",
                  labels: bool = True, chart_id: str | None = None) -> Markup:
    """Horizontal bars of percentages (0-100), one per (label, value); a value may be [c], [x]
    or None (missing). Right to left, the bars grow from the right and the labels start there.
    ``labels=False`` leaves the label lines empty, for a caller that sets the labels as text."""
    rtl = direction == "rtl"
    ident = _safe_id(chart_id or _chart_id(title, bars))
    height = chart_height(bars)
    hatch = f"{ident}-hatch"
    start = WIDTH - 1 if rtl else 1  # the bars' common edge

    def across(x: float, width: float = 0) -> float:
        """x measured from the common edge, as an SVG coordinate (the left of a shape)."""
        return start - x - width if rtl else start + x

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'id="{ident}" class="bar-chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}pt" height="{height}pt" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description or describe(bars))}</desc>',
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="2" height="6" fill="{MUTED_COLOUR}"/></pattern></defs>',
    ]
    for index, (label, value) in enumerate(bars):
        top = index * ROW
        bar_top = top + LABEL_BAND
        if labels:
            # "start" is the right-hand end of right-to-left text: the label begins at the bars' edge.
            parts.append(f'<text x="{start}" y="{top + FONT_SIZE + 1}" text-anchor="start" direction="{direction}" '
                         f'fill="{TEXT_COLOUR}">{escape(label)}</text>')
        parts.append(f'<rect x="{across(0, PLOT)}" y="{bar_top}" width="{PLOT}" height="{BAR_HEIGHT}" '
                     f'fill="{TRACK_COLOUR}"/>')
        if isinstance(value, int):
            length = PLOT * max(0, min(value, 100)) / 100
            if length:
                parts.append(f'<rect x="{across(0, length):.1f}" y="{bar_top}" width="{length:.1f}" '
                             f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>')
        else:
            length = NO_VALUE_WIDTH
            fill = f"url(#{hatch})" if value == SUPPRESSED else "#ffffff"
            dashes = "" if value == SUPPRESSED else ' stroke-dasharray="3 2"'
            parts.append(f'<rect x="{across(0.5, length - 1)}" y="{bar_top + 0.5}" width="{length - 1}" '
                         f'height="{BAR_HEIGHT - 1}" fill="{fill}" stroke="{TEXT_COLOUR}"{dashes}/>')
        # The value reads left to right in every language: a number and a percent sign, or a symbol.
        parts.append(f'<text x="{across(length + 4):.1f}" y="{bar_top + BAR_HEIGHT - 3}" '
                     f'text-anchor="{"end" if rtl else "start"}" direction="ltr" fill="{TEXT_COLOUR}" '
                     f'font-weight="bold">{escape(_value_text(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart_figure(title: str, bars: Sequence[Bar], *, direction: str = "ltr", chart_id: str | None = None,
                     description: str | None = None) -> Markup:
    """The chart for a printed page: bars in SVG, labels as text set over their lines, so that
    any script is shaped and ordered properly. The block is exactly as tall as the SVG."""
    svg = bar_chart_svg(title, bars, description=description, direction=direction, labels=False,
                        chart_id=chart_id)
    labels = "".join(
        f'<p class="bar-chart__label" style="top: {index * ROW}pt; height: {LABEL_BAND}pt">{escape(label)}</p>'
        for index, (label, _value) in enumerate(bars))
    return Markup(f'<div class="bar-chart__frame" style="height: {chart_height(bars)}pt">{svg}{labels}</div>')
