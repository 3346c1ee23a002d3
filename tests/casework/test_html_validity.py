"""The W3C Nu HTML checker finds no errors on the casework pages, in any state."""
import json
import shutil
import subprocess
from feedback_app.models import InvitationStatus
from tests.test_html_validity import VNU

from .conftest import add_adult, add_checked_mobile, invitations, ready_to_ask, register
from .test_outcomes_pdf import record_outcomes
from .test_scheduling import after_closure


def _pages(client, session, council, practitioner):
    enquiry = register(session, council, practitioner, reference="NS-VALID")
    record_outcomes(session, enquiry, practitioner)
    ready = ready_to_ask(session, enquiry, practitioner)
    client.post(f"/casework/participants/{ready.id}/schedule", data=after_closure())
    [invitation] = invitations(session)
    invitation.status, invitation.last_error = InvitationStatus.FAILED, "Unknown number"
    session.commit()
    client.post(f"/casework/participants/{ready.id}/schedule", data=after_closure())
    blocked = add_adult(session, enquiry, practitioner, language="ur")
    contact = add_checked_mobile(session, blocked, practitioner, private=False)
    enquiry_url, ready_url, blocked_url = (f"/casework/enquiries/{enquiry.id}", f"/casework/participants/{ready.id}",
                                           f"/casework/participants/{blocked.id}")
    for path in ("/casework/", "/casework/?lead=anyone&state=open", "/casework/due", "/casework/failed",
                 "/casework/declined", "/casework/enquiries/new", enquiry_url, f"{enquiry_url}/details",
                 f"{enquiry_url}/close", f"{enquiry_url}/outcomes", f"{enquiry_url}/participants/new",
                 ready_url, blocked_url, f"{ready_url}/edit", f"{ready_url}/phone/new", f"{ready_url}/address/new",
                 f"/casework/contact-points/{contact.id}/safe-contact-check", f"{ready_url}/screening",
                 f"{ready_url}/consent", f"{ready_url}/withdraw", f"{ready_url}/erase", f"{blocked_url}/schedule",
                 f"{ready_url}/schedule",
                 f"{blocked_url}?lang=ur"):
        yield path, client.get(path)
    yield "register error", client.post("/casework/enquiries/new", data={"opened_on": ["", "", ""]})
    yield "outcomes error", client.post(f"{enquiry_url}/outcomes", data={"outcomes_asked": "asked_expressed"})
    yield "participant error", client.post(f"{enquiry_url}/participants/new", data={"who": "cousin"})
    yield "address error", client.post(f"{ready_url}/address/new", data={"postcode": "x"})
    yield "safe check error", client.post(f"/casework/contact-points/{contact.id}/safe-contact-check",
                                          data={"safe_from": "9"})
    yield "screening error", client.post(f"{ready_url}/screening", data={})
    yield "blocked schedule", client.post(f"{blocked_url}/schedule", data=after_closure())
    yield "late schedule", client.post(f"{ready_url}/schedule", data=after_closure(80))


def test_casework_pages_are_valid_html(signed_in, session, council, practitioner, tmp_path):
    assert shutil.which("java"), "Java is needed for the HTML checker: apt-get install default-jre-headless"
    assert VNU.exists(), f"{VNU} is missing: run `npm ci`"
    files = {}
    for index, (name, response) in enumerate(_pages(signed_in.client, session, council, practitioner)):
        assert response.status_code == 200, (name, response.status_code)
        path = tmp_path / f"page{index}.html"
        path.write_bytes(response.get_data())
        files[str(path)] = name
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{files.get(m.get('url', '').replace('file:', ''), m.get('url'))}: {m['message']} "
              f"({m.get('extract', '')[:80]!r})" for m in messages if m.get("type") == "error"]
    assert errors == []
