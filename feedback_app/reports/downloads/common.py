"""What every download says the same way: the notes on disclosure control, the sample size guide
from rounded counts, the status line, and how a figure is written."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

from ..disclosure import MISSING, SUPPRESSED, DisclosureRules, Published, publish_count
from ..periods import LONDON
from ..tables import MARGINS, PART_EXPERIENCE, RECEIVED, TOTAL_KEY, Figures, Table
from ..stats import margin_of_error, responses_needed
from .header import ReportHeader

NOT_APPLICABLE = "[z]"  # the statistical symbol for "not applicable", e.g. no percentage of a count


@dataclass(frozen=True)
class PublishedGuide:
    """The sample size guide as a file may show it: counts rounded, and the margin of error worked
    out from the rounded counts, so that it gives away nothing the counts do not."""

    responses: Published
    population: Published  # enquiries completed
    margin: float | None  # plus or minus, in percentage points, one decimal place
    needed: dict[float, int]  # responses needed for each margin in MARGINS


def published_guide(figures: Figures) -> PublishedGuide:
    rules = figures.rules
    responses = _responses_published(figures)
    population = publish_count(figures.guide.population, rules)
    whole_population = population if isinstance(population, int) and population > 0 else None
    margin = None
    if isinstance(responses, int) and responses > 0:
        margin = round(margin_of_error(responses, whole_population) * 100, 1)
    needed = {m: responses_needed(m, whole_population) for m in MARGINS}
    return PublishedGuide(responses, population, margin, needed)


def _responses_published(figures: Figures) -> Published:
    # The activity tables already publish the responses received; using their total keeps one
    # figure for one thing, even when a table had to hide its total.
    for table in figures.tables:
        if table.id.startswith("invitations-") and (TOTAL_KEY, RECEIVED) in table.cells:
            return table.cell(TOTAL_KEY, RECEIVED).value
    return publish_count(figures.guide.responses, figures.rules)


def disclosure_notes(rules: DisclosureRules) -> list[str]:
    """How to read the figures, in plain words, with this council's rule values."""
    return [
        _("To protect the people who answered, the figures in this file are rounded or withheld. Only a 0 is "
          "exact."),
        _("Counts from 1 to %(largest)s are shown as [c]. [c] means the figure is withheld.",
          largest=rules.min_count - 1),
        _("0 means nobody. A 0 in a group of fewer than %(min)s people is withheld as well, because it would "
          "tell what each of them answered.", min=rules.min_count),
        _("All other counts are rounded to the nearest %(base)s.", base=rules.rounding_base),
        _("Totals are worked out from the exact counts before rounding, so the rounded figures in a "
          "table may not add up to its total."),
        _("Percentages are worked out from the exact counts. A percentage is withheld ([c]) when it is "
          "of fewer than %(base)s people, or when the count it comes from is withheld.",
          base=rules.min_percentage_base),
        _("Some other figures are also withheld, so that a withheld figure cannot be worked out from "
          "its total by subtraction. This is called secondary suppression."),
        _("[x] means the figure is missing: it was not collected or not recorded."),
        _("[z] means the figure does not apply, for example a percentage of a count that has none."),
        _("Everything counts in the quarter the enquiry closed: the case record items, and the answers "
          "about the person's experience."),
        _("The main figures for the experience questions count answers given from the day the enquiry "
          "closed to 8 weeks after, as the framework asks. Answers given during the enquiry, and those "
          "given more than 8 weeks after it closed, are shown apart, in the tables by when the feedback "
          "was given, and are not in the main figures."),
        _("An adult and their representative may both answer about the same enquiry. Each is counted in "
          "their own column. “All respondents, one per enquiry”, and the tables by kind of enquiry and by "
          "when the feedback was given, take one answer per enquiry: the adult’s where both answered."),
        _("People can skip any question, or answer “I’d rather not say”. Both are shown below each "
          "question's total, and neither is in the total or in any percentage's base, so the totals differ "
          "from question to question."),
        _("Percentages of answers are of each column's total. A response rate is the percentage of "
          "invitations sent that were answered."),
        _("A comment can carry several themes, so the numbers of comments by theme do not add up to the "
          "number of comments."),
        _("Confidence intervals are not included, because they are worked out from the exact counts. "
          "The sample size guide gives the margin of error instead, worked out from the rounded counts."),
    ]


def status_text(header: ReportHeader) -> str:
    if header.is_draft:
        return _("Draft: these figures may change")
    if header.version and header.finalised_at:
        return _("Final, version %(version)s, %(date)s", version=header.version,
                 date=long_date(header.finalised_at))
    if header.version:
        return _("Final, version %(version)s", version=header.version)
    return _("Final")


def long_date(moment: datetime | date) -> str:
    """The date in London, written out in the reader's language."""
    if isinstance(moment, datetime):
        day = moment.astimezone(LONDON).date() if moment.tzinfo else moment.date()
    else:
        day = moment
    return format_date(day, "d MMMM yyyy", locale=get_locale() or "en")


def number_text(value: Published | None) -> str:
    """A published count as printed; [c] and [x] as they are."""
    if value is None:
        return NOT_APPLICABLE
    if isinstance(value, int):
        return format_decimal(value, locale=get_locale() or "en", numbering_system="latn")
    return str(value)


def percent_text(value: Published | None) -> str:
    if value is None:
        return NOT_APPLICABLE
    return f"{value}%" if isinstance(value, int) else str(value)


def check_published(value) -> Published:
    """A value bound for a file: a whole number, [c] or [x], or the file is not made at all."""
    if (isinstance(value, int) and not isinstance(value, bool)) or value in (SUPPRESSED, MISSING):
        return value
    raise ValueError(f"{value!r} is not a published figure.")


def experience_pairs(figures: Figures) -> list[tuple[Table, Table | None]]:
    """Each experience question's table by who answered, with its table by kind of enquiry."""
    tables = figures.part(PART_EXPERIENCE)
    by_kind = {(t.item, t.question): t for t in tables if t.columns_by == "enquiry_kind"}
    return [(t, by_kind.get((t.item, t.question))) for t in tables if t.columns_by == "respondent"]


def window_table(figures: Figures, table: Table) -> Table | None:
    """The same question's table by when the feedback was given, if the figures have one (a
    return made final before feedback was counted by window has none)."""
    return next((t for t in figures.part(PART_EXPERIENCE) if t.columns_by == "window"
                 and (t.item, t.question) == (table.item, table.question)), None)


def has_percentages(table: Table, column: str) -> bool:
    return any(table.cells[(row, column)].percentage is not None for row in table.rows)

