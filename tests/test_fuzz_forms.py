"""Every rule of the URL map that takes a POST, PUT, PATCH or DELETE gets random and hostile
values in every field its form or the API's OpenAPI document names, on each database: no request
may end in a server error, and none may write outside the tables its part of the service owns,
nor change anything of another council.

Forms are found on the pages a user who may use them sees, with records made for the purpose
(``tests/fuzzing/world.py``); the CSRF token is kept valid so that each request reaches the
form's own validation. Twilio's webhooks are signed as Twilio signs them. A rule whose form
cannot be found is still posted, with random fields. Which rules were exercised, with what
fields and answers, is printed (``-s`` or ``-rP``) and part of any failure's message.

``FUZZ_EXAMPLES`` sets the submissions per rule (10 by default, chosen so that both databases
together take about a minute); each rule's examples come from a seed of its own, so a run repeats.
``FUZZ_SEED`` shifts every seed, for a longer search by hand (``FUZZ_EXAMPLES=100 FUZZ_SEED=7``).
"""
from __future__ import annotations

import sys
from urllib.parse import urlencode

from argon2 import PasswordHasher

from feedback_app.db import db
from tests.conftest import _empty_tables, make_test_app
from tests.fuzzing.runner import Fuzz
from tests.fuzzing.world import PASSWORD, PHONE, World  # noqa: F401 (PASSWORD is read by the runner)

METHODS = {"POST", "PUT", "PATCH", "DELETE"}
TWILIO_TOKEN = "fuzzing-auth-token-for-webhooks"
PUBLIC_BASE_URL = "https://feedback.example.org"

# Rules not posted to, each with the reason. None: every rule is reachable by someone.
SKIPPED: dict[str, str] = {}

# The audit trail records attempts (a refused sign-in, a rejected API request) as well as changes.
LOGS = {"audit_event"}
# The tables each blueprint may write, beyond the logs. Anything else changing is a failure.
WRITES = {
    # users, their roles and invitations to join, API keys, the council's own settings (kept on its
    # organisation row), recordings of the questions
    "admin": {"user_account", "membership", "pending_membership", "api_key", "organisation", "question_media"},
    # enquiries and participants registered by a case system; the key's last use
    "api": {"enquiry", "participant", "api_key"},
    # visits: the assignment, its invitation, the answers given with the person, what they raise
    "assist": {"assignment", "invitation", "response", "answer", "consent_event", "alert"},
    # signing in and out (the session version, the last sign-in), setting a password, joining
    # another organisation, forms kept when a session ended
    "auth": {"user_account", "membership", "pending_membership", "saved_form"},
    # casework records, consent, requests for feedback, partner visits, answers taken by telephone
    "casework": {"enquiry", "participant", "contact_point", "consent_event", "invitation", "assignment", "response",
                 "answer", "alert"},
    # reviews of comments and their themes; the words to take out, kept in the council's settings
    "comments": {"comment_review", "comment_review_theme", "comment_theme", "organisation"},
    "duty": {"alert"},
    # keying returned forms into answers; opening a form's code online; posting batches
    "paper": {"invitation", "paper_keying", "response", "answer", "alert", "consent_event", "paper_batch"},
    # quarterly returns; drawing and closing samples, whose people are given to a partner
    "reports": {"quarterly_return", "independent_sample", "assignment", "invitation"},
    # the person's own answers, consent and withdrawal (which cancels what was waiting)
    "respond": {"response", "answer", "consent_event", "invitation", "alert", "assignment"},
    # texts received and delivery reports, and what replies do: answers, consent, the conversation
    "sms": {"inbound_message", "delivery_report", "outbound_message", "text_conversation", "response", "answer",
            "consent_event", "invitation", "alert"},
}
WRITES["sms_dev"] = WRITES["sms"]  # the development page replies through the webhook's code

# Pages opened from an invitation link: the builder (tests/fuzzing/world.py) whose token opens it.
INVITATION_LINKS = {"auth.set_password": "user", "auth.join": "pending"}
# A page that shows a rule's form only with a query: the conversation with one phone.
HOST_QUERIES = {"sms_dev.reply": "?" + urlencode({"phone": PHONE})}
# Pages reached only by answering the ones before: walked the simplest way first.
WALKS = {
    "respond.check": ("respond.question", "respond.check"),
    "assist.question": ("assist.start", "assist.check"),
    "assist.check": ("assist.start", "assist.check"),
    "casework.telephone_question": ("casework.telephone_start", "casework.telephone_check"),
    "casework.telephone_check": ("casework.telephone_start", "casework.telephone_check"),
}


