"""The W3C Nu HTML checker (vnu.jar from npm, run with Java) finds no errors on the pages."""
import json
import shutil
import subprocess
from pathlib import Path

from feedback_app.models import Role

from .factories import create_organisation, create_user
from .respond.conftest import Invited, answer

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _pages(app, session):
    invited = Invited(session)
    person = app.test_client()
    person.get(invited.link)
    yield "start", person.get("/questionnaire")
    yield "question", person.get("/questionnaire/q/consent")
    yield "question error", person.post("/questionnaire/q/consent", data={"question": "consent"})
    for key, choice in [("consent", "yes"), ("who", "adult"), ("listened", "yes"), ("involved", "yes"),
                        ("respect", "yes"), ("safer", "yes"), ("happy_now", "yes"), ("contact_safety", "yes"),
                        ("quote_ok", "yes")]:
        answer(person, key, choice)
    yield "free text", person.get("/questionnaire/q/own_words")
    answer(person, "own_words", text="Thank you")
    yield "check answers", person.get("/questionnaire/check")
    yield "withdraw", person.get("/questionnaire/withdraw")
    yield "delete", person.get("/questionnaire/delete")
    person.post("/questionnaire/check")
    yield "confirmation", person.get("/questionnaire/sent")
    yield "link not working", person.get("/s/unknown")
    for language in ("cy", "ur"):
        yield f"start {language}", person.get(f"/s/unknown?lang={language}")

    council = create_organisation(session)
    admin = create_user(session, council, role=Role.ADMIN, password="a long enough password")
    staff = app.test_client()
    yield "sign in", staff.get("/login")
    yield "sign in error", staff.post("/login", data={"email": "", "password": ""})
    staff.post("/login", data={"email": admin.email, "password": "a long enough password"})
    for path in ("/", "/admin/users", "/admin/users/invite", "/admin/organisation", "/admin/languages",
                 "/admin/recordings", "/admin/recordings/listened/cy/adult/audio", "/no-such-page"):
        yield path, staff.get(path)
    yield "languages error", staff.post("/admin/languages", data={"languages": ["pl", "fr"]})
    yield "recording error", staff.post("/admin/recordings/listened/cy/adult/bsl", data={"transcript": ""},
                                        content_type="multipart/form-data")
    yield from _paper_pages(app, session, council)
    yield from _assist_pages(app, session, council)


def _assist_pages(app, session, council):
    from datetime import date

    from feedback_app.models import OrganisationKind, Partnership
    from tests.assist.conftest import ready_person, visit

    partner = create_organisation(session, kind=OrganisationKind.ADVOCACY)
    session.add(Partnership(council_id=council.id, partner_id=partner.id))
    session.commit()
    password = "a long enough password"
    advocate = create_user(session, partner, role=Role.ADVOCATE, password=password)
    admin = create_user(session, partner, role=Role.ADMIN, password=password)
    practitioner = create_user(session, council, role=Role.PRACTITIONER, password=password)
    analyst = create_user(session, council, role=Role.ANALYST, password=password)
    person = ready_person(session, council, language="ur")
    assignment = visit(session, person, partner, advocate)
    visit(session, ready_person(session, council), partner, None)
    staff = app.test_client()
    staff.post("/login", data={"email": advocate.email, "password": password})
    base = f"/assist/people/{assignment.id}"
    yield "assist home", staff.get("/assist/")
    yield "assist person", staff.get(base)
    yield "assist start", staff.get(f"{base}/start")
    yield "assist start errors", staff.post(f"{base}/start", data={})
    yield "assist declined", staff.get(f"{base}/declined")
    yield "assist unreachable", staff.get(f"{base}/unreachable")
    today = date.today()
    staff.post(f"{base}/start", data={"mode": "supported", "asked_by": "independent", "present": "yes",
                                      "on": [str(today.day), str(today.month), str(today.year)]})
    yield "assist question", staff.get(f"{base}/q/consent")
    yield "assist question error", staff.post(f"{base}/q/consent", data={"question": "consent"})
    for key in ("consent", "listened", "involved", "respect", "safer", "happy_now", "contact_safety", "quote_ok"):
        staff.post(f"{base}/q/{key}", data={"question": key, "answer": "yes" if key != "contact_safety" else "no"})
    yield "assist free text", staff.get(f"{base}/q/own_words")
    staff.post(f"{base}/q/own_words", data={"question": "own_words", "words": "Kind"})
    yield "assist check", staff.get(f"{base}/check")
    partner_admin = app.test_client()
    partner_admin.post("/login", data={"email": admin.email, "password": password})
    yield "assist team", partner_admin.get("/assist/team")
    council_staff = app.test_client()
    council_staff.post("/login", data={"email": practitioner.email, "password": password})
    yield "participant with a visit", council_staff.get(f"/casework/participants/{person.id}")
    yield "ask a partner", council_staff.get(f"/casework/participants/{ready_person(session, council).id}/partner")
    yield "telephone", council_staff.get(f"/casework/participants/{ready_person(session, council).id}/telephone")
    reports = app.test_client()
    reports.post("/login", data={"email": analyst.email, "password": password})
    yield "samples", reports.get("/reports/samples")
    from feedback_app.reports.periods import quarter_of
    yield "samples preview", reports.post("/reports/samples", data={
        "quarter": quarter_of(today).slug, "margin": "10", "response_rate": "50", "action": "preview"})


