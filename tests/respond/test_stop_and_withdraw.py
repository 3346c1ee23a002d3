"""Stop for now, I do not want to do this, and delete my answers."""
from sqlalchemy import func, select

from feedback_app.consent import consent_state
from feedback_app.models import Answer, ConsentEvent, ConsentKind, ConsentState, Invitation, InvitationStatus

from .conftest import answer


def _start(client, invited):
    client.get(invited.link)
    answer(client, "consent", "yes")
    answer(client, "who", "adult")
    answer(client, "listened", "no")


def test_every_question_page_offers_stop_withdraw_and_delete(client_request, invited):
    _start(client_request.client, invited)
    page = client_request.get("/questionnaire/q/involved")
    links = {a.get("href") for a in page.findall(".//a")}
    assert {"/questionnaire/stop", "/questionnaire/withdraw", "/questionnaire/delete"} <= links


def test_withdrawing_stops_everything(client_request, session, invited):
    client = client_request.client
    _start(client, invited)
    page = client_request.get("/questionnaire/withdraw")
    assert page.h1 == "Do you want to stop doing this?"
    assert client.post("/questionnaire/withdraw").headers["Location"] == "/questionnaire/closed"
    assert client_request.get("/questionnaire/closed").h1 == "You have stopped"
    session.expire_all()
    assert consent_state(session, invited.participant.id) == ConsentState.WITHDRAWN
    assert session.get(Invitation, invited.invitation.id).status == InvitationStatus.CANCELLED
    assert client.get(invited.link).status_code == 404


def test_deleting_answers_is_recorded_then_done(client_request, session, invited):
    client = client_request.client
    _start(client, invited)
    assert client_request.get("/questionnaire/delete").h1 == "Do you want us to delete your answers?"
    client.post("/questionnaire/delete")
    assert client_request.get("/questionnaire/closed").h1 == "Your answers have been deleted"
    session.expire_all()
    assert session.scalar(select(func.count(Answer.id))) == 0
    kinds = session.scalars(select(ConsentEvent.kind).order_by(ConsentEvent.id)).all()
    assert ConsentKind.ERASE_REQUESTED in kinds and kinds[-1] == ConsentKind.ERASED
    assert client.get(invited.link).status_code == 404


def test_stop_for_now_keeps_answers(client_request, session, invited):
    _start(client_request.client, invited)
    page = client_request.get("/questionnaire/stop")
    assert page.h1 == "You have stopped for now"
    assert "Your answers so far are saved. They have not been sent." in page.text
    assert "If we send you a reminder, its link works too." in page.text
    assert session.scalar(select(func.count(Answer.id))) == 3
