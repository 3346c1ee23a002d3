import re

from sqlalchemy import func, select

from feedback_app.models import Invitation, InvitationStatus, Organisation, QuarterlyReturn, User
from feedback_app.tokens import hash_token

LOGIN = re.compile(r"^login (admin|practitioner|analyst|duty|advocate|national) (\S+@\S+) (\S+) ([a-z0-9-]+)$")
LINK = re.compile(r"^survey-link (https?://\S+/s/\S+) ([a-z]{2}) (adult|representative)$")
PAPER = re.compile(r"^paper-code ([A-Z0-9]{4}-[A-Z0-9]{4})$")
SMS_PHONE = re.compile(r"^sms-phone (\+\d{8,15}) ([a-z]{2})$")


def _run(runner):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_demo_data_prints_the_contract_lines(runner, session):
    lines = _run(runner)
    logins = [LOGIN.match(line).groups() for line in lines if line.startswith("login ")]
    links = [LINK.match(line).groups() for line in lines if line.startswith("survey-link ")]
    papers = [PAPER.match(line).group(1) for line in lines if line.startswith("paper-code ")]
    roles = {(role, slug) for role, _, _, slug in logins}
    for council in ("northshire", "southbay"):
        for role in ("admin", "practitioner", "analyst", "duty"):
            assert (role, council) in roles
    assert {role for role, *_ in logins} >= {"advocate", "national"}
    assert {(language, who) for _, language, who in links} >= {("en", "adult"), ("cy", "adult"), ("en", "representative")}
    assert papers
    # Only the hash of each link's token is stored.
    for url, _, _ in links:
        token = url.rsplit("/", 1)[1]
        invitation = session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
        assert invitation is not None and invitation.status == InvitationStatus.SENT
        assert token not in (invitation.token_hash or "")


def test_demo_data_is_idempotent_with_new_passwords_and_links(runner, session, client):
    first = _run(runner)
    counts = (session.scalar(select(func.count(Organisation.id))), session.scalar(select(func.count(User.id))))
    second = _run(runner)
    session.expire_all()
    assert counts == (session.scalar(select(func.count(Organisation.id))), session.scalar(select(func.count(User.id))))
    passwords_first = {m.group(2): m.group(3) for m in map(LOGIN.match, first) if m}
    passwords_second = {m.group(2): m.group(3) for m in map(LOGIN.match, second) if m}
    assert passwords_first.keys() == passwords_second.keys()
    assert all(passwords_first[e] != passwords_second[e] for e in passwords_first)
    # The newest password signs in; the old one no longer does.
    email = next(e for e in passwords_second if e.startswith("practitioner@northshire"))
    assert client.post("/login", data={"email": email, "password": passwords_first[email]}).status_code == 200
    response = client.post("/login", data={"email": email, "password": passwords_second[email]})
    assert response.status_code == 302
    # Links printed earlier are cancelled: only the latest ones work.
    old_tokens = [LINK.match(line).group(1).rsplit("/", 1)[1] for line in first if line.startswith("survey-link")]
    for token in old_tokens:
        invitation = session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
        assert invitation.status == InvitationStatus.CANCELLED


def test_demo_user_sees_their_organisation(runner, client):
    lines = _run(runner)
    role, email, password, slug = next(LOGIN.match(l).groups() for l in lines if l.startswith("login admin") and "southbay" in l)
    client.post("/login", data={"email": email, "password": password})
    page = client.get("/")
    assert page.status_code == 200
    assert "Southbay Borough Council" in page.get_data(as_text=True)
    assert "Northshire" not in page.get_data(as_text=True)


def test_make_run_refuses_to_touch_a_database_of_real_organisations(runner, session):
    from tests.factories import create_organisation

    create_organisation(session, name="A Real Council", slug="real-council")
    result = runner.invoke(args=["demo-data", "--if-safe"])
    assert result.exit_code == 0
    assert "Not loading demo data" in result.output
    assert session.scalar(select(func.count(Organisation.id))) == 1


def test_create_organisation_command(runner, session):
    result = runner.invoke(args=["create-organisation", "--slug", "eastmoor", "--name", "Eastmoor Council",
                                 "--ons-code", "E06000777"])
    assert result.exit_code == 0, result.output
    assert session.scalar(select(Organisation).where(Organisation.slug == "eastmoor")).ons_code == "E06000777"
    for args, message in (
        (["--slug", "eastmoor", "--name", "Again", "--ons-code", "E06000778"], "already exists"),
        (["--slug", "Bad Slug!", "--name", "X", "--ons-code", "E06000778"], "--slug"),
        (["--slug", "westmoor", "--name", "X", "--ons-code", "123"], "--ons-code"),
        (["--slug", "westmoor", "--name", "X"], "--ons-code is required"),
    ):
        result = runner.invoke(args=["create-organisation", *args])
        assert result.exit_code != 0 and message in result.output, result.output