def writes(endpoint: str) -> set[str]:
    return WRITES[endpoint.split(".")[0]] | LOGS


def kind_of(rule) -> str:
    if rule.endpoint.startswith("api."):
        return "api"
    return "webhook" if rule.endpoint.startswith("sms.") else "form"


def string_arguments(world, endpoint: str, name: str) -> list[str]:
    """Values for a rule's text arguments: questions (the first, one for words, a yes or no),
    quarters (one with a draft return, one with a final one), a recording's language and kind."""
    known = {"key": world.question_keys, "period_slug": [quarter.slug for quarter in world.quarters],
             "language": ["en"], "version": ["adult"], "kind": ["audio"]}
    if name not in known:
        raise LookupError(f"nothing is known to put in <{name}> of {endpoint}: add a builder to "
                          "tests/fuzzing/world.py or values to string_arguments")
    return known[name]


def hints(world) -> dict[str, list[str]]:
    """Values the records make valid, offered beside the hostile ones in fields of these names."""
    return {"code": [world.paper_code], "email": [world.home.staff.email], "password": [PASSWORD],
            "phone": [PHONE]}


def twilio_fields(world, rule) -> list[tuple[str, list[str]]]:
    """The parameters Twilio posts, with values it might send."""
    if rule.endpoint == "sms.status":
        return [("MessageSid", world.message_sids or ["SM1"]),
                ("MessageStatus", ["delivered", "undelivered", "failed", "sent", "queued"]),
                ("ErrorCode", ["30003", "30005"])]
    return [("MessageSid", ["SM" + "1" * 32, *world.message_sids]), ("From", [PHONE]), ("To", ["+447700900999"]),
            ("Body", ["1", "STOP", "START", "HELP", "LATER", "yes"]), ("OptOutType", ["STOP", "START", "HELP"])]


def prepare(fuzz, rule, browser, targets) -> None:
    walk = WALKS.get(rule.endpoint)
    if walk:
        values = {**targets, "key": fuzz.world.question_keys[0]}
        start = fuzz.adapter.build(walk[0], {name: values[name] for name in _arguments(fuzz.app, walk[0])})
        browser.walk(start, walk[1])


def _arguments(app, endpoint: str) -> set[str]:
    return next(rule.arguments for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)


def _post_rules(app) -> list:
    return sorted((rule for rule in app.url_map.iter_rules() if rule.methods & METHODS), key=lambda r: r.rule)


def _report(fuzz, rules) -> str:
    lines = []
    for rule in rules:
        if rule.endpoint in SKIPPED:
            lines.append(f"skipped    {rule.rule}: {SKIPPED[rule.endpoint]}")
            continue
        outcome = fuzz.outcomes.get(rule.rule)
        state = "exercised" if outcome and outcome.reached else "NOT REACHED"
        statuses = dict(sorted(outcome.statuses.items())) if outcome else {}
        lines.append(f"{state:<10} {rule.rule} [{outcome.fields if outcome else ''}] answers {statuses}")
    return "\n".join(lines)


def test_every_form_and_api_field_survives_hostile_values(database_url, monkeypatch):
    from feedback_app.auth import passwords

    # Staff sign in many times here: the hash's cost is not what is being tested.
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    passwords._dummy_hash.cache_clear()
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True, TWILIO_AUTH_TOKEN=TWILIO_TOKEN,
                        PUBLIC_BASE_URL=PUBLIC_BASE_URL)
    records = make_test_app(database_url)
    engine = records.extensions["database_engine"]
    rules = _post_rules(app)
    try:
        with records.app_context():
            world = World(db.session)
            fuzz = Fuzz(app, world, engine, policy=sys.modules[__name__])
            for rule in rules:
                if rule.endpoint not in SKIPPED:
                    fuzz.route(rule)
                    db.session.rollback()
        report = _report(fuzz, rules)
        print(report)
        failures = {rule: outcome.failure for rule, outcome in fuzz.outcomes.items() if outcome.failure}
        assert not failures, "\n\n".join(f"{rule}:\n{failure}" for rule, failure in failures.items()) + "\n\n" + report
        assert "NOT REACHED" not in report, report
        assert set(SKIPPED) <= {rule.endpoint for rule in rules}, "a skipped endpoint is no longer in the URL map"
    finally:
        passwords._dummy_hash.cache_clear()
        _empty_tables(engine)
        engine.dispose()
        app.extensions["database_engine"].dispose()
