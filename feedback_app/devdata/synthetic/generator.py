"""Writing synthetic national data for measuring the reports (``flask synthetic generate``).

A report that is quick over the demo data can still be slow over every council's five years, and
only rows spread as unevenly as real ones show it: councils of very different sizes growing a few
per cent a year, section 42 and other enquiries, answers by web, text, paper, with an advocate or
with staff, asked by an independent person or by the enquiry lead, before, at or after closure,
answers mostly positive, and most invitations never answered. Rows go in by the batch (COPY on
PostgreSQL, executemany elsewhere), never as an ORM object each, so a million responses take
minutes. The same seed makes the same data.

Only what the reports read is made, for councils whose slugs are ``synthetic-<n>``: no users, no
contact details, no consent ledger, no link tokens (so no synthetic invitation can be opened),
no free text and no alerts (no synthetic person asks to be contacted, so no duty desk fills up).
An enquiry's case reference hash is random, so no real reference can ever match one. Every
answer is an option the survey offers, on the route the survey would have taken.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import JSON, Connection, Table, Text, bindparam, func, or_, select, text

from ...answers.windows import feedback_window
from ...casework.records.scheduling import (
    DEFAULT_DAYS_AFTER_CLOSURE, DEFAULT_LINK_DAYS, FRAMEWORK_WINDOW_DAYS, SEND_TIME, SURVEY_ID,
)
from ...crypto import keyring
from ...models import Base, Organisation
from ...models.base import EncryptedText
from ...questionnaire import get_survey
from ...reports.periods import LONDON, Quarter, quarter_of
from .plan import (
    ANSWER_COLUMNS, DELAYS, DESIRED_OUTCOMES, EASY_READ, ENQUIRY_COLUMNS, EXPRESSED, FILLED_TABLES, HOUR, INVITATION_COLUMNS, LARGE_PRINT, NO_CATEGORIES, NO_NEEDS, NO_SCREENING, OUTCOMES_ACHIEVED, OUTCOMES_ASKED, PARTICIPANT_COLUMNS, REPRESENTATIVE_KINDS, RESPONDENTS, RESPONSE_COLUMNS, RISK_OUTCOMES, ROUTES, SLUG_PREFIX, SYNTHETIC_SLUG, UTC, Made, Plan, _Answers, _Council, _council_rows, _Pick, _profile, answer_mode,
)

class _Clock:
    """UTC instants of clock times in England by day number, without a time zone lookup each."""

    def __init__(self, first: int, last: int):
        self.first = first
        self.midnights = [datetime.combine(date.fromordinal(day), time(12), LONDON).astimezone(UTC)
                          - timedelta(hours=12) for day in range(first, last + 1)]

    def at(self, day: int, seconds: int) -> datetime:
        # Right for any time after 03:00, so on the two days a year the clocks change as well.
        return self.midnights[day - self.first] + timedelta(seconds=seconds)


class _Writer:
    """COPY on PostgreSQL; one INSERT executed for many rows elsewhere."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.copying = connection.dialect.name == "postgresql"
        self._json: dict[int, str] = {}

    def write(self, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        if not self.copying:
            # Stored as given: the encrypted text is already ciphertext.
            statement = table.insert().values({c: bindparam(f"v_{c}", type_=Text() if isinstance(
                table.c[c].type, EncryptedText) else table.c[c].type) for c in columns})
            self.connection.execute(statement, [{f"v_{c}": v for c, v in zip(columns, row)} for row in rows])
            return
        shaped = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
        with self.connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    if shaped:
                        row = list(row)
                        for i in shaped:
                            row[i] = self._json_text(row[i])
                    copy.write_row(row)

    def _json_text(self, value) -> str:
        if id(value) not in self._json:
            self._json[id(value)] = json.dumps(value)
        return self._json[id(value)]


class _Case:
    """One enquiry with its participant and invitation, and the response if there is one."""

    __slots__ = ("sent_at", "council", "kind", "opened", "closed", "asked", "outcomes_text", "achieved", "risk",
                 "role", "representative", "language", "needs", "channel", "asked_by", "timing", "reminders",
                 "submitted_at", "started_at", "respondent", "present", "answers")


class _Generator:
    def __init__(self, connection: Connection, plan: Plan, councils: list[_Council]):
        self.plan, self.councils = plan, councils
        self.rng = rng = random.Random(f"{plan.seed}:records")
        self.survey = get_survey(SURVEY_ID)
        self.writer = _Writer(connection)
        self.answers = _Answers(self.survey, rng)
        self.first_day = plan.quarters[0].start.toordinal()
        self.end_day = plan.last_quarter.end.toordinal() + 1  # the day after the data ends
        self.clock = _Clock(self.first_day - 60, self.end_day)
        self.end = self.clock.at(self.end_day, 0)
        self.next_id = {name: _first_free_id(connection, name) for name in FILLED_TABLES[:-1]}
        self.made = Made(councils=len(councils))
        self.picks = {name: _Pick(weights, rng) for name, weights in (
            ("asked", OUTCOMES_ASKED), ("achieved", OUTCOMES_ACHIEVED), ("risk", RISK_OUTCOMES),
            ("representative", REPRESENTATIVE_KINDS), *((f"who:{k}", w) for k, w in RESPONDENTS.items()),
            *((f"route:{k}", w) for k, w in ROUTES.items()))}
        # A few texts encrypted once and shared: ciphertext made per enquiry would cost minutes.
        self.outcomes_texts = [keyring.encrypt(words) for words in DESIRED_OUTCOMES]

    def months(self) -> list[tuple[int, int]]:
        months, day = [], self.first_day
        while day < self.end_day:
            first = date.fromordinal(day)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1).toordinal()
            months.append((day, following - 1))
            day = following
        return months

    def allocate(self, months) -> tuple[Counter, Counter]:
        """Which council and month each response, and each unanswered invitation, belongs to."""
        cells, answered, ignored = [], [], []
        for m, (first, last) in enumerate(months):
            for c, council in enumerate(self.councils):
                weight = council.weight * (1 + council.growth) ** (m / 12) * (last - first + 1)
                cells.append((m, c))
                answered.append(weight)
                ignored.append(weight * council.unanswered_ratio)
        unanswered = round(self.plan.responses * sum(ignored) / sum(answered))
        draw = self.rng.choices
        return (Counter(draw(cells, cum_weights=list(accumulate(answered)), k=self.plan.responses)),
                Counter(draw(cells, cum_weights=list(accumulate(ignored)), k=unanswered)))

    def run(self, progress: Callable[[Quarter, Made], None] | None = None) -> Made:
        months = self.months()
        answered, ignored = self.allocate(months)
        tables = Base.metadata.tables
        for m, (first, last) in enumerate(months):
            cases = [self.case(council, first, last, responded)
                     for c, council in enumerate(self.councils)
                     for responded, counts in ((True, answered), (False, ignored))
                     for _ in range(counts.get((m, c), 0))]
            cases.sort(key=lambda case: case.sent_at)  # rows arrive in time order, councils mixed
            for name, columns, rows in self.rows(cases):
                self.writer.write(tables[name], columns, rows)
            quarter = quarter_of(date.fromordinal(last))
            if progress and (last + 1 == self.end_day or quarter_of(date.fromordinal(last + 1)) != quarter):
                progress(quarter, self.made)
        return self.made

    def case(self, council: _Council, first: int, last: int, responded: bool) -> _Case:
        rng, picks, case = self.rng, self.picks, _Case()
        case.council, case.channel = council.id, (council.answering if responded else council.ignored)()
        case.asked_by, case.timing = picks[f"route:{case.channel}"]()
        scheduled = case.channel in ("web", "sms", "paper")
        sent_seconds = (SEND_TIME.hour * HOUR + rng.randint(0, 900) if scheduled
                        else rng.randint(9 * HOUR + 1800, 17 * HOUR))
        if responded:
            answered_day = rng.randint(first, last)
            delay = self._delay(case.channel)
            sent_day = answered_day - delay
            case.sent_at = self.clock.at(sent_day, sent_seconds)
            case.submitted_at = (case.sent_at + timedelta(seconds=rng.randint(600, 4 * HOUR)) if delay == 0
                                 else self.clock.at(answered_day, rng.randint(7 * HOUR, 22 * HOUR)))
            case.started_at = max(case.sent_at, case.submitted_at - timedelta(seconds=rng.randint(120, 1800)))
        else:
            sent_day = rng.randint(first, last)
            case.sent_at, case.submitted_at = self.clock.at(sent_day, sent_seconds), None
        self._enquiry(case, council, sent_day)
        case.role = "representative" if rng.random() < council.representatives else "adult"
        case.representative = picks["representative"]() if case.role == "representative" else None
        case.language = council.languages()
        needs = rng.random()
        case.needs = EASY_READ if needs < 0.15 else LARGE_PRINT if needs < 0.18 else NO_NEEDS
        case.reminders = 1 if case.channel in ("web", "sms") and (not responded or delay >= 7) else 0
        if responded:
            wanted = picks[f"who:{case.role}"]()
            tone = council.tone + (case.asked_by == "enquiry_lead") - (wanted == "representative")
            recorded = case.asked == EXPRESSED and case.outcomes_text is not None
            case.answers, case.respondent = self.answers.plan(recorded, wanted, tone, case.achieved)
            case.present = (rng.random() < (0.5 if wanted == "representative" else 0.95)
                            if case.channel in ("assisted", "staff") else None)
        return case

    def _delay(self, channel: str) -> int:
        """Days from sending to answering: on the spot with staff, post both ways for paper."""
        if channel == "staff":
            return 0
        earliest, mean = DELAYS[channel]
        return min(DEFAULT_LINK_DAYS - 1, earliest + int(self.rng.expovariate(1 / mean)))

    def _enquiry(self, case: _Case, council: _Council, sent_day: int) -> None:
        rng, picks = self.rng, self.picks
        case.kind = "s42" if rng.random() < council.s42 else "other"
        if case.timing == "after":
            closed = sent_day - round(rng.triangular(1, FRAMEWORK_WINDOW_DAYS, DEFAULT_DAYS_AFTER_CLOSURE))
        elif case.timing == "at_closure":
            closed = sent_day - rng.randint(0, 2)
        else:
            closed = sent_day + rng.randint(7, 120)
            closed = closed if closed < self.end_day else None  # still open when the data ends
        case.closed = closed
        case.opened = (sent_day - rng.randint(5, 90) if case.timing == "during"
                       else closed - max(2, min(400, int(rng.lognormvariate(3.7, 0.8)))))
        case.asked = case.outcomes_text = case.achieved = case.risk = None
        if closed is not None:
            blank = council.blank
            case.asked = None if rng.random() < blank else picks["asked"]()
            if case.asked == EXPRESSED:
                case.outcomes_text = rng.choice(self.outcomes_texts)
                case.achieved = None if rng.random() < blank else picks["achieved"]()
            case.risk = None if rng.random() < blank else picks["risk"]()

    def rows(self, cases: list[_Case]) -> list[tuple[str, tuple[str, ...], list[tuple]]]:
        """The rows of each table for these cases, with ids handed out in order."""
        ids, link_life = self.next_id, timedelta(days=DEFAULT_LINK_DAYS)
        enquiries, participants, invitations, answered = [], [], [], []
        imported = {council.id: council.imported for council in self.councils}
        for n, case in enumerate(cases):
            enquiry_id, participant_id, invitation_id = (ids["enquiry"] + n, ids["participant"] + n,
                                                         ids["invitation"] + n)
            opened = date.fromordinal(case.opened)
            enquiries.append((
                enquiry_id, case.council, f"{self.rng.getrandbits(256):064x}", f"…{enquiry_id % 10000:04d}",
                case.kind, opened, date.fromordinal(case.closed) if case.closed else None, imported[case.council],
                case.asked, NO_CATEGORIES, case.outcomes_text, case.achieved, case.risk,
                datetime(opened.year, opened.month, opened.day, 10, tzinfo=UTC)))
            participants.append((participant_id, case.council, enquiry_id, case.role, case.representative,
                                 case.language, case.needs, NO_SCREENING, case.sent_at))
            expires = case.sent_at + link_life
            status = "completed" if case.submitted_at else "expired" if expires <= self.end else "sent"
            invitations.append((invitation_id, case.council, participant_id, SURVEY_ID, case.channel, case.timing,
                                case.asked_by, status, case.sent_at, expires, 1, case.reminders, case.sent_at,
                                case.sent_at))
            if case.submitted_at:
                answered.append((case, participant_id, invitation_id))
        answered.sort(key=lambda item: item[0].started_at)
        responses, answers = [], []
        for n, (case, participant_id, invitation_id) in enumerate(answered):
            response_id = ids["response"] + n
            closed_on = date.fromordinal(case.closed) if case.closed else None
            window = feedback_window(case.submitted_at, closed_on)
            responses.append((response_id, case.council, participant_id, invitation_id, SURVEY_ID,
                              self.survey.version, case.language, case.channel, case.kind, case.timing,
                              case.asked_by, case.respondent, case.representative, case.present, "submitted",
                              case.submitted_at, case.started_at, answer_mode(case.channel, case.respondent),
                              closed_on, window.value if window else None))
            answers.extend((response_id, key, item, choice, case.submitted_at, case.channel)
                           for key, item, choice in case.answers)
        for name, rows in (("enquiry", enquiries), ("participant", participants), ("invitation", invitations),
                           ("response", responses)):
            ids[name] += len(rows)
        self.made.enquiries += len(cases)
        self.made.invitations += len(cases)
        self.made.responses += len(responses)
        self.made.answers += len(answers)
        return [("enquiry", ENQUIRY_COLUMNS, enquiries), ("participant", PARTICIPANT_COLUMNS, participants),
                ("invitation", INVITATION_COLUMNS, invitations), ("response", RESPONSE_COLUMNS, responses),
                ("answer", ANSWER_COLUMNS, answers)]