def test_demo_data_has_a_person_part_way_into_a_questionnaire_by_text(runner, session):
    from feedback_app.models import Answer, ConversationStatus, Response, TextConversation

    lines = _run(runner)
    phones = [SMS_PHONE.match(line).groups() for line in lines if line.startswith("sms-phone ")]
    assert phones == [("+447700900314", "en")]
    _run(runner)  # again: still one conversation open on that phone, part way through
    session.expire_all()
    live = session.scalars(select(TextConversation).where(TextConversation.status == ConversationStatus.OPEN)).all()
    assert len(live) == 1 and live[0].question_key == "listened"
    response = session.scalar(select(Response).where(Response.invitation_id == live[0].invitation_id))
    answers = dict(session.execute(select(Answer.question_key, Answer.choice_key)
                                   .where(Answer.response_id == response.id)).all())
    assert answers == {"consent": "yes", "who": "adult"} and response.channel.value == "sms"


def test_the_paper_code_is_a_welsh_form_to_key_and_a_letter_waits_for_the_post_room(runner, session):
    from feedback_app.models import Channel, PaperBatch, Participant
    from feedback_app.tokens import has_valid_check

    lines = _run(runner)
    [code] = [PAPER.match(line).group(1) for line in lines if line.startswith("paper-code ")]
    assert has_valid_check(code)
    invitation = session.scalar(select(Invitation).where(Invitation.reference_code == code))
    assert invitation.status == InvitationStatus.SENT and invitation.channel == Channel.PAPER
    assert session.get(Participant, invitation.participant_id).language == "cy"
    result = runner.invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    assert "batched 1, batches 1" in result.output
    session.expire_all()
    [batch] = session.scalars(select(PaperBatch)).all()
    assert batch.form_count == 1 and batch.pdf


def test_the_demo_advocate_has_people_to_visit_and_nobody_else(runner, session, client):
    from feedback_app.models import Assignment

    lines = _run(runner)
    _role, email, password, _slug = next(LOGIN.match(l).groups() for l in lines if l.startswith("login advocate"))
    assert any(l.startswith("login admin ") and l.endswith(" northshire-advocacy") for l in lines)
    client.post("/login", data={"email": email, "password": password})
    home = client.get("/assist/").get_data(as_text=True)
    advocate = session.scalar(select(User).where(User.email == email))
    mine = session.scalars(select(Assignment).where(Assignment.advocate_id == advocate.id,
                                                    Assignment.ended_at.is_(None))).all()
    assert len(mine) == 2
    for assignment in mine:
        assert assignment.reference in home
        assert client.get(f"/assist/people/{assignment.id}").status_code == 200
    # One waits for the service's admin to give it to someone: not the advocate's to see.
    waiting = session.scalar(select(Assignment).where(Assignment.advocate_id.is_(None), Assignment.ended_at.is_(None),
                                                      Assignment.sample_id.is_(None)))
    assert waiting is not None and waiting.reference not in home
    assert client.get(f"/assist/people/{waiting.id}").status_code == 404
    assert client.get("/casework/").status_code == 404
    # Walked again, the demo still has two visits to make.
    _run(runner)
    session.expire_all()
    assert session.scalar(select(func.count(Assignment.id)).where(Assignment.advocate_id == advocate.id,
                                                                  Assignment.ended_at.is_(None))) == 2


def test_the_demo_practitioner_sees_their_own_work_in_every_list(runner, client):
    lines = _run(runner)
    _role, email, password, _slug = next(LOGIN.match(l).groups() for l in lines
                                        if l.startswith("login practitioner") and l.endswith(" northshire"))
    client.post("/login", data={"email": email, "password": password})
    from tests.pages import parse
    for path in ("/casework/", "/casework/due", "/casework/waiting", "/casework/answered", "/casework/declined",
                 "/casework/failed"):
        page = parse(client.get(path).get_data(as_text=True))
        rows = page.findall(".//tbody/tr")
        assert rows, f"{path} is empty for the demo practitioner"


def test_the_comparison_has_final_returns_to_show_and_a_council_still_to_make_final(runner, session):
    from datetime import date

    from feedback_app.reports.benchmark import benchmark_figures
    from feedback_app.reports.periods import quarter_of

    _run(runner)
    _run(runner)  # a second run makes no second version
    northshire, southbay = (session.scalar(select(Organisation).where(Organisation.slug == slug))
                            for slug in ("northshire", "southbay"))
    last = quarter_of(date.today()).previous()
    compared = benchmark_figures(session, [northshire.id, southbay.id], last)
    assert compared.organisation_ids == (southbay.id,) and compared.missing == (northshire.id,)
    earlier = benchmark_figures(session, [northshire.id, southbay.id], last.previous())
    assert set(earlier.organisation_ids) == {northshire.id, southbay.id}
    assert session.scalar(select(func.count()).select_from(QuarterlyReturn)) == 3
