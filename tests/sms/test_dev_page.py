"""The development page shows the texts the log backend kept, to staff of the same council."""
import secrets

from feedback_app.models import Role
from tests.conftest import make_test_app
from tests.factories import create_organisation, create_user
from tests.jobs.conftest import make_due, tick  # noqa: F401 (the fixture)

PASSWORD = "a long enough password"


def test_staff_read_their_councils_texts_newest_first(session, client_request, tick):
    first = make_due(session)
    tick()
    other = make_due(session, first.council, may_name_council=True)
    tick()
    elsewhere = make_due(session, council=create_organisation(session, name="Southbay Council"))
    tick()
    practitioner = create_user(session, first.council, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(practitioner, PASSWORD)
    page = client_request.get("/dev/messages")
    assert page.h1 == "Text messages kept for development"
    rows = page.findall(".//tbody/tr")
    assert len(rows) == 2, "texts to another council's people are not shown"
    text = page.text
    assert text.index("Northshire County Council would like") < text.index("Hello. We would like")
    assert "07700 900123" in text
    assert page.find(".//tbody//a[@href]") is not None, "the link can be followed"
    assert "Southbay" not in text and other.council.id == first.council.id != elsewhere.council.id


def test_other_roles_may_not_read_texts(session, client_request):
    council = create_organisation(session)
    analyst = create_user(session, council, Role.ANALYST, password=PASSWORD)
    client_request.login(analyst, PASSWORD)
    assert client_request.client.get("/dev/messages").status_code == 403


def test_the_page_is_absent_in_production_and_with_twilio(app, database_url, monkeypatch):
    twilio = make_test_app(database_url, SMS_BACKEND="twilio")
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("LOOKUP_KEY", secrets.token_hex(32))
    monkeypatch.setenv("DATA_KEY", ",".join(app.config["DATA_KEYS"]))
    production = make_test_app(database_url, APP_ENV="production")
    for app in (twilio, production):
        assert "sms_dev.messages" not in app.view_functions
        app.extensions["database_engine"].dispose()


def test_one_phones_conversation_reads_oldest_first_and_replies_go_through_the_webhook_code(session, client_request):

    from sqlalchemy import select

    from feedback_app.db import db
    from feedback_app.dispatch import run_tick
    from feedback_app.models import Answer, InboundMessage
    from feedback_app.sms.log_sender import LogSender
    from tests.jobs.conftest import TUESDAY_MORNING

    due = make_due(session, phone="+447700900777")
    due.invitation.answer_by_reply = True
    session.commit()
    with client_request.app.app_context():
        summary = run_tick(db.session, LogSender(), now=TUESDAY_MORNING)
    assert summary.sent == 1, summary
    practitioner = create_user(session, due.council, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(practitioner, PASSWORD)
    page = client_request.get("/dev/messages?phone=%2B447700900777")
    assert [li.get("data-direction") for li in page.findall(".//li[@data-direction]")] == ["out"]
    response = client_request.client.post("/dev/messages/reply", data={"phone": "+447700900777", "body": "1"})
    assert response.status_code == 302
    page = client_request.get("/dev/messages?phone=%2B44%207700%20900777")
    lines = page.findall(".//li[@data-direction]")
    assert [li.get("data-direction") for li in lines] == ["out", "in", "out"]
    assert "Who is answering?" in "".join(lines[-1].itertext())
    # The number pasted into the address as printed: its "+" arrives as a space.
    pasted = client_request.get("/dev/messages?phone=+447700900777")
    assert len(pasted.findall(".//li[@data-direction]")) == 3
    # The person texted on it is one link away, to see what a reply such as STOP changed.
    assert [a.get("href") for a in pasted.findall(".//main//a") if "/participants/" in a.get("href")] == [
        f"/casework/participants/{due.participant.id}"]
    session.expire_all()
    assert session.scalar(select(Answer.choice_key).where(Answer.question_key == "consent")) == "yes"
    assert session.scalar(select(InboundMessage.body)) == "1"
    # A phone nobody in this council was texted on is not found, nor is a number that is not one.
    assert client_request.client.get("/dev/messages?phone=%2B447700900555").status_code == 404
    assert client_request.client.get("/dev/messages?phone=nonsense").status_code == 404
    empty = client_request.client.post("/dev/messages/reply", data={"phone": "+447700900777", "body": " "})
    assert empty.status_code == 400 and "Enter the words of the reply" in empty.get_data(as_text=True)
