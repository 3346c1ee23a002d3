"""Importing closed enquiries, and the person to ask about each, from a CSV file.

A council's case management system can export the enquiries it has closed. Each line of the
file is one closed enquiry with its MSP record items and, optionally, one participant. Every
line is checked with the same ``validate_*`` functions as the casework pages, so a file gets
the same answers a practitioner typing the case in would get.

Each line has its own outcome, shown when the file is checked and again once it is imported:
**created** (a case reference the council has not registered), **updated** (a reference it has:
the enquiry's details and record items become the file's, as a case system sends a corrected
export), **unchanged** (the file says what is already recorded) or **refused**, with every
problem on the line. Refused lines write nothing; the others go ahead, so a corrected file can
simply be sent again. Created enquiries are written in one transaction; an update goes through
the same record writers as the casework pages, so a new closing date moves scheduled feedback
and the figures' counting window with it. A final quarterly return never changes: an update to
an enquiry in a quarter whose return is final says so, as only a correction of the return takes
it in.

The template's columns, in order:

``case_reference``
    The council's case reference. Only a keyed hash and the last four characters are kept.
``kind``
    ``s42`` for a section 42 enquiry, ``other`` for any other enquiry.
``opened_on``, ``closed_on``
    Dates as ``2025-03-31`` or ``31/03/2025``; both are required, as only closed enquiries
    are imported.
``outcomes_asked``
    Question 1: ``asked_expressed``, ``asked_not_expressed``, ``not_asked``, ``dont_know`` or
    ``not_recorded``; may be blank.
``desired_outcomes``
    The person's desired outcomes in their own words; only with ``asked_expressed``.
``outcomes_achieved``
    Question 2: ``fully``, ``partially`` or ``not_achieved``; only with ``asked_expressed``.
``risk_outcome``
    Question 3: ``removed``, ``reduced`` or ``remained``; may be blank.
``participant_role``
    The person to ask: ``adult``, or the kind of representative (``family``, ``friend``,
    ``carer``, ``care_act_advocate`` or ``imca``). Blank for nobody. On an update, a person is
    added only if the enquiry has nobody in that role yet; people already recorded are left as
    they are, since the casework pages keep their details.
``capacity_basis``
    Who gives consent: ``adult_consents`` or ``representative_consents``; needed with a
    participant, because it is a recorded decision that cannot be inferred from the role.
``language``
    ``en``, ``cy``, ``ur``, ``pl`` or ``ar``; needed with a participant.
``format_needs``
    Any of ``easy_read``, ``large_print``, ``bsl``, ``audio``, ``interpreter`` and
    ``advocate_support``, separated by semicolons; may be blank.
"""
from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..casework_refs import case_reference_hash, case_reference_hint
from ..models import (
    Enquiry, Organisation, Participant, ParticipantRole, QuarterlyReturn, RepresentativeKind, ReturnStatus,
)
from ..people_languages import offered_languages
from ..reports.periods import quarter_of
from .records import possible_leads, validate_enquiry, validate_msp_record, validate_participant
from .records.checks import RecordRejected
from .records.enquiries import CLOSED_REQUIRED, DUPLICATE_REFERENCE, update_enquiry
from .records.outcomes import MSP_FIELDS, record_msp_items
from .records.participants import PARTICIPANT_FIELDS

COLUMNS = ("case_reference", "kind", "opened_on", "closed_on", "outcomes_asked", "desired_outcomes",
           "outcomes_achieved", "risk_outcome", "participant_role", "capacity_basis", "language",
           "format_needs")
PARTICIPANT_COLUMNS = ("participant_role", "capacity_basis", "language", "format_needs")
TEMPLATE_EXAMPLE = ("NS-000123", "s42", "2025-01-06", "2025-03-31", "asked_expressed",
                    "To feel safe at home", "partially", "reduced", "adult", "adult_consents", "en",
                    "large_print;easy_read")
# Validators name their own fields; problems must name the column someone can find in the file.
COLUMN_OF = {"desired_outcomes_text": "desired_outcomes", "role": "participant_role",
             "representative_kind": "participant_role"}


