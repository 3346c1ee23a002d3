"""/p, the page a paper form's QR code opens: it asks for the form code and nothing else, and a
good code opens the questionnaire online, while the form has not been answered another way."""
from datetime import date

import pytest

from feedback_app.models import Channel, ConsentKind, InvitationStatus, PaperKeying
from feedback_app.consent import record_consent

from tests.factories import answer

from .conftest import paper_invitation

REFUSED = ("We could not use this code. Check it against your form and try again. Or fill in the paper form "
           "and post it back.")


@pytest.fixture
def willing(session, invitation):
    record_consent(session, invitation.participant, ConsentKind.GIVEN, Channel.STAFF)
    session.commit()
    return invitation


def test_the_page_asks_only_for_the_code(client_request):
    page = client_request.get("/p")
    assert page.h1 == "Answer your paper form online"
    fields = [field.get("name") for field in page.findall(".//form//input") if field.get("type") != "hidden"]
    assert fields == ["code"]
    assert page.response.headers["Cache-Control"] == "no-store"
    assert page.response.headers["Referrer-Policy"] == "no-referrer"
    assert "Exit this page" in page.text


def test_a_good_code_opens_the_questionnaire(client_request, willing):
    typed = willing.reference_code.lower().replace("-", " ")
    response = client_request.post("/p", {"code": typed})
    assert response.headers["Location"] == "/questionnaire"
    page = client_request.get("/questionnaire")
    assert page.h1 == "Tell us what you think"


@pytest.mark.parametrize("state", ["mistyped", "unknown", "answered", "keyed", "withdrawn", "not posted",
                                   "no consent"])
def test_every_other_code_gets_the_same_answer(client_request, session, council, willing, practitioner, state):
    keyer = practitioner
    code = willing.reference_code
    if state == "mistyped":
        code = code[:-1] + ("A" if code[-1] != "A" else "B")
    elif state == "unknown":
        code = "KKKK-KKKK"
    elif state == "answered":
        answer(session, willing, ("consent", "yes"), channel=Channel.PAPER, submit=True)
    elif state == "keyed":
        session.add(PaperKeying(organisation_id=council.id, invitation_id=willing.id, keyed_by_id=keyer.id,
                                received_on=date.today(), entries="{}"))
    elif state == "withdrawn":
        record_consent(session, willing.participant, ConsentKind.WITHDRAWN, Channel.STAFF)
    elif state == "not posted":
        willing.status = InvitationStatus.SCHEDULED
    else:
        code = paper_invitation(session, council).reference_code
    session.commit()
    page = client_request.post("/p", {"code": code}, expected_status=400)
    assert page.error_messages() == [REFUSED]
    assert client_request.get("/questionnaire", expected_status=404).h1 == "This link does not work"
