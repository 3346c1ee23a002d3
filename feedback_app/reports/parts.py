"""A council's figures for a period, part by part, disclosure-controlled and ready for a page, a
return or a file.

``council_figures`` turns the grouped counts from ``figures`` into tables: the experience
questions (framework Q4-Q7 and the person's view of Q2) by who answered and by enquiry kind,
the record items (Q1-Q3) by enquiry kind, the activity behind them (enquiries completed,
invitations, responses and response rates by channel, by who asked and by timing), and the
themes of comments. Each question's tables are cut from one protected cube, so a cell hidden in
one cannot be worked out from another.
"""
from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from ..models import OutcomesAsked
from ..questionnaire.model import PREFER_NOT_SAY, SKIP
from .counts import Counts
from .disclosure import SAFE_MINIMUM, TOTAL, DisclosureRules, protect_cube, publish_count, publish_percentage
from .figures import (
    NOT_ENTERED, UNKNOWN, Activity, RecordCounts, activity, experience_counts, record_counts, safer_by_outcomes,
)
from .funnel import council_funnel
from .periods import Period
from .stats import margin_of_error, responses_needed
from .tables import (
    ANSWERED, Cell, Figures, KINDS, MARGINS, PART_ACTIVITY, PART_EXPERIENCE, PART_RECORD, PART_THEMES, RECEIVED,
    RECORD_ITEMS, RESPONDENTS, ROUTES, SENT, WINDOWS, COUNTED_WINDOW, SampleGuide, Table, cube_table,
    percentage_interval, table_key,
)


def experience_questions() -> list[tuple[str, str, tuple[str, ...]]]:
    """(framework item, question key, answer keys) for every framework question of the loaded
    surveys, in survey order; skipping is not an answer, so it is left out of every base."""
    from ..questionnaire.registry import all_surveys

    seen: dict[tuple[str, str], tuple[str, ...]] = {}
    for survey in all_surveys().values():
        for question in survey.questions:
            if question.framework and question.framework.startswith("mspof:") and not question.is_free_text:
                keys = tuple(o.key for o in question.choices if o.key != SKIP)
                seen.setdefault((question.framework, question.key), keys)
    return sorted(((item, key, answers) for (item, key), answers in seen.items()),
                  key=lambda entry: (entry[0], list(seen).index((entry[0], entry[1]))))


SHOWN_APART = (PREFER_NOT_SAY, SKIP)  # shown, but outside every percentage's base
FIRST = (True, False)  # the response that stands for its enquiry, and any other about it
DIMENSIONS = ("answer", "respondent", "enquiry_kind", "window", "first")
# The slices shown: answers by who answered (every answer, each in its own column) and by kind
# of enquiry (one per enquiry), both from closure to eight weeks after; answers by window (one
# per enquiry); and, never shown but protected with the rest, answers by whether they stand for
# their enquiry, so that "all respondents" cannot be set against the columns beside it to give
# away a small group.
EXPERIENCE_SLICES = ((0, 1, {3: COUNTED_WINDOW}), (0, 2, {3: COUNTED_WINDOW, 4: True}), (0, 3, {4: True}),
                     (0, 4, {3: COUNTED_WINDOW}))


def _experience_tables(counts: Counts, rules: DisclosureRules, items: Collection[str] | None = None) -> list[Table]:
    """Each question's answers by who answered and by kind of enquiry, counting the feedback
    given from closure to eight weeks after, and by window: during, within and after that.

    Adults and representatives each have their own column; the total column, "all
    respondents", takes one answer per enquiry (the adult's where both answered), and so do the
    tables by kind and by window. The answers are one cube, whose totals are the bases of the
    percentages; "I'd rather not say" and skipped are a second cube without a total across them,
    shown below the total, so neither can be worked out from the other."""
    tables = []
    for item, question, answers in experience_questions():
        if items is not None and item not in items:
            continue
        cells = counts.by("choice_key", "respondent", "enquiry_kind", "window", "first", framework_item=item,
                          question_key=question, window=WINDOWS)
        answer_keys = tuple(a for a in answers if a not in SHOWN_APART)
        answer_keys += tuple(sorted({k[0] for k in cells} - set(answer_keys) - set(SHOWN_APART)))
        # Every question can be skipped; "rather not say" where the question offers it.
        apart_keys = tuple(a for a in SHOWN_APART if a in answers or a == SKIP or any(k[0] == a for k in cells))
        respondent_keys = RESPONDENTS if any(k[1] == UNKNOWN for k in cells) else RESPONDENTS[:-1]
        keys = (answer_keys, respondent_keys, KINDS, WINDOWS, FIRST)
        # A question nobody was asked in the period (not even skipped) was not collected: [x], not 0.
        collected = bool(cells)
        # One cube for the three tables: a cell hidden in one cannot be worked out from another.
        cube = protect_cube(_counted(cells, keys, answer_keys, collected), keys, DIMENSIONS, rules,
                            tables=EXPERIENCE_SLICES)
        apart = protect_cube(_counted(cells, (apart_keys, *keys[1:]), apart_keys, collected),
                             (apart_keys, *keys[1:]), DIMENSIONS, rules, tables=EXPERIENCE_SLICES) if apart_keys else None
        slug = f"{item.split(':')[-1].lower()}-{question}"
        common = dict(part=PART_EXPERIENCE, item=item, question=question, rows_by="answer", row_keys=answer_keys,
                      row_dim=0)
        for suffix, columns_by, column_keys, column_dim, fixed in (
                ("respondent", "respondent", respondent_keys, 1, {2: TOTAL, 3: COUNTED_WINDOW, 4: TOTAL}),
                ("kind", "enquiry_kind", KINDS, 2, {1: TOTAL, 3: COUNTED_WINDOW, 4: True}),
                ("window", "window", WINDOWS, 3, {1: TOTAL, 2: TOTAL, 4: True})):
            total_at = {4: True}  # the total column: one answer per enquiry
            table = cube_table(cube, rules, table_id=f"{slug}-{suffix}", columns_by=columns_by,
                               column_keys=column_keys, column_dim=column_dim, fixed=fixed, total_at=total_at,
                               **common)
            tables.append(_with_rows_apart(table, apart, apart_keys, column_keys, column_dim, fixed, total_at))
    return tables