class ImportRefused(ValueError):
    """The file as a whole cannot be read: wrong encoding, or not the template's columns."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Row:
    line: int
    values: dict
    extra_values: bool = False


@dataclass(frozen=True)
class Problem:
    line: int
    field: str | None
    message: object


@dataclass
class _Planned:
    line: int
    enquiry: dict
    msp: dict
    participant: dict | None = field(default=None)


# A council's export for one import; anything wider or longer is not the template.
MAX_COLUMNS = 100
MAX_ROWS = 20_000


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(TEMPLATE_EXAMPLE)
    return out.getvalue()


def decode(data: bytes) -> str:
    try:
        # utf-8-sig drops the byte order mark that Excel writes with "CSV UTF-8".
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(_l("The file is not saved as UTF-8. Save it again as “CSV UTF-8” and "
                               "try again."))


def read_csv(data: bytes | str) -> list[Row]:
    """The file's lines as ``Row``s; ``ImportRefused`` when the file as a whole is unusable."""
    text = decode(data) if isinstance(data, bytes) else data
    try:
        lines = list(itertools.islice(csv.reader(io.StringIO(text, newline="")), MAX_ROWS + 2))
    except csv.Error:
        raise ImportRefused(_l("The file could not be read as CSV. Save it again as “CSV UTF-8” "
                               "and try again."))
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise ImportRefused(_l("The file is empty. The first line must name the columns: %(columns)s",
                               columns=", ".join(COLUMNS)))
    if len(lines) > MAX_ROWS + 1:
        raise ImportRefused(_l("The file has more than %(max)s lines of enquiries. Split it into files of "
                               "%(max)s lines or fewer and import each.", max=f"{MAX_ROWS:,}"))
    if len(lines[0]) > MAX_COLUMNS:
        raise ImportRefused(_l("The first line names %(count)s columns; the template has %(template)d. Start "
                               "from the template: %(columns)s", count=f"{len(lines[0]):,}",
                               template=len(COLUMNS), columns=", ".join(COLUMNS)))
    header = [cell.strip().lower() for cell in lines[0]]
    known = set(COLUMNS)
    present = set(header)
    counted = Counter(header)
    missing = [column for column in COLUMNS if column not in present]
    unknown = [column for column in header if column not in known]
    repeated = sorted(column for column, count in counted.items() if column and count > 1)
    if missing or unknown or repeated:
        parts = []
        if missing:
            parts.append(str(_l("Missing columns: %(columns)s", columns=", ".join(missing))))
        if unknown:
            parts.append(str(_l("Unknown columns: %(columns)s",
                                columns=", ".join(column or str(_l("(blank)")) for column in unknown))))
        if repeated:
            parts.append(str(_l("Columns named more than once: %(columns)s", columns=", ".join(repeated))))
        raise ImportRefused(_l("The file does not have the template’s columns. %(problems)s",
                               problems=". ".join(parts)))
    rows = []
    # csv.reader counts records, not lines, so a quoted value with line breaks would shift every
    # later number; counting the breaks keeps line numbers matching what a spreadsheet shows.
    line = 1 + lines[0].count("\n")
    for cells in lines[1:]:
        line += 1
        start = line
        line += sum(cell.count("\n") for cell in cells)
        if not any(cell.strip() for cell in cells):
            continue
        values = {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(header)}
        rows.append(Row(start, values, extra_values=any(cell.strip() for cell in cells[len(header):])))
    return rows