def _paper_pages(app, session, council):
    from datetime import date

    from feedback_app.models import BatchStatus, PaperBatch
    from feedback_app.paper.keying import Keyed, save_keying
    from tests.paper.conftest import paper_invitation

    person = app.test_client()
    yield "paper code page", person.get("/p")
    yield "paper code page error", person.post("/p", data={"code": "AAAA-AAAA"})
    practitioner = create_user(session, council, role=Role.PRACTITIONER, password="a long enough password")
    other = create_user(session, council, role=Role.PRACTITIONER, password="a long enough password")
    staff = app.test_client()
    staff.post("/login", data={"email": practitioner.email, "password": "a long enough password"})
    invitation, differing = paper_invitation(session, council), paper_invitation(session, council)
    yield "key", staff.get("/paper/key")
    yield "key error", staff.post("/paper/key", data={"code": "not a code"})
    yield "key form", staff.get(f"/paper/key/{invitation.id}")
    yield "key form errors", staff.post(f"/paper/key/{invitation.id}", data={"q-consent": "yes"})
    council.settings = {**(council.settings or {}), "second_keying": True}
    session.commit()
    for user, listened in ((practitioner, "yes"), (other, "no")):
        save_keying(session, differing, {"consent": Keyed("yes"), "listened": Keyed(listened)},
                    received_on=date.today(), user=user, council=council)
    yield "settle", staff.get(f"/paper/key/{differing.id}/settle")
    batch = PaperBatch(organisation_id=council.id, batch_date=date.today(), status=BatchStatus.READY, form_count=0)
    session.add(batch)
    session.commit()
    yield "batches", staff.get("/paper/batches")
    yield "batch", staff.get(f"/paper/batches/{batch.id}")


def test_pages_are_valid_html(app, session, tmp_path):
    assert shutil.which("java"), "Java is needed for the HTML checker: apt-get install default-jre-headless"
    assert VNU.exists(), f"{VNU} is missing: run `npm ci`"
    files = {}
    for index, (name, response) in enumerate(_pages(app, session)):
        assert response.status_code in (200, 400, 404), (name, response.status_code)
        path = tmp_path / f"page{index}.html"
        path.write_bytes(response.get_data())
        files[str(path)] = name
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{files.get(m.get('url', '').replace('file:', ''), m.get('url'))}: {m['message']} ({m.get('extract', '')[:80]!r})"
              for m in messages if m.get("type") == "error"]
    assert errors == []