def _counted(cells: Mapping, keys: tuple, rows: tuple, collected: bool) -> dict:
    """The cells of ``rows``; every position missing (None) when the question was not collected."""
    if not collected:
        return {position: None for position in itertools.product(*keys)}
    return {key: n for key, n in cells.items() if key[0] in rows}


def _with_rows_apart(table: Table, apart, apart_keys: tuple, column_keys: tuple, column_dim: int,
                     fixed: Mapping[int, object], total_at: Mapping[int, object]) -> Table:
    """``table`` with the "rather not say" and skipped rows after its total, without percentages."""
    if apart is None:
        return table
    cells = dict(table.cells)
    for key in apart_keys:
        for column in (*column_keys, TOTAL):
            position = [None] * len(DIMENSIONS)
            for d, v in {**fixed, **(total_at if column is TOTAL else {})}.items():
                position[d] = v
            position[0], position[column_dim] = key, column
            cells[(key, table_key(column))] = Cell(apart.count(*position), apart.value(*position))
    return replace(table, rows=table.rows + apart_keys, cells=cells)


def _safer_by_outcomes(counts: Counts, rules: DisclosureRules) -> list[Table]:
    """Feeling safer by whether the person's outcomes were achieved, in their own view: each
    column is one answer to Q2, split by the answers to Q6, as a percentage of the column."""
    questions = {item: (key, answers) for item, key, answers in experience_questions()}
    if "mspof:Q6" not in questions or "mspof:Q2" not in questions:
        return []
    safer_key, safer_answers = questions["mspof:Q6"]
    outcome_answers = tuple(a for a in questions["mspof:Q2"][1] if a not in SHOWN_APART)
    safer_answers = tuple(a for a in safer_answers if a not in SHOWN_APART)
    cells = {key: n for key, n in counts.by("safer", "outcomes").items()
             if key[0] in safer_answers and key[1] in outcome_answers}
    cube = protect_cube(cells, (safer_answers, outcome_answers), ("answer", "outcomes_view"), rules)
    return [cube_table(cube, rules, table_id="q6-safer-by-q2-outcomes", part=PART_EXPERIENCE,
                       item="cross:safer_by_outcomes", question=safer_key, rows_by="answer",
                       columns_by="outcomes_view", row_keys=safer_answers, column_keys=outcome_answers,
                       fixed={}, row_dim=0, column_dim=1)]


def _record_tables(records: RecordCounts, rules: DisclosureRules) -> list[Table]:
    tables = []
    items = {"outcomes_asked": records.outcomes_asked(), "outcomes_achieved": records.outcomes_achieved(),
             "risk_outcome": records.risk_outcome()}
    for item, name, categories in RECORD_ITEMS:
        by = items[name].by("category", "enquiry_kind")
        cells: dict[tuple, int] = {}
        for (category, kind), n in by.items():
            # A blank item on the record is counted as the framework's own "not recorded".
            category = OutcomesAsked.NOT_RECORDED.value if category == NOT_ENTERED else category
            cells[(category, kind)] = cells.get((category, kind), 0) + n
        cube = protect_cube(cells, (categories, KINDS), ("category", "enquiry_kind"), rules)
        tables.append(cube_table(cube, rules, table_id=f"{item.split(':')[-1].lower()}-{name.replace('_', '-')}",
                                  part=PART_RECORD, item=item, question=None, rows_by="category",
                                  columns_by="enquiry_kind", row_keys=categories, column_keys=KINDS,
                                  fixed={}, row_dim=0, column_dim=1))
    return tables


def _one_way(counts: Mapping, keys: tuple, rules: DisclosureRules):
    return protect_cube({(k,): n for k, n in counts.items() if k in keys}, (keys,), rules=rules)