def _check_row(row: Row, languages) -> tuple[_Planned | None, list[Problem]]:
    values = {column: (row.values.get(column) or "").strip() for column in COLUMNS}
    problems = []

    def report(errors: dict):
        for name, message in errors.items():
            problems.append(Problem(row.line, COLUMN_OF.get(name, name), message))

    if row.extra_values:
        problems.append(Problem(row.line, None, _l("This line has more values than there are columns")))
    enquiry, errors = validate_enquiry({**{c: values[c] for c in ("case_reference", "kind", "opened_on",
                                                                  "closed_on")}, "lead_user_id": None})
    if "closed_on" not in errors and enquiry.get("closed_on") is None:
        errors["closed_on"] = CLOSED_REQUIRED.required
    report(errors)
    msp, errors = validate_msp_record({"outcomes_asked": values["outcomes_asked"],
                                       "desired_outcomes_text": values["desired_outcomes"],
                                       "outcomes_achieved": values["outcomes_achieved"],
                                       "risk_outcome": values["risk_outcome"]})
    report(errors)
    participant = None
    role = values["participant_role"].lower()
    if role:
        if role == ParticipantRole.ADULT.value:
            kinds = {"role": ParticipantRole.ADULT.value}
        elif role in {kind.value for kind in RepresentativeKind}:
            kinds = {"role": ParticipantRole.REPRESENTATIVE.value, "representative_kind": role}
        else:
            kinds = {"role": role}
        participant, errors = validate_participant({
            **kinds, "capacity_basis": values["capacity_basis"], "language": values["language"],
            "format_needs": [need.strip() for need in values["format_needs"].split(";")],
        }, languages)
        report(errors)
    elif any(values[column] for column in PARTICIPANT_COLUMNS):
        problems.append(Problem(row.line, "participant_role", _l(
            "Enter participant_role, or leave the participant columns blank")))
    if problems:
        return None, problems
    return _Planned(row.line, enquiry, msp, participant), []


CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"
ENQUIRY_CHANGES = ("kind", "opened_on", "closed_on")


@dataclass
class LineResult:
    """What happens (or happened) to one line of the file."""

    line: int
    outcome: str
    changed: tuple[str, ...] = ()  # the columns an update changes
    problems: list[Problem] = field(default_factory=list)
    final_quarters: tuple[str, ...] = ()  # quarters an update touches whose return is final
    plan: _Planned | None = field(default=None, repr=False)
    enquiry: Enquiry | None = field(default=None, repr=False)


def _existing_participant(enquiry: Enquiry, participant: dict) -> bool:
    return any(p.role.value == participant["role"] and (p.representative_kind.value if p.representative_kind else None)
               == participant.get("representative_kind") for p in enquiry.participants)


def _changes(enquiry: Enquiry, plan: _Planned) -> tuple[str, ...]:
    changed = [name for name in ENQUIRY_CHANGES if getattr(enquiry, name) != plan.enquiry[name]]
    changed += [COLUMN_OF.get(name, name) for name in MSP_FIELDS if getattr(enquiry, name) != plan.msp.get(name)]
    if plan.participant is not None and not _existing_participant(enquiry, plan.participant):
        changed.append("participant_role")
    return tuple(changed)


def _final_quarters(session: Session, organisation: Organisation, enquiry: Enquiry, plan: _Planned) -> tuple[str, ...]:
    """The quarters, before and after the update, whose return for the council is final."""
    quarters = {quarter_of(day) for day in (enquiry.closed_on, plan.enquiry["closed_on"]) if day is not None}
    final = []
    for quarter in sorted(quarters):
        newest = session.scalar(
            select(QuarterlyReturn.status).where(
                QuarterlyReturn.organisation_id == organisation.id, QuarterlyReturn.year_start == quarter.year_start,
                QuarterlyReturn.quarter == quarter.number).order_by(QuarterlyReturn.version.desc()).limit(1))
        if newest == ReturnStatus.FINAL:
            final.append(quarter.label)
    return tuple(final)


def check_lines(session: Session, organisation: Organisation, rows: list[Row]) -> list[LineResult]:
    """What would happen to each line of the file. Writes nothing."""
    results = []
    first_line = {}
    languages = offered_languages(organisation.settings)
    for row in rows:
        plan, problems = _check_row(row, languages)
        reference = (row.values.get("case_reference") or "").strip()
        if reference and not any(p.field == "case_reference" for p in problems):
            digest = case_reference_hash(organisation, reference)
            if digest in first_line:
                problems.append(Problem(row.line, "case_reference", _l(
                    "This case reference is also on line %(line)d", line=first_line[digest])))
                plan = None
            else:
                first_line[digest] = row.line
                if plan is not None:
                    plan.enquiry["case_ref_hash"] = digest
        results.append(LineResult(row.line, REFUSED, problems=problems) if problems or plan is None
                       else LineResult(row.line, CREATED, plan=plan))
    planned = {r.plan.enquiry["case_ref_hash"]: r for r in results if r.plan is not None}
    if planned:
        existing = session.scalars(select(Enquiry).where(
            Enquiry.organisation_id == organisation.id, Enquiry.case_ref_hash.in_(list(planned))))
        for enquiry in existing:
            result = planned[enquiry.case_ref_hash]
            result.enquiry = enquiry
            result.changed = _changes(enquiry, result.plan)
            result.outcome = UPDATED if result.changed else UNCHANGED
            if result.changed:
                result.final_quarters = _final_quarters(session, organisation, enquiry, result.plan)
    return results


