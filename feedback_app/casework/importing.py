"""Importing closed enquiries, and the person to ask about each, from a CSV file.

A council's case management system can export the enquiries it has closed. Each line of the
file is one closed enquiry with its MSP record items and, optionally, one participant. Every
line is checked with the same ``validate_*`` functions as the casework pages, so a file gets
the same answers a practitioner typing the case in would get.

An import is all or nothing: a file with any problem writes nothing, because a half-imported
file leaves the council unsure which lines to send again. The record writers in ``records``
commit one record at a time, so this module builds the rows itself in one transaction.

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
    ``carer``, ``care_act_advocate`` or ``imca``). Blank for nobody.
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
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..casework_refs import case_reference_hash, case_reference_hint
from ..models import Enquiry, Organisation, Participant, ParticipantRole, RepresentativeKind
from .records import possible_leads, validate_enquiry, validate_msp_record, validate_participant
from .records.enquiries import CLOSED_REQUIRED, DUPLICATE_REFERENCE
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
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ImportRefused(_l("The file could not be read as CSV. Save it again as “CSV UTF-8” "
                               "and try again."))
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise ImportRefused(_l("The file is empty. The first line must name the columns: %(columns)s",
                               columns=", ".join(COLUMNS)))
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [column for column in COLUMNS if column not in header]
    unknown = [column for column in header if column not in COLUMNS]
    repeated = sorted({column for column in header if column and header.count(column) > 1})
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


def _check_row(row: Row) -> tuple[_Planned | None, list[Problem]]:
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
        })
        report(errors)
    elif any(values[column] for column in PARTICIPANT_COLUMNS):
        problems.append(Problem(row.line, "participant_role", _l(
            "Enter participant_role, or leave the participant columns blank")))
    if problems:
        return None, problems
    return _Planned(row.line, enquiry, msp, participant), []


def _plan(session: Session, organisation: Organisation, rows: list[Row]):
    planned, problems = [], []
    first_line = {}
    for row in rows:
        plan, row_problems = _check_row(row)
        problems.extend(row_problems)
        reference = (row.values.get("case_reference") or "").strip()
        if not reference or any(p.field == "case_reference" for p in row_problems):
            continue
        digest = case_reference_hash(organisation, reference)
        if digest in first_line:
            problems.append(Problem(row.line, "case_reference", _l(
                "This case reference is also on line %(line)d", line=first_line[digest])))
            plan = None
        else:
            first_line[digest] = row.line
        if plan is not None:
            plan.enquiry["case_ref_hash"] = digest
            planned.append(plan)
    if first_line:
        existing = set(session.scalars(select(Enquiry.case_ref_hash).where(
            Enquiry.organisation_id == organisation.id, Enquiry.case_ref_hash.in_(list(first_line)))))
        for digest in existing:
            problems.append(Problem(first_line[digest], "case_reference", DUPLICATE_REFERENCE))
    problems.sort(key=lambda problem: problem.line)
    return planned, problems


def dry_run(session: Session, organisation: Organisation, rows: list[Row]) -> list[Problem]:
    """Every problem in the file, by line; an empty list means the file would import. Writes nothing."""
    if not rows:
        return [Problem(1, None, _l("The file has no enquiries in it, only the line naming the columns"))]
    return _plan(session, organisation, rows)[1]


class ImportRejected(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def import_rows(session: Session, organisation: Organisation, rows: list[Row], actor) -> int:
    """Write every row in one transaction and commit; returns how many enquiries were imported.

    Checks again first, since the file may have been checked before someone else registered one
    of its references; ``ImportRejected`` lists the problems and nothing is written then.
    """
    problems = dry_run(session, organisation, rows)
    if problems:
        raise ImportRejected(problems)
    planned, _ = _plan(session, organisation, rows)
    leads = {user.id for user in possible_leads(session, organisation.id)}
    lead_id = actor.id if actor is not None and actor.id in leads else None
    participants = 0
    try:
        for plan in planned:
            details = plan.enquiry
            enquiry = Enquiry(
                organisation_id=organisation.id, case_ref_hash=details["case_ref_hash"],
                case_ref_hint=case_reference_hint(details["case_reference"]), kind=details["kind"],
                opened_on=details["opened_on"], closed_on=details["closed_on"], lead_user_id=lead_id,
                imported=True, **plan.msp,
            )
            session.add(enquiry)
            if plan.participant is not None:
                session.flush()
                person = Participant(organisation_id=organisation.id, enquiry_id=enquiry.id, screening={},
                                     **{name: plan.participant.get(name) for name in PARTICIPANT_FIELDS})
                person.format_needs = person.format_needs or []
                session.add(person)
                participants += 1
        session.flush()
    except IntegrityError:
        # Someone registered one of these references while the file was being written.
        session.rollback()
        raise ImportRejected([Problem(0, "case_reference", DUPLICATE_REFERENCE)])
    except Exception:
        session.rollback()
        raise
    audit.record(session, "enquiries_imported", organisation, user=actor, count=len(planned),
                 participants=participants)
    session.commit()
    return len(planned)
