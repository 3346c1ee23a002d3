"""Printing paper forms: one questionnaire PDF made by the application, against WeasyPrint alone
turning the same HTML into a PDF, measured side by side; and a batch of 100 forms made by the
dispatcher, timed, with its peak memory.

Claims: one form costs at most 1.2 times WeasyPrint's own time for its HTML (what the
application adds: the words in the person's language, the QR code, the guarded file fetcher);
a batch of 100 forms with their covering letters is made in under 60 seconds (by the dispatcher,
with as many worker processes as PAPER_RENDER_PROCESSES allows: the cores, up to 4).

Run: .venv/bin/python bench/paper_render.py [--rounds 7] [--batch 100]

The batch is made in a child process of its own, on a new SQLite database in a temporary folder,
so that its peak memory (the resident set size the kernel reports) is the batch's alone.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_throughput import production_environment  # noqa: E402

BASE = "http://127.0.0.1:5000"
FORM_TARGET = 1.2
BATCH_TARGET_SECONDS = 60


def make_app(database_url: str):
    os.environ.update(production_environment(database_url, BASE))
    from feedback_app import create_app
    from feedback_app.migrate import upgrade

    upgrade(database_url)
    return create_app({"RATELIMIT_ENABLED": False})


def people_by_post(app, count: int):
    """``count`` people due a paper form today, every check in place; returns their invitations."""
    from feedback_app.consent import record_consent
    from feedback_app.db import db
    from feedback_app.devdata.demo import _enquiry
    from feedback_app.models import (
        AskedBy, Channel, ConsentKind, ContactKind, ContactPoint, Invitation, InvitationStatus, Membership,
        Organisation, OrganisationKind, Participant, ParticipantRole, Role, Timing, User, utcnow,
    )
    from feedback_app.screening import CONDITIONS
    from feedback_app.tokens import new_reference_code

    with app.app_context():
        session = db.session
        council = Organisation(slug="bench", name="Benchshire Council", kind=OrganisationKind.COUNCIL,
                               settings={"help_phone": "0300 123 4567"})
        checker = User(email="checker@bench.example", name="Checker")
        session.add_all([council, checker])
        session.flush()
        session.add(Membership(user_id=checker.id, organisation_id=council.id, role=Role.PRACTITIONER))
        now = utcnow()
        languages = ("en", "cy", "pl", "ur", "ar")
        for number in range(count):
            enquiry = _enquiry(session, council, f"BENCH-{number:05d}")
            participant = Participant(organisation_id=council.id, enquiry_id=enquiry.id, role=ParticipantRole.ADULT,
                                      language=languages[number % len(languages)],
                                      format_needs=["large_print"] if number % 4 == 3 else ["easy_read"],
                                      screening={condition: {"present": False} for condition in CONDITIONS})
            session.add(participant)
            session.flush()
            session.add(ContactPoint(organisation_id=council.id, participant_id=participant.id,
                                     kind=ContactKind.POSTAL, value=f"{number} Bench Street\nBenchtown\nBT1 1AA",
                                     is_private=True, safe_checked_by_id=checker.id, safe_checked_at=now))
            session.add(Invitation(organisation_id=council.id, participant_id=participant.id,
                                   survey_id="msp-experience", channel=Channel.PAPER, timing=Timing.AFTER,
                                   asked_by=AskedBy.INDEPENDENT, status=InvitationStatus.SCHEDULED,
                                   reference_code=new_reference_code(), due_at=now - timedelta(minutes=1),
                                   expires_at=now + timedelta(days=28)))
            record_consent(session, participant, ConsentKind.GIVEN, Channel.STAFF, how="in_person")
        session.commit()


def batch_child(count: int) -> None:
    """Make one batch of ``count`` letters and forms; print what it took as JSON."""
    from feedback_app.db import db
    from feedback_app.dispatch import run_tick
    from feedback_app.models import PaperBatch
    from feedback_app.sms.log_sender import LogSender

    folder = tempfile.mkdtemp(prefix="bench-paper-")
    app = make_app(f"sqlite:///{folder}/bench.db")
    people_by_post(app, count)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with app.app_context():
        started = time.perf_counter()
        summary = run_tick(db.session, LogSender())
        seconds = time.perf_counter() - started
        batch = db.session.query(PaperBatch).one()
        size = len(batch.pdf or "") * 3 // 4
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The worker processes that made the parts, each measured on its own (the largest of them).
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"letters": summary.batched, "batches": summary.batches, "seconds": seconds,
                      "peak_mib": peak / 1024, "before_mib": before / 1024, "worker_mib": workers / 1024,
                      "processes": app.config["PAPER_RENDER_PROCESSES"], "pdf_mib": size / 2 ** 20}))


def one_form(rounds: int) -> list[float]:
    """Ratios, round by round, of the application's time for one form to WeasyPrint's alone."""
    from weasyprint import HTML

    from feedback_app.db import db
    from feedback_app.models import Invitation, Organisation, Participant
    from feedback_app.paper.pdf import build_form, form_html, form_pdf, symbols_dir

    folder = tempfile.mkdtemp(prefix="bench-paper-")
    app = make_app(f"sqlite:///{folder}/bench.db")
    people_by_post(app, 1)
    ratios = []
    with app.test_request_context():
        invitation = db.session.query(Invitation).one()
        participant = db.session.get(Participant, invitation.participant_id)
        council = db.session.get(Organisation, invitation.organisation_id)
        html = form_html(build_form(invitation, participant, council))
        base = symbols_dir().parent.as_uri() + "/"
        form_pdf(invitation, participant, council)  # fonts and templates loaded once, for both
        HTML(string=html, base_url=base).write_pdf(pdf_variant="pdf/ua-1")
        for number in range(1, rounds + 1):
            timings = {"app": [], "weasyprint": []}
            for _ in range(3):
                started = time.perf_counter()
                form_pdf(invitation, participant, council)
                timings["app"].append(time.perf_counter() - started)
                started = time.perf_counter()
                HTML(string=html, base_url=base).write_pdf(pdf_variant="pdf/ua-1")
                timings["weasyprint"].append(time.perf_counter() - started)
            app_time, bare_time = min(timings["app"]), min(timings["weasyprint"])
            ratios.append(app_time / bare_time)
            print(f"  round {number}: application {app_time * 1000:.0f} ms, WeasyPrint alone "
                  f"{bare_time * 1000:.0f} ms, ratio {ratios[-1]:.2f}")
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batch-child", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.batch_child:
        batch_child(options.batch_child)
        return
    print(f"A batch of {options.batch} letters and forms, made by the dispatcher in a process of its own ...")
    child = subprocess.run([sys.executable, __file__, "--batch-child", str(options.batch)], capture_output=True,
                           text=True, check=True)
    batch = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"  {batch['letters']} letters in {batch['batches']} batch: {batch['seconds']:.1f} s with "
          f"{batch['processes']} worker processes, PDF {batch['pdf_mib']:.1f} MiB; peak memory: dispatcher "
          f"{batch['peak_mib']:.0f} MiB ({batch['before_mib']:.0f} MiB before), largest worker "
          f"{batch['worker_mib']:.0f} MiB")
    print("One form: the application against WeasyPrint alone on the same HTML (best of 3 each round) ...")
    ratios = one_form(options.rounds)
    median = statistics.median(ratios)
    print("Summary:")
    print(f"  one form: ratio per round {', '.join(f'{r:.2f}' for r in ratios)}; median {median:.2f} "
          f"({'within' if median <= FORM_TARGET else 'ABOVE'} the target of {FORM_TARGET})")
    print(f"  batch of {batch['letters']}: {batch['seconds']:.1f} s "
          f"({'within' if batch['seconds'] < BATCH_TARGET_SECONDS else 'ABOVE'} the target of "
          f"{BATCH_TARGET_SECONDS} s), peak memory {batch['peak_mib']:.0f} MiB in the dispatcher and "
          f"{batch['worker_mib']:.0f} MiB in the largest of {batch['processes']} workers")


if __name__ == "__main__":
    main()