def dry_run(session: Session, organisation: Organisation, rows: list[Row]) -> list[LineResult]:
    """What would happen to each line; a file with no lines is one problem. Writes nothing."""
    if not rows:
        return [LineResult(1, REFUSED, problems=[Problem(1, None, _l(
            "The file has no enquiries in it, only the line naming the columns"))])]
    return check_lines(session, organisation, rows)


def import_rows(session: Session, organisation: Organisation, rows: list[Row], actor) -> list[LineResult]:
    """Create and update what the file says, line by line, and say what happened to each.

    Checks again first, since the file may have been checked before someone else registered or
    changed one of its references. Refused lines write nothing."""
    results = dry_run(session, organisation, rows)
    leads = {user.id for user in possible_leads(session, organisation.id)}
    lead_id = actor.id if actor is not None and actor.id in leads else None
    created = [r for r in results if r.outcome == CREATED]
    participants = 0
    try:
        for result in created:
            details = result.plan.enquiry
            enquiry = Enquiry(
                organisation_id=organisation.id, case_ref_hash=details["case_ref_hash"],
                case_ref_hint=case_reference_hint(details["case_reference"]), kind=details["kind"],
                opened_on=details["opened_on"], closed_on=details["closed_on"], lead_user_id=lead_id,
                imported=True, **result.plan.msp,
            )
            session.add(enquiry)
            if result.plan.participant is not None:
                session.flush()
                _add_person(session, organisation, enquiry, result.plan.participant)
                participants += 1
        session.flush()
    except IntegrityError:
        # Someone registered one of these references while the file was being written.
        session.rollback()
        for result in created:
            result.outcome, result.problems = REFUSED, [Problem(result.line, "case_reference", DUPLICATE_REFERENCE)]
        created = []
    except Exception:
        session.rollback()
        raise
    if created:
        audit.record(session, "enquiries_imported", organisation, user=actor, count=len(created),
                     participants=participants)
        session.commit()
    updated = [r for r in results if r.outcome == UPDATED]
    for result in updated:
        _update(session, organisation, result, actor)
    if updated:
        audit.record(session, "enquiries_corrected_by_import", organisation, user=actor, count=len(updated))
        session.commit()
    return results


def _add_person(session: Session, organisation: Organisation, enquiry: Enquiry, participant: dict) -> None:
    person = Participant(organisation_id=organisation.id, enquiry_id=enquiry.id, screening={},
                         **{name: participant.get(name) for name in PARTICIPANT_FIELDS})
    person.format_needs = person.format_needs or []
    session.add(person)


def _update(session: Session, organisation: Organisation, result: LineResult, actor) -> None:
    """One corrected enquiry, through the casework record writers (each commits)."""
    enquiry, plan = result.enquiry, result.plan
    try:
        update_enquiry(session, enquiry, {name: plan.enquiry[name] for name in ENQUIRY_CHANGES}, actor)
    except RecordRejected as rejected:
        session.rollback()
        result.outcome = REFUSED
        result.problems = [Problem(result.line, COLUMN_OF.get(name, name), message)
                           for name, message in rejected.errors.items()]
        return
    record_msp_items(session, enquiry, {name: plan.msp.get(name) for name in MSP_FIELDS}, actor)
    if plan.participant is not None and not _existing_participant(enquiry, plan.participant):
        _add_person(session, organisation, enquiry, plan.participant)
        audit.record(session, "participant_added", enquiry, user=actor, imported=True)
        session.commit()
