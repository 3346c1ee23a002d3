"""Answering by text: a signed inbound webhook that reads, records and replies to an answer,
against a signed webhook that does nothing, on the same application, measured side by side.

Claim: handling an inbound answer (check the signature, find the conversation, read the reply,
record it through record_answer, reply with the next question as TwiML) costs at most 1.5 times
a bare webhook that checks the same signature and answers with empty TwiML.

Run: .venv/bin/python bench/sms_inbound.py [--people 60] [--rounds 5]

It recreates the schema of the database bench_sms (created if missing), makes ``--people``
people whose questionnaires are sent by text (the dispatcher opens each conversation with the
log backend), then, in alternating chunks, posts signed answers to /sms/inbound and signed
no-op requests to the bare route, through the Flask test client in this process. CPU time per
request is compared (the machine is noisy, so chunks alternate and medians are taken); wall
time is printed too, as it includes PostgreSQL's replies.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_throughput import production_environment, recreate_database  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_sms"
BASE = "http://127.0.0.1:5000"
TOKEN = "bench-twilio-auth-token"
BARE_PATH = "/bench/bare-webhook"
TARGET = 1.5
# Replies that walk the questionnaire: yes to answering, "me", then answers to each question.
REPLIES = ("1", "1", "yes", "2", "a bit", "1", "no", "2", "The worker listened to me.")


def make_app(url: str):
    from flask import Response

    os.environ.update({**production_environment(url, BASE), "TWILIO_AUTH_TOKEN": TOKEN})
    from feedback_app import create_app
    from feedback_app.auth.permissions import public
    from feedback_app.extensions import csrf
    from feedback_app.migrate import upgrade
    from feedback_app.sms.webhooks import signature_is_valid

    upgrade(url)
    app = create_app({"RATELIMIT_ENABLED": False})

    @public
    @csrf.exempt
    def bare_webhook():
        if not signature_is_valid():
            return Response(status=403)
        return Response('<?xml version="1.0" encoding="UTF-8"?><Response />', mimetype="text/xml")

    app.add_url_rule(BARE_PATH, "bench_bare_webhook", bare_webhook, methods=["POST"])
    return app


def people(app, count: int) -> list[str]:
    """``count`` people asked by text, their first question sent; returns their numbers."""
    from feedback_app.db import db
    from feedback_app.dispatch import run_tick
    from feedback_app.models import (
        AskedBy, Channel, ConsentKind, ContactKind, ContactPoint, Invitation, InvitationStatus, Membership,
        Organisation, OrganisationKind, Participant, ParticipantRole, Role, Timing, User, utcnow,
    )
    from feedback_app.consent import record_consent
    from feedback_app.screening import CONDITIONS
    from feedback_app.sms.log_sender import LogSender
    from feedback_app.devdata.demo import _enquiry

    phones = []
    with app.app_context():
        session = db.session
        council = Organisation(slug="bench", name="Bench Council", kind=OrganisationKind.COUNCIL, ons_code="E06999999",
                               settings={"help_phone": "0300 000 0000"})
        session.add(council)
        session.flush()
        checker = User(email="checker@bench.example", name="Checker")
        checker.memberships.append(Membership(organisation_id=council.id, role=Role.PRACTITIONER))
        session.add(checker)
        session.flush()
        now = utcnow()
        for n in range(count):
            phone = f"+4477009{n:05d}"
            participant = Participant(organisation_id=council.id, enquiry_id=_enquiry(session, council, f"B-{n}").id,
                                      role=ParticipantRole.ADULT, language="en",
                                      screening={c: {"present": False} for c in CONDITIONS})
            session.add(participant)
            session.flush()
            session.add(ContactPoint(organisation_id=council.id, participant_id=participant.id,
                                     kind=ContactKind.PHONE, value=phone, is_private=True, may_name_council=False,
                                     code_word="bench", safe_checked_by_id=checker.id, safe_checked_at=now))
            session.add(Invitation(organisation_id=council.id, participant_id=participant.id,
                                   survey_id="msp-experience", channel=Channel.SMS, answer_by_reply=True,
                                   timing=Timing.AFTER, asked_by=AskedBy.INDEPENDENT,
                                   status=InvitationStatus.SCHEDULED, due_at=now - timedelta(minutes=1),
                                   expires_at=now + timedelta(days=28)))
            record_consent(session, participant, ConsentKind.GIVEN, Channel.STAFF, how="in_person")
            phones.append(phone)
        session.commit()
        sent, when = 0, _a_working_morning(now)
        while sent < count:
            summary = run_tick(session, LogSender(), now=when, batch_size=200)
            if not summary.sent:
                break
            sent += summary.sent
        if sent != count:
            raise SystemExit(f"Only {sent} of {count} first texts went.")
    return phones


def _a_working_morning(after):
    """The next weekday at 11:00 in London, outside any council's quiet hours."""
    from datetime import datetime, time as clock
    from zoneinfo import ZoneInfo

    day = after.astimezone(ZoneInfo("Europe/London")).date()
    while True:
        moment = datetime.combine(day, clock(11), ZoneInfo("Europe/London"))
        if moment > after and moment.weekday() < 5:
            return moment
        day += timedelta(days=1)