def _first_free_id(connection: Connection, name: str) -> int:
    return (connection.scalar(select(func.max(Base.metadata.tables[name].c.id))) or 0) + 1


def synthetic_council_ids(connection: Connection) -> list[int]:
    table = Organisation.__table__
    rows = connection.execute(select(table.c.id, table.c.slug).where(table.c.slug.like(f"{SLUG_PREFIX}%")))
    return [row.id for row in rows if SYNTHETIC_SLUG.fullmatch(row.slug)]


def delete_synthetic(connection: Connection) -> int:
    """Delete the synthetic councils and every record that belongs to them; returns how many."""
    ids = synthetic_council_ids(connection)
    if not ids:
        return 0
    organisation = Organisation.__table__
    for table in reversed(Base.metadata.sorted_tables):
        criteria = _belonging_to(table, ids)
        if criteria is not None and table is not organisation:
            connection.execute(table.delete().where(criteria))
    connection.execute(organisation.delete().where(organisation.c.id.in_(ids)))
    return len(ids)


def _belonging_to(table: Table, ids: list[int]):
    if "organisation_id" in table.c:
        return table.c.organisation_id.in_(ids)
    owned = []
    for key in table.foreign_keys:
        parent = key.column.table
        if parent.name == "organisation":
            owned.append(key.parent.in_(ids))
        elif "organisation_id" in parent.c:
            owned.append(key.parent.in_(select(parent.c.id).where(parent.c.organisation_id.in_(ids))))
    return or_(*owned) if owned else None


def generate(connection: Connection, plan: Plan,
             progress: Callable[[Quarter, Made], None] | None = None) -> Made:
    """Make the councils and their records in the caller's transaction, which commits them."""
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        # Ids are handed out here, from the highest in use: nobody else may add rows meanwhile.
        connection.execute(text(f"LOCK TABLE {', '.join(FILLED_TABLES)} IN EXCLUSIVE MODE"))
    rng = random.Random(f"{plan.seed}:councils")
    rows = _council_rows(plan, rng)
    organisation = Organisation.__table__
    connection.execute(organisation.insert(), [{k: v for k, v in row.items() if k != "size"} for row in rows])
    ids = dict(connection.execute(select(organisation.c.slug, organisation.c.id)
                                  .where(organisation.c.slug.in_([row["slug"] for row in rows]))).all())
    councils = [_profile(ids[row["slug"]], row, rng) for row in rows]
    made = _Generator(connection, plan, councils).run(progress)
    if postgres:
        for name in FILLED_TABLES:
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                    f"GREATEST((SELECT max(id) FROM {name}), 1))"))
    return made
