"""A long import, done beside the web request rather than in it.

A file of more than ``INLINE_LINES`` lines is kept (encrypted, like everything else that names
people) as an ``ImportJob`` and worked through in chunks by a thread started for it, recording
after each chunk how far it has gone and what each line did. The page that started it shows that
progress. If the process stops part-way (a restart, a deployment), ``jobs tick`` picks the job up
where it was: every line is matched by its case reference, so a chunk done twice creates nothing
twice.

Problems are kept as the message and its values rather than as words, so that the page shows them
in the language of whoever reads it.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask, current_app
from flask_babel import gettext
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..db import unscoped
from ..models import ImportJob, Organisation, User, utcnow
from .importing import CREATED, REFUSED, UPDATED, LineResult, check_lines, import_rows, read_csv

logger = logging.getLogger(__name__)

INLINE_LINES = 500  # a file this long or shorter is imported while the page waits
CHUNK_LINES = 200
STALLED_AFTER = timedelta(minutes=10)  # a running job nobody has moved on for this long is resumed


@dataclass
class ShownProblem:
    line: int
    field: str | None
    message: str


@dataclass
class ShownResult:
    line: int
    outcome: str
    changed: tuple = ()
    problems: list = field(default_factory=list)
    final_quarters: tuple = ()


def _message_data(message) -> list:
    """A lazy message as [source text, values], to be translated when it is read."""
    args, values = getattr(message, "_args", None), getattr(message, "_kwargs", None)
    if args:
        return [str(args[0]), {key: value for key, value in (values or {}).items()
                               if isinstance(value, (str, int, float))}]
    return [str(message), {}]


def _stored(result: LineResult) -> dict:
    return {"line": result.line, "outcome": result.outcome, "changed": list(result.changed),
            "final_quarters": list(result.final_quarters),
            "problems": [[problem.line, problem.field, *_message_data(problem.message)] for problem in result.problems]}


def shown_results(job: ImportJob) -> list[ShownResult]:
    """The job's results so far, with problems in the reader's language."""
    shown = []
    for stored in sorted(job.results or [], key=lambda item: item["line"]):
        problems = [ShownProblem(line, name, gettext(text, **values) if values else gettext(text))
                    for line, name, text, values in stored["problems"]]
        shown.append(ShownResult(stored["line"], stored["outcome"], tuple(stored["changed"]), problems,
                                 tuple(stored["final_quarters"])))
    return shown


def start_import(session: Session, council: Organisation, text: str, lines: int, actor: User) -> ImportJob:
    job = ImportJob(organisation_id=council.id, created_by_id=actor.id, content=text, total_lines=lines,
                    done_lines=0, status="waiting", results=[])
    session.add(job)
    session.commit()
    return job


def run_in_background(app: Flask, job_id: int) -> None:
    """Work through the job in a thread of this process, so that the request can return."""
    def work():
        with app.app_context():
            with Session(app.extensions["database_engine"], expire_on_commit=False) as session:
                try:
                    run_import(session, job_id)
                except Exception:
                    logger.exception("Import %s stopped; the next jobs tick resumes it", job_id)

    threading.Thread(target=work, name=f"import-{job_id}", daemon=True).start()


def _claim(session: Session, job_id: int) -> ImportJob | None:
    """Take the job if it is waiting or has stalled; None if someone else is working on it."""
    now = utcnow()
    claimed = session.execute(
        update(ImportJob).where(ImportJob.id == job_id, or_(
            ImportJob.status == "waiting",
            (ImportJob.status == "running") & (ImportJob.moved_at < now - STALLED_AFTER)))
        .values(status="running", moved_at=now).execution_options(synchronize_session=False)).rowcount
    session.commit()
    return session.get(ImportJob, job_id, populate_existing=True) if claimed else None


def run_import(session: Session, job_id: int) -> bool:
    """Do what is left of the job; True if this call finished it."""
    with unscoped(session):
        job = _claim(session, job_id)
        if job is None:
            return False
        council = session.get(Organisation, job.organisation_id)
        actor = session.get(User, job.created_by_id) if job.created_by_id else None
        rows = read_csv(job.content)
        # Checked as a whole once, so that a reference repeated further down the file is refused
        # however the file is cut into chunks.
        refused = {result.line: result for result in check_lines(session, council, rows)
                   if result.outcome == REFUSED}
        done = {stored["line"] for stored in job.results or []}
        waiting = [row for row in rows if row.line not in done]
        for start in range(0, len(waiting), CHUNK_LINES):
            chunk = waiting[start:start + CHUNK_LINES]
            results = [refused[row.line] for row in chunk if row.line in refused]
            to_import = [row for row in chunk if row.line not in refused]
            if to_import:
                results += import_rows(session, council, to_import, actor)
            job = session.get(ImportJob, job_id, populate_existing=True)
            job.results = [*(job.results or []), *(_stored(result) for result in results)]
            job.done_lines = len(job.results)
            job.moved_at = utcnow()
            session.commit()
        job = session.get(ImportJob, job_id, populate_existing=True)
        job.status, job.content, job.finished_at = "done", None, utcnow()
        session.commit()
        return True


def resume_stalled_imports(session: Session, now=None) -> int:
    """Finish imports left waiting or stopped part-way; how many were finished."""
    now = now or utcnow()
    with unscoped(session):
        ids = session.scalars(select(ImportJob.id).where(or_(
            (ImportJob.status == "waiting") & (ImportJob.created_at < now - timedelta(minutes=1)),
            (ImportJob.status == "running") & (ImportJob.moved_at < now - STALLED_AFTER)))).all()
    return sum(run_import(session, job_id) for job_id in ids)


def counts(job: ImportJob) -> dict:
    found = {outcome: 0 for outcome in (CREATED, UPDATED, "unchanged", REFUSED)}
    for stored in job.results or []:
        found[stored["outcome"]] += 1
    return found


def background_enabled() -> bool:
    return current_app.config.get("IMPORT_IN_BACKGROUND", True)