def signed(client, path: str, params: dict):
    from twilio.request_validator import RequestValidator

    signature = RequestValidator(TOKEN).compute_signature(BASE + path, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def statements_alone(app, client, phone: str, repeats: int = 200) -> tuple[int, float]:
    """How many statements one typical answer sends to the database, and the CPU time (ms) of
    sending exactly those, with the same parameters, straight through the driver (each time in a
    transaction that is rolled back): what the answer would cost with nothing else in the way."""
    from sqlalchemy import event

    from feedback_app.db import db

    with app.app_context():
        engine = db.engine
    sent = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    for number, body in enumerate(REPLIES[:3]):
        params = {"MessageSid": f"SMfloor{number:027d}", "From": phone, "Body": body}
        if number == 2:
            event.listen(engine, "before_cursor_execute", capture)
        try:
            assert signed(client, "/sms/inbound", params).status_code == 200
        finally:
            if number == 2:
                event.remove(engine, "before_cursor_execute", capture)
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        times = []
        for _ in range(repeats):
            started = time.process_time()
            with connection.cursor() as cursor:
                for statement, parameters in sent:
                    cursor.execute(statement, parameters)
                    if cursor.description is not None:
                        cursor.fetchall()
            connection.rollback()
            times.append((time.process_time() - started) * 1000)
    finally:
        raw.close()
    return len(sent), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    print(f"Setting up {options.database_url} with {options.people} people answering by text ...")
    recreate_database(options.database_url)
    app = make_app(options.database_url)
    *phones, spare = people(app, options.people + 1)
    client = app.test_client()
    step = {phone: 0 for phone in phones}
    sid = iter(range(10**9))
    answers, bare, answer_wall, bare_wall = [], [], [], []
    per_round = max(1, len(phones) * len(REPLIES) // options.rounds)
    queue = [(phone, i) for i in range(len(REPLIES)) for phone in phones]
    for _ in range(20):
        signed(client, BARE_PATH, {"MessageSid": f"SMwarm{next(sid)}", "From": phones[0], "Body": "1"})
    for number in range(options.rounds):
        chunk, queue = queue[:per_round], queue[per_round:]
        if not chunk:
            break
        cpu, wall = time.process_time(), time.perf_counter()
        for phone, _ in chunk:
            params = {"MessageSid": f"SM{next(sid):032d}", "From": phone, "Body": REPLIES[step[phone]]}
            response = signed(client, "/sms/inbound", params)
            assert response.status_code == 200, response.status_code
            step[phone] += 1
        answers.append((time.process_time() - cpu) / len(chunk) * 1000)
        answer_wall.append((time.perf_counter() - wall) / len(chunk) * 1000)
        cpu, wall = time.process_time(), time.perf_counter()
        for phone, _ in chunk:
            params = {"MessageSid": f"SM{next(sid):032d}", "From": phone, "Body": "1"}
            assert signed(client, BARE_PATH, params).status_code == 200
        bare.append((time.process_time() - cpu) / len(chunk) * 1000)
        bare_wall.append((time.perf_counter() - wall) / len(chunk) * 1000)
        print(f"  round {number + 1}: {len(chunk)} answers; CPU per request: answer {answers[-1]:.2f} ms, "
              f"bare webhook {bare[-1]:.2f} ms, ratio {answers[-1] / bare[-1]:.2f}; wall: answer "
              f"{answer_wall[-1]:.2f} ms, bare {bare_wall[-1]:.2f} ms")
    ratios = [a / b for a, b in zip(answers, bare)]
    median = statistics.median(ratios)
    print("Summary:")
    print(f"  CPU per request, medians: inbound answer {statistics.median(answers):.2f} ms, "
          f"bare signed webhook {statistics.median(bare):.2f} ms")
    print(f"  ratio per round: {', '.join(f'{r:.2f}' for r in ratios)}; median {median:.2f}")
    print(f"  wall per request, medians: inbound answer {statistics.median(answer_wall):.2f} ms, "
          f"bare {statistics.median(bare_wall):.2f} ms")
    floor = statements_alone(app, client, spare)
    print(f"  the {floor[0]} statements of one answer (the third) sent straight through psycopg, without "
          f"SQLAlchemy, Flask or the dialogue: {floor[1]:.2f} ms CPU; beside the bare webhook they alone make a "
          f"ratio of {(statistics.median(bare) + floor[1]) / statistics.median(bare):.2f}")
    verdict = "MEETS the target" if median <= TARGET else "ABOVE the target"
    print(f"Verdict: median ratio {median:.2f} {'<=' if median <= TARGET else '>'} {TARGET}: {verdict}")


if __name__ == "__main__":
    main()