def _route_table(act: Activity, dimension: str, keys: tuple, rules: DisclosureRules) -> Table:
    """Invitations sent in the period by one route dimension, how many were answered (whenever),
    and the response rate; responses received in the period, by any route, beside them."""
    sent = _one_way(act.invitations_sent.by(dimension), keys, rules)
    answered = _one_way(act.invitations_answered.by(dimension), keys, rules)
    received = _one_way(act.responses_submitted.by(dimension), keys, rules)
    cells = {}
    for key in (*keys, TOTAL):
        position = (key,)
        rate = publish_percentage(answered.count(*position), sent.count(*position), rules,
                                  numerator_suppressed=answered.hidden(*position) or sent.hidden(*position))
        cells[(table_key(key), SENT)] = Cell(sent.count(*position), sent.value(*position))
        cells[(table_key(key), ANSWERED)] = Cell(answered.count(*position), answered.value(*position), rate,
                                            percentage_interval(answered.count(*position), sent.count(*position), rate))
        cells[(table_key(key), RECEIVED)] = Cell(received.count(*position), received.value(*position))
    return Table(f"invitations-{dimension.replace('_', '-')}", PART_ACTIVITY, f"activity:{dimension}", dimension,
                 "measure", tuple(map(table_key, (*keys, TOTAL))), (SENT, ANSWERED, RECEIVED), cells, None, "row")


def _activity_tables(act: Activity, rules: DisclosureRules) -> list[Table]:
    sources = ("entered", "imported")
    cube = protect_cube(act.enquiries_completed.by("enquiry_kind", "source"), (KINDS, sources),
                        ("enquiry_kind", "source"), rules)
    cells = {(table_key(k), table_key(s)): Cell(cube.count(k, s), cube.value(k, s))
             for k in (*KINDS, TOTAL) for s in (*sources, TOTAL)}
    tables = [Table("enquiries-completed", PART_ACTIVITY, "activity:enquiries", "enquiry_kind", "source",
                    tuple(map(table_key, (*KINDS, TOTAL))), tuple(map(table_key, (*sources, TOTAL))), cells)]
    tables += [_route_table(act, dimension, keys, rules) for dimension, keys in ROUTES]
    return tables


def _theme_table(themes: Counts | None, rules: DisclosureRules) -> list[Table]:
    """Comments tagged with each theme. A comment may carry several themes, so the counts do not
    add up to a total and none is shown; each count is controlled on its own."""
    if themes is None or not len(themes):
        return []
    by_theme = themes.by("theme")
    keys = tuple(sorted(by_theme, key=lambda t: (-by_theme[t], str(t))))
    cells = {(str(t), "comments"): Cell(by_theme[t], publish_count(by_theme[t], rules)) for t in keys}
    return [Table("themes", PART_THEMES, "themes", "theme", "measure", tuple(map(str, keys)), ("comments",), cells)]


def _guide(responses: int, population: int | None, source: str | None = None) -> SampleGuide:
    margin = margin_of_error(responses, population) if responses else None
    needed = {m: responses_needed(m, population or None) for m in MARGINS}
    return SampleGuide(responses, population, margin, needed, source)


def headline_figures(session: Session, organisation_id: int, period: Period, items: Collection[str],
                     rules: DisclosureRules = SAFE_MINIMUM) -> Figures:
    """Only the tables the headline figures read (the experience questions of ``items``, the
    record items, activity): for a trend over many quarters, where the rest is not needed."""
    ids = [organisation_id]
    records = record_counts(session, ids, period)
    tables = (_experience_tables(experience_counts(session, ids, period), rules, items)
              + _record_tables(records, rules) + _activity_tables(activity(session, ids, period, records), rules))
    return Figures(organisation_id, period.slug, rules, tuple(tables), _guide(0, None), datetime.now(timezone.utc))


def council_figures(session: Session, organisation_id: int, period: Period, rules: DisclosureRules = SAFE_MINIMUM,
                    *, themes: Counts | None = None, quotes: Iterable[Mapping] = (),
                    enquiries_completed: int | None = None) -> Figures:
    """Every table for one council and period. ``enquiries_completed`` is the council's own
    figure for the period, when it keeps its enquiries elsewhere; otherwise the records count."""
    ids = [organisation_id]
    experience = experience_counts(session, ids, period)
    records = record_counts(session, ids, period)
    act = activity(session, ids, period, records)
    tables = (_experience_tables(experience, rules)
              + _safer_by_outcomes(safer_by_outcomes(session, ids, period), rules) + _record_tables(records, rules)
              + council_funnel(session, organisation_id, period, rules)
              + _activity_tables(act, rules) + _theme_table(themes, rules))
    entered = enquiries_completed is not None
    population = enquiries_completed if entered else act.enquiries_completed.total()
    guide = _guide(act.responses_submitted.total(), population or None, "entered" if entered else "counted")
    return Figures(organisation_id, period.slug, rules, tuple(tables), guide, datetime.now(timezone.utc),
                   tuple(dict(q) for q in quotes))
