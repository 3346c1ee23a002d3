import pytest

from feedback_app.auth.cli import create_user_command
from feedback_app.auth.passwords import verify_password
from feedback_app.models import OrganisationKind
from tests.factories import create_organisation, create_user

from .fixtures import PASSWORD, audit_events


@pytest.fixture
def council(records):
    return create_organisation(records, slug="northshire")


def _create_user(app, *args):
    return app.test_cli_runner().invoke(create_user_command, list(args))


def _user(records, email):
    from feedback_app.auth.accounts import find_user_by_email

    records.expire_all()
    return find_user_by_email(records, email)


def test_creates_a_user_with_the_given_password(app, records, council):
    result = _create_user(app, "--email", "Sam.Lee@Northshire.example.org", "--name", "Sam Lee",
                          "--organisation", "northshire", "--role", "admin", "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert result.output == "Created admin sam.lee@northshire.example.org in northshire.\n"
    user = _user(records, "sam.lee@northshire.example.org")
    assert user.name == "Sam Lee" and user.active
    assert [(m.organisation_id, m.role.value) for m in user.memberships] == [(council.id, "admin")]
    assert verify_password(user.password_hash, PASSWORD)
    [event] = audit_events(records, "user_created")
    assert (event.target_id, event.organisation_id, event.user_id) == (user.id, council.id, None)


def test_generates_and_prints_a_strong_password_when_none_is_given(app, client_request, records, council):
    result = _create_user(app, "--email", "sam@northshire.example.org", "--name", "Sam Lee",
                          "--organisation", "northshire", "--role", "practitioner")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Created practitioner sam@northshire.example.org in northshire."
    label, password = lines[1].split(" ")
    assert label == "Password:" and len(password) >= 20
    client_request.post("/login", {"email": "sam@northshire.example.org", "password": password})


@pytest.mark.parametrize("option, value, message", [
    ("--organisation", "southshire", "Error: No organisation has the slug 'southshire'."),
    ("--role", "boss", "Error: Unknown role 'boss'; choose one of admin, practitioner, analyst, duty, "
                       "advocate, national."),
    ("--role", "advocate", "Error: The role 'advocate' does not apply to a council organisation; "
                           "choose one of admin, practitioner, analyst, duty."),
    ("--email", "sam.northshire", "Error: 'sam.northshire' is not a valid email address: "),
    ("--email", "sam@", "Error: 'sam@' is not a valid email address: "),
    ("--password", "short", "Error: The password must be between 12 and 256 characters."),
    ("--name", "  ", "Error: The name must be between 1 and 200 characters."),
])
def test_each_mistake_gets_a_one_line_error(app, records, council, option, value, message):
    arguments = {"--email": "sam@northshire.example.org", "--name": "Sam Lee",
                 "--organisation": "northshire", "--role": "analyst", "--password": PASSWORD}
    arguments[option] = value
    result = _create_user(app, *[part for pair in arguments.items() for part in pair])
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1, result.output
    assert _user(records, "sam@northshire.example.org") is None


def test_a_duplicate_email_is_refused_whatever_its_case(app, records, council):
    create_user(records, council, email="sam@northshire.example.org")
    result = _create_user(app, "--email", "SAM@northshire.example.org", "--name", "Sam Again",
                          "--organisation", "northshire", "--role", "analyst")
    assert result.exit_code == 1
    assert result.output == "Error: A user with the email address sam@northshire.example.org already exists.\n"


def test_roles_follow_the_kind_of_organisation(app, records):
    create_organisation(records, slug="nationwide", kind=OrganisationKind.NATIONAL)
    result = _create_user(app, "--email", "viewer@example.org", "--name", "Viewer",
                          "--organisation", "nationwide", "--role", "national")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("password, reason", [
    ("password12345", "too common or too simple"),
    ("sam.lee is me, ok", "email address or the organisation's name"),
])
def test_a_password_anyone_could_guess_is_refused(app, records, council, password, reason):
    result = _create_user(app, "--email", "Sam.Lee@Northshire.example.org", "--name", "Sam Lee",
                          "--organisation", "northshire", "--role", "admin", "--password", password)
    assert result.exit_code == 1 and reason in result.output and "Leave --password out" in result.output
    assert _user(records, "sam.lee@northshire.example.org") is None
